import { beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/access/index.ts';
import { importWorkerDeps } from '../../src/background.ts';
import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import { SimulatedPopulationRegister } from '../../src/identification/simulated-register.ts';
import { importQueue } from '../../src/imports/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { backgroundOf, getImport, putImport, row, silentLogger } from '../imports/helpers.ts';
import { serviceToken } from '../support/access.ts';
import {
  API,
  createOrganisations,
  createTestApp,
  type Organisations,
  serviceUser,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';
import { auditOf, insertPerson, personById, sweep, uniqueHetu } from './helpers.ts';

const registered = { hetu: uniqueHetu(), etunimet: 'Reetta', sukunimi: 'Rekisterissä' };
const renamed = { hetu: uniqueHetu(), etunimet: 'Nimi', sukunimi: 'Toinen' };
const passivatedHetu = { hetu: uniqueHetu(), etunimet: 'Vanha', sukunimi: 'Hetu', passivoitu: true };

type Auth = { authorization: string };
interface Item {
  oid: string;
  syy: string;
  tuotu: string;
  tuoja: { oid: string | null; nimi: string | null };
  organisaatio: { oid: string; nimi: string };
}

describeEachDatabase('error list', (database) => {
  let t: TestApp;
  let orgs: Organisations;
  const as = {} as Record<'school' | 'provider' | 'other' | 'keeper' | 'schoolReader', Auth>;
  const listed = {} as Record<'schoolFailed' | 'schoolHetuless' | 'providerMismatch' | 'otherFailed', string>;
  const db = () => t.services.db;

  // Service users: tokens are simpler to hold than sessions; the rules and scopes are the same.
  const client = (org: string, roles: Role[]): Promise<Auth> => serviceToken(t.services, org, roles);
  const list = async (auth: Auth, query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `${API}/virhelista${query}`, headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; page: number; count: number; total: number };
  };
  const oids = (page: { items: Item[] }) => page.items.map((i) => i.oid).sort();

  beforeAll(async () => {
    t = await createTestApp(database(), {
      register: new SimulatedPopulationRegister([registered, renamed, passivatedHetu]),
    });
    orgs = await createOrganisations(t.services);
    as.school = await client(orgs.school, ['OPPIJOIDENTUONTI']);
    as.schoolReader = await client(orgs.school, ['TUONTIDATA_READ']);
    as.provider = await client(orgs.provider, ['HENKILON_RU']);
    as.other = await client(orgs.other, ['OPPIJOIDENTUONTI', 'HENKILON_RU', 'TUONTIDATA_READ']);
    as.keeper = await client(ROOT_ORGANISATION_OID, ['REKISTERINPITAJA']);

    const at = (organisationOid: string, p: { hetu?: string | null; etunimet: string; sukunimi: string }) =>
      insertPerson(db(), { ...p, organisationOid, createdBy: 'importer-oid' });
    listed.schoolFailed = (
      await at(orgs.school, { hetu: uniqueHetu(), etunimet: 'Eeva', sukunimi: 'Epäonninen' })
    ).oid;
    listed.schoolHetuless = (
      await at(orgs.school, { hetu: null, etunimet: 'Hanna', sukunimi: 'Hetuton' })
    ).oid;
    listed.providerMismatch = (
      await at(orgs.provider, { hetu: renamed.hetu, etunimet: 'Väärä', sukunimi: 'Nimi' })
    ).oid;
    listed.otherFailed = (
      await at(orgs.other, { hetu: passivatedHetu.hetu, etunimet: 'Vanha', sukunimi: 'Hetu' })
    ).oid;
    // Not listed: identified, waiting, passivated.
    await at(orgs.school, { ...registered });
    const passive = await at(orgs.school, { hetu: null, etunimet: 'Passi', sukunimi: 'Voitu' });
    await db().updateTable('persons').set({ passivated: true }).where('id', '=', passive.id).execute();
    await sweep(t.services);
    await at(orgs.school, { hetu: uniqueHetu(), etunimet: 'Kesken', sukunimi: 'Oleva' });
    return () => t.close();
  });

  it('a sub-organisation sees its own persons, its parent the children too, another provider none of them', async () => {
    const school = await list(as.school);
    expect(oids(school)).toEqual([listed.schoolFailed, listed.schoolHetuless].sort());
    expect(oids(await list(as.schoolReader))).toEqual(oids(school));
    expect(oids(await list(as.provider))).toEqual(
      [listed.schoolFailed, listed.schoolHetuless, listed.providerMismatch].sort(),
    );
    expect(oids(await list(as.other))).toEqual([listed.otherFailed]);
    const keeper = await list(as.keeper);
    expect(oids(keeper)).toEqual(expect.arrayContaining(Object.values(listed)));
    // Narrowed to a subtree: the parent looks at the school only; another provider's subtree gives nothing.
    expect(oids(await list(as.provider, `?organisaatio=${orgs.school}`))).toEqual(oids(school));
    expect((await list(as.school, `?organisaatio=${orgs.other}`)).total).toBe(0);
  });

  it('each row says why, when and by whom, and where; a search by name or OID; paging', async () => {
    const all = await list(as.provider);
    const byOid = new Map(all.items.map((i) => [i.oid, i]));
    expect(byOid.get(listed.schoolFailed)).toMatchObject({
      syy: 'HETU_EI_VTJ',
      tila: 'VIRHE',
      tuoja: { oid: 'importer-oid' },
      organisaatio: { oid: orgs.school, nimi: 'School' },
    });
    expect(byOid.get(listed.schoolHetuless)).toMatchObject({ syy: 'HETU_PUUTTUU', tila: 'HETU_PUUTTUU' });
    expect(byOid.get(listed.providerMismatch)).toMatchObject({
      syy: 'NIMET_EIVAT_TASMAA',
      organisaatio: { oid: orgs.provider },
    });
    expect((await list(as.keeper)).items.find((i) => i.oid === listed.otherFailed)).toMatchObject({
      syy: 'HETU_PASSIVOITU',
    });
    expect(new Date(byOid.get(listed.schoolFailed)!.tuotu).getTime()).toBeLessThanOrEqual(Date.now());

    expect(oids(await list(as.provider, '?haku=hetuton'))).toEqual([listed.schoolHetuless]);
    expect(oids(await list(as.provider, `?haku=${listed.providerMismatch}`))).toEqual([
      listed.providerMismatch,
    ]);
    expect((await list(as.other, `?haku=${listed.schoolFailed}`)).total).toBe(0);

    const first = await list(as.provider, '?page=1&count=2');
    const second = await list(as.provider, '?page=2&count=2');
    expect(first).toMatchObject({ page: 1, count: 2, total: 3 });
    expect(first.items).toHaveLength(2);
    expect(second.items).toHaveLength(1);
    expect(new Set([...oids(first), ...oids(second)]).size).toBe(3);
    // Newest first.
    expect(first.items[0]!.tuotu >= first.items[1]!.tuotu).toBe(true);
    // Reading the list is reading personal data: on record.
    expect(await auditOf(db(), listed.schoolHetuless, 'PERSON_READ')).not.toHaveLength(0);
    const bad = await t.app.inject({ method: 'GET', url: `${API}/virhelista?count=0`, headers: as.school });
    expect(bad.statusCode).toBe(400);
  });

  it('the summary counts the same persons the list shows', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `${API}/virhelista/yhteenveto`,
      headers: as.school,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ onnistuneet: 1, virheet: 2, keskeneraiset: 1, yhteensa: 4 });
    const provider = await t.app.inject({
      method: 'GET',
      url: `${API}/virhelista/yhteenveto`,
      headers: as.provider,
    });
    expect(provider.json()).toMatchObject({ virheet: (await list(as.provider)).total });
  });

  it("officials with TUONTIDATA_READ drill down into their organisations' imports, read-only", async () => {
    const importer = await serviceUser(t, orgs.school, ['OPPIJOIDENTUONTI']);
    const accepted = await putImport(t, importer, 'oppija', {
      henkilot: [
        row('r1', {
          passinumero: 'D1',
          etunimet: 'Dora',
          kutsumanimi: 'Dora',
          sukunimi: 'Drill',
          kansalaisuus: ['999'],
        }),
      ],
    });
    const id = accepted.json().id as number;
    const work = backgroundOf(t);
    await work.runner.runUntilIdle();
    await work.stop();
    const get = (auth: Auth, url: string, method: 'GET' | 'POST' = 'GET') =>
      t.app.inject({ method, url: `${API}${url}`, headers: auth });
    const results = await get(as.schoolReader, `/oppija/tuonti=${id}`);
    expect(results.statusCode, results.body).toBe(200);
    expect(results.json().henkilot).toHaveLength(1);
    expect((await get(as.schoolReader, `/oppija/tuonti=${id}/perustiedot`)).json()).toMatchObject({
      kasitelty: true,
    });
    const listedImports = (await get(as.schoolReader, '/tuonnit?count=50')).json().items as { id: number }[];
    expect(listedImports.map((i) => i.id)).toContain(id);
    // Another provider's reader: not its import; nobody resumes an import with a read right.
    expect((await get(as.other, `/oppija/tuonti=${id}`)).statusCode).toBe(403);
    expect(
      ((await get(as.other, '/tuonnit?count=50')).json().items as { id: number }[]).map((i) => i.id),
    ).not.toContain(id);
    expect((await get(as.schoolReader, `/oppija/tuonti=${id}`, 'POST')).statusCode).toBe(403);
  });

  it('a handled person leaves the list: identified by hand, or its hetu corrected', async () => {
    const person = await insertPerson(db(), {
      hetu: null,
      etunimet: 'Käsin',
      sukunimi: 'Yksilöitävä',
      organisationOid: orgs.school,
    });
    const manual = await client(orgs.school, ['MANUAALINEN_YKSILOINTI', 'OPPIJOIDENTUONTI']);
    expect(oids(await list(manual, '?haku=yksilöitävä'))).toEqual([person.oid]);
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/henkilo/${person.oid}/yksiloi`,
      headers: manual,
      payload: {
        etunimet: 'Käsin',
        kutsumanimi: 'Käsin',
        sukunimi: 'Yksilöitävä',
        syntymaaika: '2001-01-01',
        sukupuoli: '1',
        aidinkieli: 'fi',
        kansalaisuus: ['752'],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await list(manual, '?haku=yksilöitävä')).total).toBe(0);
  });
});

describeEachDatabase('import notification after identification', (database) => {
  let t: TestApp;
  const inRegister = { hetu: uniqueHetu(), etunimet: 'Ilona', sukunimi: 'Ilmoitettava' };
  const quiet = { hetu: uniqueHetu(), etunimet: 'Hiljainen', sukunimi: 'Tuonti' };

  beforeAll(async () => {
    t = await createTestApp(database(), {
      register: new SimulatedPopulationRegister([inRegister, quiet]),
      env: { ONR_PUBLIC_URL: 'https://onr.example' },
    });
    return () => t.close();
  });

  const mailOf = (id: number) =>
    t.services.db.selectFrom('mail_outbox').selectAll().where('topic', '=', `import:${id}`).execute();

  it('goes out once, after the new persons were tried, and counts failed identifications and the hetuless', async () => {
    const orgs = await createOrganisations(t.services, ' mail');
    const importer = await serviceUser(t, orgs.school, ['OPPIJOIDENTUONTI']);
    const unknownHetu = uniqueHetu();
    const accepted = await putImport(t, importer, 'oppija', {
      sahkoposti: 'rehtori@koulu.example',
      henkilot: [
        row('ok', {
          hetu: inRegister.hetu,
          etunimet: 'Ilona',
          kutsumanimi: 'Ilona',
          sukunimi: 'Ilmoitettava',
          kansalaisuus: ['246'],
        }),
        row('unknown', {
          hetu: unknownHetu,
          etunimet: 'Outi',
          kutsumanimi: 'Outi',
          sukunimi: 'Olematon',
          kansalaisuus: ['246'],
        }),
        row('hetuless', {
          passinumero: 'P1234',
          etunimet: 'Pia',
          kutsumanimi: 'Pia',
          sukunimi: 'Passi',
          kansalaisuus: ['752'],
        }),
      ],
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const id = accepted.json().id as number;
    // The import is processed, but its persons have not been tried yet: no mail.
    const importOnly = new JobRunner(t.services.db, { logger: silentLogger });
    importOnly.addQueue(importQueue(importWorkerDeps(t.services)));
    await importOnly.runUntilIdle();
    expect((await getImport(t, importer, 'oppija', id, '/perustiedot')).json().kasitelty).toBe(true);
    expect(await mailOf(id)).toEqual([]);
    await importOnly.stop();
    // Identification runs (and with it the mail).
    const work = backgroundOf(t);
    await work.runner.runUntilIdle();
    const mails = await mailOf(id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toMatch(/yksilöinti epäonnistui\s+1/);
    expect(mails[0]!.body).toMatch(/ilman hetua \(yksilöitävä\)\s+1/);
    expect(mails[0]!.body).not.toContain(unknownHetu);
    expect(mails[0]!.body).not.toContain('Olematon');
    const created = await t.services.db
      .selectFrom('persons')
      .select(['id', 'identified_vtj', 'import_id'])
      .where('hetu', '=', inRegister.hetu)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({ identified_vtj: true, import_id: id });
    // Nothing more for this import, whatever runs again.
    await work.runner.runUntilIdle();
    await sweep(t.services);
    expect(await mailOf(id)).toHaveLength(1);
    expect((await personById(t.services.db, created.id)).identified_vtj).toBe(true);
    await work.stop();
  });

  it('no mail when every new person was identified and no row needs handling', async () => {
    const orgs = await createOrganisations(t.services, ' quiet');
    const importer = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI']);
    const accepted = await putImport(t, importer, 'yleistunniste', {
      sahkoposti: 'rehtori@koulu.example',
      henkilot: [row('ok', { ...quiet, kutsumanimi: 'Hiljainen' })],
    });
    const id = accepted.json().id as number;
    const work = backgroundOf(t);
    await work.runner.runUntilIdle();
    expect(await mailOf(id)).toEqual([]);
    await work.stop();
  });
});
