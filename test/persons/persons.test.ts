import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/access/index.ts';
import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import { SimulatedPopulationRegister } from '../../src/identification/simulated-register.ts';
import { auditOf, insertPerson, personById, sweep, uniqueHetu } from '../identification/helpers.ts';
import { serviceToken } from '../support/access.ts';
import { API, createOrganisations, createTestApp, type Organisations, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

const known = {
  hetu: uniqueHetu({ birthDate: '2006-06-06' }),
  etunimet: 'Kalle Kustaa',
  sukunimi: 'Koivisto',
};
const secret = {
  hetu: uniqueHetu(),
  etunimet: 'Salla',
  sukunimi: 'Salainen',
  kotikunta: '091',
  turvakielto: true,
};
const corrected = { hetu: uniqueHetu({ birthDate: '2007-07-07' }), etunimet: 'Eero', sukunimi: 'Esimerkki' };

type Auth = { authorization: string };

describeEachDatabase('officials person endpoints', (database) => {
  let t: TestApp;
  let orgs: Organisations;
  const as = {} as Record<'school' | 'provider' | 'other' | 'reader' | 'keeper' | 'keeperReader', Auth>;
  const db = () => t.services.db;

  // Service users: tokens are simpler to hold than sessions; the rules and scopes are the same.
  const client = (org: string, roles: Role[]): Promise<Auth> => serviceToken(t.services, org, roles);

  const call = (auth: Auth, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url: `${API}${url}`, headers: auth, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp(database(), {
      register: new SimulatedPopulationRegister([known, secret, corrected]),
    });
    orgs = await createOrganisations(t.services);
    as.school = await client(orgs.school, [
      'HENKILON_RU',
      'MANUAALINEN_YKSILOINTI',
      'VTJ_VERTAILUNAKYMA',
      'YLEISTUNNISTE_LUONTI',
    ]);
    as.provider = await client(orgs.provider, ['HENKILON_RU']);
    as.other = await client(orgs.other, ['HENKILON_RU', 'MANUAALINEN_YKSILOINTI', 'VTJ_VERTAILUNAKYMA']);
    as.reader = await client(orgs.school, ['TUONTIDATA_READ']);
    as.keeper = await client(ROOT_ORGANISATION_OID, ['REKISTERINPITAJA']);
    as.keeperReader = await client(ROOT_ORGANISATION_OID, ['REKISTERINPITAJA_READ']);
    return () => t.close();
  });

  const schoolPerson = (p: { hetu?: string | null; etunimet: string; sukunimi: string }) =>
    insertPerson(db(), { ...p, organisationOid: orgs.school });

  it('the person page: data, state and organisations; audited as a read; 404 outside the scope', async () => {
    const person = await schoolPerson({ hetu: uniqueHetu(), etunimet: 'Liisa Maria', sukunimi: 'Lukija' });
    const res = await call(as.school, 'GET', `/henkilo/${person.oid}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      oid: person.oid,
      oppijanumero: null,
      hetu: person.hetu,
      kaikkiHetut: [person.hetu],
      etunimet: 'Liisa Maria',
      kutsumanimi: 'Liisa',
      tila: 'KESKEN',
      yksilointivirhe: null,
      master: null,
      linkitetyt: [],
      organisaatiot: [{ oid: orgs.school, nimi: 'School', lisaaja: null }],
      createdBy: 'test',
    });
    const reads = await auditOf(db(), person.oid, 'PERSON_READ');
    expect(reads).toHaveLength(1);
    // The provider above the school sees it; a reader with TUONTIDATA_READ too; another provider does not.
    expect((await call(as.provider, 'GET', `/henkilo/${person.oid}`)).statusCode).toBe(200);
    expect((await call(as.reader, 'GET', `/henkilo/${person.oid}`)).statusCode).toBe(200);
    const other = await call(as.other, 'GET', `/henkilo/${person.oid}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().message).not.toContain('Lukija');
    expect((await call(as.school, 'GET', '/henkilo/1.2.246.562.98.00000000000')).statusCode).toBe(404);
    // The reader may read, not change.
    expect((await call(as.reader, 'PUT', `/henkilo/${person.oid}`, { aidinkieli: 'sv' })).statusCode).toBe(
      403,
    );
  });

  it('identification errors on the page; a protection order hides the home municipality but from the registry keeper', async () => {
    const failing = await schoolPerson({ hetu: uniqueHetu(), etunimet: 'Ei', sukunimi: 'Löydy' });
    const hidden = await schoolPerson({ hetu: secret.hetu, etunimet: 'Salla', sukunimi: 'Salainen' });
    await sweep(t.services);
    const page = (await call(as.school, 'GET', `/henkilo/${failing.oid}`)).json();
    expect(page).toMatchObject({
      tila: 'VIRHE',
      yksilointiYritetty: true,
      yksilointivirhe: { syy: 'HETU_EI_VTJ', yrityksia: 1, seuraavaYritys: null },
    });
    const protectedPage = (await call(as.school, 'GET', `/henkilo/${hidden.oid}`)).json();
    expect(protectedPage).toMatchObject({
      tila: 'OK',
      oppijanumero: hidden.oid,
      turvakielto: true,
      kotikunta: null,
    });
    expect((await call(as.keeper, 'GET', `/henkilo/${hidden.oid}`)).json()).toMatchObject({
      kotikunta: '091',
    });
  });

  it('update: corrected data with before/after in the audit log; every broken field named; 404 outside', async () => {
    const person = await schoolPerson({ hetu: null, etunimet: 'Paula', sukunimi: 'Päivitettävä' });
    const res = await call(as.school, 'PUT', `/henkilo/${person.oid}`, {
      etunimet: 'Paula Maria',
      aidinkieli: 'SV',
      asiointikieli: 'sv',
      kansalaisuus: ['752'],
      syntymaaika: '2001-02-03',
      sukupuoli: '2',
      passinumerot: ['ab 123'],
      sahkopostit: ['Paula@Example.org'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      etunimet: 'Paula Maria',
      kutsumanimi: 'Paula',
      aidinkieli: 'sv',
      asiointikieli: 'sv',
      kansalaisuus: ['752'],
      syntymaaika: '2001-02-03',
      sukupuoli: '2',
      passinumerot: ['AB123'],
      sahkopostit: ['paula@example.org'],
      tila: 'HETU_PUUTTUU',
    });
    const [audit] = await auditOf(db(), person.oid, 'PERSON_UPDATE');
    expect(audit!.changes).toEqual({
      etunimet: { before: 'Paula', after: 'Paula Maria' },
      aidinkieli: { before: null, after: 'sv' },
      asiointikieli: { before: null, after: 'sv' },
      kansalaisuus: { before: [], after: ['752'] },
      syntymaaika: { before: null, after: '2001-02-03' },
      sukupuoli: { before: null, after: '2' },
      passinumerot: { before: [], after: ['AB123'] },
      sahkopostit: { before: [], after: ['paula@example.org'] },
    });

    const bad = await call(as.school, 'PUT', `/henkilo/${person.oid}`, {
      etunimet: 'Jussi  Pekka',
      kutsumanimi: 'Kalle',
      syntymaaika: '2001-02-30',
      kansalaisuus: ['246'],
      hetu: '010101-0000',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .fieldErrors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['etunimet', 'hetu', 'kansalaisuus', 'kutsumanimi', 'syntymaaika'].sort());
    // New first names without the old kutsumanimi need a new kutsumanimi.
    const nick = await call(as.school, 'PUT', `/henkilo/${person.oid}`, { etunimet: 'Riikka' });
    expect(nick.statusCode).toBe(400);
    expect(nick.json().fieldErrors[0].field).toBe('kutsumanimi');
    expect((await call(as.other, 'PUT', `/henkilo/${person.oid}`, { aidinkieli: 'fi' })).statusCode).toBe(
      404,
    );
  });

  it('a corrected hetu joins the history and queues identification again; a taken hetu is a conflict', async () => {
    const person = await schoolPerson({ hetu: uniqueHetu(), etunimet: 'Eero', sukunimi: 'Esimerkki' });
    await sweep(t.services);
    expect(await personById(db(), person.id)).toMatchObject({ identification_error: 'HETU_EI_VTJ' });

    const res = await call(as.school, 'PUT', `/henkilo/${person.oid}`, { hetu: corrected.hetu });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      hetu: corrected.hetu,
      kaikkiHetut: [person.hetu, corrected.hetu],
      syntymaaika: '2007-07-07',
      tila: 'KESKEN',
      yksilointiYritetty: false,
      yksilointivirhe: null,
    });
    const queued = await personById(db(), person.id);
    expect(queued).toMatchObject({ identification_attempts: 0, identification_attempted: false });
    expect(queued.identification_due_at).not.toBeNull();
    const [audit] = await auditOf(db(), person.oid, 'PERSON_UPDATE');
    expect(audit!.changes.hetu).toEqual({ before: person.hetu, after: corrected.hetu });

    await sweep(t.services);
    expect(await personById(db(), person.id)).toMatchObject({ identified_vtj: true });
    // Identified against the register: names and hetu are the register's now.
    const locked = await call(as.school, 'PUT', `/henkilo/${person.oid}`, { sukunimi: 'Muu' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().message).toContain('identified against the population register');
    expect((await call(as.school, 'PUT', `/henkilo/${person.oid}`, { aidinkieli: 'fi' })).statusCode).toBe(
      200,
    );
    // The kutsumanimi is the person's own choice, not the register's identity data.
    const nickname = await call(as.school, 'PUT', `/henkilo/${person.oid}`, { kutsumanimi: 'Eero' });
    expect(nickname.statusCode).toBe(200);

    const another = await schoolPerson({ hetu: uniqueHetu(), etunimet: 'Toinen', sukunimi: 'Henkilö' });
    const taken = await call(as.school, 'PUT', `/henkilo/${another.oid}`, { hetu: corrected.hetu });
    expect(taken.statusCode).toBe(409);
    // Birth date and sex must agree with the hetu.
    const disagree = await call(as.school, 'PUT', `/henkilo/${another.oid}`, { syntymaaika: '1900-01-01' });
    expect(disagree.statusCode).toBe(400);
  });

  it('register comparison and accepting the register data', async () => {
    const person = await schoolPerson({ hetu: known.hetu, etunimet: 'Pekka', sukunimi: 'Koivisto' });
    const none = await call(as.school, 'GET', `/henkilo/${person.oid}/vtj-vertailu`);
    expect(none.json()).toMatchObject({ vtj: null, haettu: null, erot: [] });
    expect((await call(as.school, 'POST', `/henkilo/${person.oid}/hyvaksy-vtj`)).statusCode).toBe(409);

    await sweep(t.services);
    const comparison = await call(as.school, 'GET', `/henkilo/${person.oid}/vtj-vertailu`);
    expect(comparison.statusCode).toBe(200);
    expect(comparison.json()).toMatchObject({
      rekisteri: { etunimet: 'Pekka', sukunimi: 'Koivisto', syntymaaika: null },
      vtj: {
        etunimet: 'Kalle Kustaa',
        sukunimi: 'Koivisto',
        syntymaaika: '2006-06-06',
        entisetSukunimet: [],
      },
      haettu: expect.any(String),
    });
    expect(comparison.json().erot).toEqual(expect.arrayContaining(['etunimet', 'syntymaaika']));
    expect(comparison.json().erot).not.toContain('sukunimi');
    expect((await call(as.other, 'GET', `/henkilo/${person.oid}/vtj-vertailu`)).statusCode).toBe(404);

    const accepted = await call(as.school, 'POST', `/henkilo/${person.oid}/hyvaksy-vtj`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      etunimet: 'Kalle Kustaa',
      syntymaaika: '2006-06-06',
      yksiloityVTJ: true,
      tila: 'OK',
      oppijanumero: person.oid,
    });
    const identify = (await auditOf(db(), person.oid, 'PERSON_IDENTIFY')).at(-1)!;
    expect(identify).toMatchObject({
      actor_kind: 'service',
      details: { method: 'accepted-register-data', result: 'identified' },
      changes: { etunimet: { before: 'Pekka', after: 'Kalle Kustaa' } },
    });
    expect((await call(as.school, 'POST', `/henkilo/${person.oid}/hyvaksy-vtj`)).statusCode).toBe(409);
  });

  it('manual identification without a hetu: all fields required; 409 with a hetu or when identified', async () => {
    const person = await schoolPerson({ hetu: null, etunimet: 'Ulla', sukunimi: 'Ulkomaalainen' });
    const body = {
      etunimet: 'Ulla Maria',
      kutsumanimi: 'Ulla',
      sukunimi: 'Ulkomaalainen',
      syntymaaika: '2005-05-05',
      sukupuoli: '2',
      aidinkieli: 'en',
      kansalaisuus: ['826'],
    };
    const missing = await call(as.school, 'POST', `/henkilo/${person.oid}/yksiloi`, {
      ...body,
      aidinkieli: undefined,
    });
    expect(missing.statusCode).toBe(400);
    const noNationality = await call(as.school, 'POST', `/henkilo/${person.oid}/yksiloi`, {
      ...body,
      kansalaisuus: [],
    });
    expect(noNationality.statusCode).toBe(400);
    expect(noNationality.json().fieldErrors[0].field).toBe('kansalaisuus');
    expect((await call(as.provider, 'POST', `/henkilo/${person.oid}/yksiloi`, body)).statusCode).toBe(403);
    expect((await call(as.other, 'POST', `/henkilo/${person.oid}/yksiloi`, body)).statusCode).toBe(404);

    const res = await call(as.school, 'POST', `/henkilo/${person.oid}/yksiloi`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      yksiloity: true,
      yksiloityVTJ: false,
      tila: 'OK',
      oppijanumero: person.oid,
      etunimet: 'Ulla Maria',
      kansalaisuus: ['826'],
    });
    const [audit] = await auditOf(db(), person.oid, 'PERSON_IDENTIFY');
    expect(audit).toMatchObject({
      details: { method: 'manual' },
      changes: {
        yksiloity: { before: false, after: true },
        syntymaaika: { before: null, after: '2005-05-05' },
      },
    });
    expect((await call(as.school, 'POST', `/henkilo/${person.oid}/yksiloi`, body)).statusCode).toBe(409);
    const withHetu = await schoolPerson({ hetu: uniqueHetu(), etunimet: 'Hetullinen', sukunimi: 'Henkilö' });
    expect((await call(as.school, 'POST', `/henkilo/${withHetu.oid}/yksiloi`, body)).statusCode).toBe(409);
  });

  it('passivate and reactivate, each audited; a passivated person leaves the identification queue', async () => {
    const person = await schoolPerson({ hetu: uniqueHetu(), etunimet: 'Pasi', sukunimi: 'Passiivinen' });
    const res = await call(as.school, 'POST', `/henkilo/${person.oid}/passivoi`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ passivoitu: true });
    expect((await personById(db(), person.id)).identification_due_at).toBeNull();
    expect((await call(as.school, 'POST', `/henkilo/${person.oid}/passivoi`)).statusCode).toBe(409);
    const [passivation] = await auditOf(db(), person.oid, 'PERSON_PASSIVATE');
    expect(passivation!.changes).toEqual({ passivoitu: { before: false, after: true } });

    const back = await call(as.provider, 'POST', `/henkilo/${person.oid}/aktivoi`);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ passivoitu: false, tila: 'KESKEN' });
    expect((await personById(db(), person.id)).identification_due_at).not.toBeNull();
    expect((await call(as.school, 'POST', `/henkilo/${person.oid}/aktivoi`)).statusCode).toBe(409);
    const [reactivation] = await auditOf(db(), person.oid, 'PERSON_REACTIVATE');
    expect(reactivation!.changes).toEqual({ passivoitu: { before: true, after: false } });
    expect((await call(as.other, 'POST', `/henkilo/${person.oid}/passivoi`)).statusCode).toBe(404);
  });

  it('creates a person without a hetu; the audit trail names who created it, newest first', async () => {
    const body = {
      etunimet: 'Hugo',
      kutsumanimi: 'Hugo',
      sukunimi: 'Hetuton',
      syntymaaika: '2004-04-04',
      sukupuoli: '1',
      kansalaisuus: ['752'],
      aidinkieli: 'sv',
      passinumero: 'X1234567',
      sahkoposti: 'hugo@example.org',
    };
    expect(
      (await call(as.school, 'POST', '/henkilo/ilman-hetua', { ...body, kansalaisuus: ['246'] })).statusCode,
    ).toBe(400);
    expect((await call(as.provider, 'POST', '/henkilo/ilman-hetua', body)).statusCode).toBe(403);
    const res = await call(as.school, 'POST', '/henkilo/ilman-hetua', body);
    expect(res.statusCode, res.body).toBe(201);
    const { oid } = res.json();
    const page = (await call(as.school, 'GET', `/henkilo/${oid}`)).json();
    expect(page).toMatchObject({
      tila: 'HETU_PUUTTUU',
      passinumerot: ['X1234567'],
      sahkopostit: ['hugo@example.org'],
      organisaatiot: [{ oid: orgs.school }],
    });
    // "Created by" names the user, not just its OID: the school's service user created and attached it.
    const creator = await db()
      .selectFrom('users')
      .select(['oid', 'name'])
      .where('oid', '=', page.createdBy)
      .executeTakeFirstOrThrow();
    expect(creator.name).not.toBe('');
    expect(page).toMatchObject({
      createdByName: creator.name,
      organisaatiot: [{ lisaaja: creator.oid, lisaajaNimi: creator.name }],
    });
    await call(as.school, 'PUT', `/henkilo/${oid}`, { asiointikieli: 'sv' });

    const trail = await call(as.school, 'GET', `/henkilo/${oid}/muutokset?count=50`);
    expect(trail.statusCode, trail.body).toBe(200);
    const items = trail.json().items;
    expect(items.map((i: { toiminto: string }) => i.toiminto)).toEqual([
      'PERSON_UPDATE',
      'PERSON_READ',
      'PERSON_CREATE',
    ]);
    expect(items[0].muutokset).toEqual({ asiointikieli: { before: null, after: 'sv' } });
    expect(items.at(-1).tekija).toMatchObject({ oid: expect.any(String), tyyppi: 'service' });
    expect(trail.json()).toMatchObject({ page: 1, count: 50, total: 3 });
    expect((await call(as.other, 'GET', `/henkilo/${oid}/muutokset`)).statusCode).toBe(404);
    // Reading the trail is on record too.
    expect(await auditOf(db(), oid, 'AUDIT_READ')).toHaveLength(1);
  });

  it('search by name, OID or hetu (also an earlier one), within the scope; the registry keeper everywhere', async () => {
    const a = await schoolPerson({ hetu: uniqueHetu(), etunimet: 'Åsa Helena', sukunimi: 'Öberg-Haku' });
    const b = await insertPerson(db(), {
      hetu: null,
      etunimet: 'Asa',
      sukunimi: 'Oberg-Haku',
      organisationOid: orgs.other,
    });
    const byName = await call(as.provider, 'GET', '/henkilo/haku?q=asa%20oberg');
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json().items.map((i: { oid: string }) => i.oid)).toEqual([a.oid]);
    expect(byName.json().items[0]).toMatchObject({ etunimet: 'Åsa Helena', tila: 'KESKEN', hetu: a.hetu });
    const keeper = await call(as.keeperReader, 'GET', '/henkilo/haku?q=haku');
    expect(
      keeper
        .json()
        .items.map((i: { oid: string }) => i.oid)
        .sort(),
    ).toEqual([a.oid, b.oid].sort());
    expect((await call(as.other, 'GET', `/henkilo/haku?q=${a.oid}`)).json().total).toBe(0);
    expect((await call(as.keeper, 'GET', `/henkilo/haku?q=${a.oid}`)).json().total).toBe(1);

    const newHetu = uniqueHetu();
    await sql`update persons set hetu = ${newHetu} where id = ${a.id}`.execute(db());
    await db().insertInto('person_hetus').values({ hetu: newHetu, person_id: a.id }).execute();
    const byOldHetu = await call(as.school, 'GET', `/henkilo/haku?q=${encodeURIComponent(a.hetu!)}`);
    expect(byOldHetu.json().items.map((i: { oid: string }) => i.oid)).toEqual([a.oid]);
    expect((await call(as.school, 'GET', '/henkilo/haku?q=%20')).statusCode).toBe(400);
    expect((await call(as.reader, 'GET', '/henkilo/haku?q=asa')).statusCode).toBe(403);
    const reads = await auditOf(db(), a.oid, 'PERSON_READ');
    expect(reads.length).toBeGreaterThan(0);
  });
});
