/**
 * Wire compatibility of the mass import (SPEC §7a; REFERENCE-API.md §2.2, §2.3, §3.5), through the
 * HTTP API on PGlite and PostgreSQL. The cases are the reference's own facts: its DTO constraints
 * (OppijaTuontiCreateDto, OppijaTuontiRiviCreateDto, YleistunnisteInput, HenkiloExistenceCheckDto),
 * the post-validator (OppijaTuontiCreatePostValidator: code lists, 246 needs a hetu), the cases of
 * OppijaTuontiCreateDtoTest and YleistunnisteControllerTest, the matching order of
 * OppijaTuontiServiceImpl and the answer shapes of OppijaReadDto and FilteredResult.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import {
  type Client,
  countPersons,
  freshHetu,
  getImport,
  importWorkOf,
  insertPerson,
  putImport,
} from '../imports/helpers.ts';
import { createOrganisations, createTestApp, serviceUser, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

const OID = /^1\.2\.246\.562\.98\.\d{11}$/;

describeEachDatabase('compatibility: PUT /oppija and PUT /yleistunniste', (database) => {
  let t: TestApp;
  let importer: Client;
  let work: ReturnType<typeof importWorkOf>;
  const db = () => t.services.db;
  const importCount = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from imports`.execute(db())).rows[0]!.n);

  beforeAll(async () => {
    t = await createTestApp(database());
    const orgs = await createOrganisations(t.services, ' compat');
    importer = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    work = importWorkOf(t);
    return async () => {
      await work.stop();
      await t.close();
    };
  });

  /** The reference's valid OppijaTuontiCreateDto (OppijaTuontiCreateDtoTest.getValid), with a real code. */
  const validOppija = () => ({
    sahkoposti: 'test@test.test',
    henkilot: [
      {
        tunniste: 'testi',
        henkilo: {
          hetu: freshHetu(),
          etunimet: 'testi',
          kutsumanimi: 'testi',
          sukunimi: 'testi',
          kansalaisuus: [{ koodi: '246' }],
        },
      },
    ],
  });
  type OppijaBody = ReturnType<typeof validOppija> & Record<string, unknown>;
  const henkiloOf = (body: OppijaBody) => body.henkilot[0]!.henkilo as Record<string, unknown>;

  // OppijaTuontiCreateDtoTest, case by case: the mutation of the valid body and the field the
  // reference names (null: valid).
  const oppijaCases: [string, (b: OppijaBody) => void, string | null][] = [
    ['should be valid', () => {}, null],
    [
      'notification email may be null',
      (b) => {
        b.sahkoposti = null as never;
      },
      null,
    ],
    [
      'notification email may not be empty',
      (b) => {
        b.sahkoposti = '';
      },
      'sahkoposti',
    ],
    [
      'notification email is validated',
      (b) => {
        b.sahkoposti = 'makkara';
      },
      'sahkoposti',
    ],
    [
      'henkilot cannot be null',
      (b) => {
        b.henkilot = null as never;
      },
      'henkilot',
    ],
    [
      'henkilot cannot be empty',
      (b) => {
        b.henkilot = [];
      },
      'henkilot',
    ],
    [
      'kansalaisuus cannot be null',
      (b) => {
        henkiloOf(b).kansalaisuus = null;
      },
      'henkilot[0].henkilo.kansalaisuus',
    ],
    [
      'kansalaisuus cannot be empty',
      (b) => {
        henkiloOf(b).kansalaisuus = [];
      },
      'henkilot[0].henkilo.kansalaisuus',
    ],
    [
      'kansalaisuus cannot hold null',
      (b) => {
        henkiloOf(b).kansalaisuus = [null];
      },
      'henkilot[0].henkilo.kansalaisuus[0]',
    ],
    [
      'kansalaisuus cannot hold nulls',
      (b) => {
        henkiloOf(b).kansalaisuus = [{ koodi: '246' }, null];
      },
      'henkilot[0].henkilo.kansalaisuus[1]',
    ],
    [
      'kansalaisuus koodi cannot be null',
      (b) => {
        henkiloOf(b).kansalaisuus = [{}];
      },
      'henkilot[0].henkilo.kansalaisuus[0]',
    ],
    [
      'sukupuoli koodi cannot be null',
      (b) => {
        henkiloOf(b).sukupuoli = {};
      },
      'henkilot[0].henkilo.sukupuoli',
    ],
    [
      'aidinkieli koodi cannot be null',
      (b) => {
        henkiloOf(b).aidinkieli = {};
      },
      'henkilot[0].henkilo.aidinkieli',
    ],
    [
      'requires one of oid/hetu/passinumero/sahkoposti',
      (b) => Object.assign(henkiloOf(b), { hetu: null, kansalaisuus: [{ koodi: '999' }] }),
      'henkilot[0].henkilo',
    ],
    [
      'requires one of (oid given)',
      (b) => Object.assign(henkiloOf(b), { hetu: null, oid: 'oid', kansalaisuus: [{ koodi: '999' }] }),
      null,
    ],
    [
      'requires one of (reject empty oid)',
      (b) => Object.assign(henkiloOf(b), { hetu: null, oid: '', kansalaisuus: [{ koodi: '999' }] }),
      'henkilot[0].henkilo.oid',
    ],
    [
      'requires one of (passinumero given)',
      (b) =>
        Object.assign(henkiloOf(b), {
          hetu: null,
          passinumero: 'passinumero',
          kansalaisuus: [{ koodi: '999' }],
        }),
      null,
    ],
    [
      'requires one of (reject empty passinumero)',
      (b) => Object.assign(henkiloOf(b), { hetu: null, passinumero: '', kansalaisuus: [{ koodi: '999' }] }),
      'henkilot[0].henkilo.passinumero',
    ],
    [
      'requires one of (empty string given as email)',
      (b) => Object.assign(henkiloOf(b), { hetu: null, sahkoposti: '', kansalaisuus: [{ koodi: '999' }] }),
      'henkilot[0].henkilo.sahkoposti',
    ],
    [
      'requires one of (incorrect email)',
      (b) =>
        Object.assign(henkiloOf(b), { hetu: null, sahkoposti: 'makkara', kansalaisuus: [{ koodi: '999' }] }),
      'henkilot[0].henkilo.sahkoposti',
    ],
    [
      'requires one of (formally correct email)',
      (b) =>
        Object.assign(henkiloOf(b), {
          hetu: null,
          sahkoposti: 'test@test.test',
          kansalaisuus: [{ koodi: '999' }],
        }),
      null,
    ],
    [
      'etunimet cannot be null',
      (b) => {
        henkiloOf(b).etunimet = null;
      },
      'henkilot[0].henkilo.etunimet',
    ],
    [
      'etunimet cannot be empty',
      (b) => {
        henkiloOf(b).etunimet = '';
      },
      'henkilot[0].henkilo.etunimet',
    ],
    [
      'sukunimi cannot be null',
      (b) => {
        henkiloOf(b).sukunimi = null;
      },
      'henkilot[0].henkilo.sukunimi',
    ],
    [
      'sukunimi cannot be empty',
      (b) => {
        henkiloOf(b).sukunimi = '';
      },
      'henkilot[0].henkilo.sukunimi',
    ],
    [
      'kutsumanimi cannot be null',
      (b) => {
        henkiloOf(b).kutsumanimi = null;
      },
      'henkilot[0].henkilo.kutsumanimi',
    ],
    [
      'kutsumanimi cannot be empty',
      (b) => {
        henkiloOf(b).kutsumanimi = '';
      },
      'henkilot[0].henkilo.kutsumanimi',
    ],
    // OppijaTuontiCreatePostValidator: code lists and "246 needs a hetu".
    [
      'unknown sukupuoli code',
      (b) => {
        henkiloOf(b).sukupuoli = { koodi: '3' };
      },
      'henkilot[0].henkilo.sukupuoli',
    ],
    [
      'unknown aidinkieli code',
      (b) => {
        henkiloOf(b).aidinkieli = { koodi: 'XY' };
      },
      'henkilot[0].henkilo.aidinkieli',
    ],
    [
      'unknown kansalaisuus code',
      (b) => {
        henkiloOf(b).kansalaisuus = [{ koodi: '246' }, { koodi: '000' }];
      },
      'henkilot[0].henkilo.kansalaisuus',
    ],
    [
      'a Finnish citizen needs a hetu',
      (b) => Object.assign(henkiloOf(b), { hetu: null, passinumero: 'P1' }),
      'henkilot[0].henkilo.hetu',
    ],
    [
      'an invalid hetu (@ValidateHetu)',
      (b) => {
        henkiloOf(b).hetu = '170897-935X';
      },
      'henkilot[0].henkilo.hetu',
    ],
    // No name-format or kutsumanimi rule on /oppija rows (the reference creates these persons).
    [
      'kutsumanimi not among the first names (the reference fixture "Uuno"/"Yksikkö")',
      (b) => Object.assign(henkiloOf(b), { etunimet: 'Uuno', kutsumanimi: 'Yksikkö' }),
      null,
    ],
    [
      'a kutsumanimi of two words',
      (b) => Object.assign(henkiloOf(b), { etunimet: 'Anna Liisa', kutsumanimi: 'Anna Liisa' }),
      null,
    ],
    [
      'names with digits and punctuation',
      (b) => Object.assign(henkiloOf(b), { etunimet: 'X Æ A-12', sukunimi: "O'Brien-St.John" }),
      null,
    ],
    // Plain strings where the reference has code objects (an extension), language codes in any case.
    [
      'plain string codes, lower-case language',
      (b) =>
        Object.assign(henkiloOf(b), {
          sukupuoli: '2',
          aidinkieli: 'sv',
          kansalaisuus: ['246', { koodi: '752' }],
        }),
      null,
    ],
    [
      'upper-case language as the code list spells it',
      (b) => {
        henkiloOf(b).aidinkieli = { koodi: 'FI' };
      },
      null,
    ],
  ];

  it.each(oppijaCases)('PUT /oppija: %s', async (_name, mutate, field) => {
    const body = validOppija() as OppijaBody;
    mutate(body);
    const before = await importCount();
    const res = await putImport(t, importer, 'oppija', body);
    if (field === null) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        id: expect.any(Number),
        kasiteltavia: 1,
        kasiteltyja: 0,
        kasitelty: false,
      });
    } else {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, error: 'Bad Request' });
      expect(res.json().fieldErrors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await importCount()).toBe(before);
    }
  });

  /** YleistunnisteControllerTest's valid input (its own test hetu), with a fresh hetu per call. */
  const validYleistunniste = () => ({
    sahkoposti: 'example@example.com',
    henkilot: [
      {
        tunniste: 'henkilo1',
        henkilo: { hetu: freshHetu(), etunimet: 'etu', kutsumanimi: 'etu', sukunimi: 'suku' },
      },
    ],
  });
  type YlBody = ReturnType<typeof validYleistunniste> & Record<string, unknown>;
  const yleistunnisteCases: [string, (b: YlBody) => void, string | null][] = [
    ['putOppijaShouldWork', () => {}, null],
    [
      'putOppijaShouldWorkWithoutSahkoposti',
      (b) => void delete (b as { sahkoposti?: string }).sahkoposti,
      null,
    ],
    // @Email alone: an empty address is no address.
    [
      'an empty sahkoposti is none',
      (b) => {
        b.sahkoposti = '';
      },
      null,
    ],
    [
      'putOppijaShouldValidateSahkoposti',
      (b) => {
        b.sahkoposti = 'lsdkjd';
      },
      'sahkoposti',
    ],
    [
      'putOppijaShouldRequireHenkilot',
      (b) => {
        b.henkilot = null as never;
      },
      'henkilot',
    ],
    [
      'putOppijaShouldContainHenkilot',
      (b) => {
        b.henkilot = [];
      },
      'henkilot',
    ],
    [
      'putOppijaShouldValidateHetu',
      (b) => {
        b.henkilot[0]!.henkilo.hetu = 'hetu1';
      },
      'henkilot[0].henkilo.hetu',
    ],
    [
      'putOppijaShouldValidateHenkilo',
      (b) => {
        b.henkilot[0]!.henkilo.hetu = null as never;
      },
      'henkilot[0].henkilo.hetu',
    ],
    [
      'putOppijaShouldValidateEmptyHetu',
      (b) => {
        b.henkilot[0]!.henkilo.hetu = '';
      },
      'henkilot[0].henkilo.hetu',
    ],
    [
      'tunniste is required (@NotBlank)',
      (b) => void delete (b.henkilot[0] as { tunniste?: string }).tunniste,
      'henkilot[0].tunniste',
    ],
    [
      'tunniste must not be blank',
      (b) => {
        b.henkilot[0]!.tunniste = '  ';
      },
      'henkilot[0].tunniste',
    ],
    [
      'henkilo is required',
      (b) => void delete (b.henkilot[0] as { henkilo?: unknown }).henkilo,
      'henkilot[0].henkilo',
    ],
    [
      'names are runs of visible characters separated by single spaces',
      (b) => {
        b.henkilot[0]!.henkilo.etunimet = 'etu  toinen';
      },
      'henkilot[0].henkilo.etunimet',
    ],
    [
      'sukunimi cannot be empty',
      (b) => {
        b.henkilot[0]!.henkilo.sukunimi = '';
      },
      'henkilot[0].henkilo.sukunimi',
    ],
  ];

  it.each(yleistunnisteCases)('PUT /yleistunniste: %s', async (_name, mutate, field) => {
    const body = validYleistunniste() as YlBody;
    mutate(body);
    const before = await importCount();
    const res = await putImport(t, importer, 'yleistunniste', body);
    if (field === null) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        id: expect.any(Number),
        kasiteltavia: 1,
        kasiteltyja: 0,
        kasitelty: false,
      });
    } else {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().fieldErrors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await importCount()).toBe(before);
    }
  });

  it('names each broken row of a long request, and stores nothing of it', async () => {
    const hetus = Array.from({ length: 6 }, () => freshHetu());
    const henkilot = hetus.map((hetu, i) => ({
      tunniste: `r${i}`,
      henkilo: {
        hetu,
        etunimet: 'Aino',
        kutsumanimi: 'Aino',
        sukunimi: 'Rivi',
        kansalaisuus: [{ koodi: '246' }],
      },
    }));
    henkilot[3]!.henkilo.hetu = `${hetus[3]!.slice(0, 10)}#`;
    (henkilot[5]!.henkilo as Record<string, unknown>).kansalaisuus = [];
    const res = await putImport(t, importer, 'oppija', { henkilot });
    expect(res.statusCode).toBe(400);
    expect(res.json().fieldErrors).toEqual([
      { field: 'henkilot[3].henkilo.hetu', message: expect.any(String) },
      { field: 'henkilot[5].henkilo.kansalaisuus', message: 'must not be empty' },
    ]);
    expect(res.json().message).toContain('2 of 6 rows');
    for (const hetu of hetus) expect(await countPersons(db(), hetu)).toBe(0);
  });

  it('the opt-in row-error mode (rivivirheet=true) processes the good rows and reports the others', async () => {
    const good = freshHetu();
    const res = await putImport(
      t,
      importer,
      'oppija',
      {
        henkilot: [
          {
            tunniste: 'good',
            henkilo: {
              hetu: good,
              etunimet: 'Hyvä',
              kutsumanimi: 'Hyvä',
              sukunimi: 'Rivi',
              kansalaisuus: ['246'],
            },
          },
          {
            tunniste: 'bad',
            henkilo: {
              hetu: 'x',
              etunimet: 'Huono',
              kutsumanimi: 'Huono',
              sukunimi: 'Rivi',
              kansalaisuus: ['246'],
            },
          },
        ],
      },
      'rivivirheet=true',
    );
    expect(res.statusCode).toBe(200);
    await work.runner.runUntilIdle();
    const results = (await getImport(t, importer, 'oppija', res.json().id)).json();
    expect(results.henkilot[0].henkilo.oid).toMatch(OID);
    expect(results.henkilot[1]).toEqual({
      tunniste: 'bad',
      virhe: { field: 'henkilo.hetu', message: expect.any(String) },
    });
    expect(await countPersons(db(), good)).toBe(1);
  });

  it('GET /oppija/tuonti={id}: rows carry the reference’s OppijaReadDto', async () => {
    const hetu = makeHetu('2003-04-05', 402, 'A');
    const existing = await insertPerson(db(), {
      hetu: freshHetu(),
      etunimet: 'Kerttu Olga',
      sukunimi: 'Kotikunta',
    });
    await sql`update persons set home_municipality = '091', mother_tongue = 'fi', nationalities = '{246}',
      sex = '2', birth_date = '1999-12-31', protection_order = false where id = ${existing.id}`.execute(db());
    const guarded = await insertPerson(db(), { hetu: freshHetu(), etunimet: 'Turva', sukunimi: 'Kielto' });
    await sql`update persons set home_municipality = '091', protection_order = true where id = ${guarded.id}`.execute(
      db(),
    );
    const accepted = await putImport(t, importer, 'oppija', {
      henkilot: [
        {
          tunniste: 'new',
          henkilo: {
            hetu,
            etunimet: 'Sara Maria',
            kutsumanimi: 'Sara',
            sukunimi: 'Svensson',
            sukupuoli: { koodi: '1' },
            aidinkieli: { koodi: 'SV' },
            kansalaisuus: [{ koodi: '752' }, { koodi: '246' }],
          },
        },
        {
          tunniste: 'existing',
          henkilo: {
            oid: existing.oid,
            etunimet: 'Kerttu',
            kutsumanimi: 'Kerttu',
            sukunimi: 'Kotikunta',
            kansalaisuus: ['246'],
            hetu: freshHetu(),
          },
        },
        {
          tunniste: 'guarded',
          henkilo: {
            oid: guarded.oid,
            etunimet: 'Turva',
            kutsumanimi: 'Turva',
            sukunimi: 'Kielto',
            kansalaisuus: ['999'],
          },
        },
      ],
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    await work.runner.runUntilIdle();
    const body = (await getImport(t, importer, 'oppija', accepted.json().id)).json();
    const [created, found, hidden] = body.henkilot;
    // Field names, order and JSON types of OppijaReadDto; dates as epoch milliseconds.
    expect(Object.keys(created.henkilo)).toEqual([
      'oid',
      'oppijanumero',
      'luotu',
      'muokattu',
      'hetu',
      'etunimet',
      'kutsumanimi',
      'sukunimi',
      'syntymaaika',
      'sukupuoli',
      'aidinkieli',
      'kansalaisuus',
      'kotikunta',
      'yhteystiedotRyhma',
      'passivoitu',
      'linked',
    ]);
    expect(created).toEqual({
      tunniste: 'new',
      henkilo: {
        oid: expect.stringMatching(OID),
        oppijanumero: null,
        luotu: expect.any(Number),
        muokattu: expect.any(Number),
        hetu,
        etunimet: 'Sara Maria',
        kutsumanimi: 'Sara',
        sukunimi: 'Svensson',
        // A valid hetu decides birth date and sex (402: even, female).
        syntymaaika: '2003-04-05',
        sukupuoli: { koodi: '2', nimi: { FI: 'nainen', SV: 'kvinna', EN: 'female' } },
        aidinkieli: { koodi: 'SV', nimi: { FI: 'ruotsi', SV: 'svenska', EN: 'Swedish' } },
        kansalaisuus: [
          { koodi: '752', nimi: { FI: 'Ruotsi', SV: 'Sverige', EN: 'Sweden' } },
          { koodi: '246', nimi: { FI: 'Suomi', SV: 'Finland', EN: 'Finland' } },
        ],
        kotikunta: null,
        yhteystiedotRyhma: [],
        passivoitu: false,
        linked: [],
      },
    });
    expect(Math.abs(created.henkilo.luotu - Date.now())).toBeLessThan(60_000);
    // An OID hit wins over the (other) hetu of the row; its data is the registry's.
    expect(found.henkilo).toMatchObject({
      oid: existing.oid,
      etunimet: 'Kerttu Olga',
      syntymaaika: '1999-12-31',
      kotikunta: { koodi: '091', nimi: { FI: 'Helsinki', SV: 'Helsingfors', EN: 'Helsinki' } },
      aidinkieli: { koodi: 'FI', nimi: { FI: 'suomi', SV: 'finska', EN: 'Finnish' } },
      linked: [],
    });
    expect(found.conflict).toBeUndefined();
    // A protection order hides the home municipality.
    expect(hidden.henkilo).toMatchObject({ oid: guarded.oid, kotikunta: null });
  });

  it('an OID that matches nobody falls through to hetu, then passport, then e-mail', async () => {
    const nobody = '1.2.246.562.24.14857097582';
    const hetu = freshHetu();
    const byHetu = await insertPerson(db(), { hetu, etunimet: 'Heta', sukunimi: 'Hetullinen' });
    const byPassport = await insertPerson(db(), {
      etunimet: 'Pasi',
      sukunimi: 'Passillinen',
      passport: 'PP991',
    });
    const byEmail = await insertPerson(db(), {
      etunimet: 'Essi',
      sukunimi: 'Postillinen',
      email: 'essi@example.fi',
    });
    const row = (tunniste: string, henkilo: Record<string, unknown>) => ({
      tunniste,
      henkilo: { oid: nobody, kansalaisuus: [{ koodi: '999' }], ...henkilo },
    });
    const accepted = await putImport(t, importer, 'oppija', {
      henkilot: [
        row('hetu', { hetu, etunimet: 'Heta', kutsumanimi: 'Heta', sukunimi: 'Hetullinen' }),
        row('passport', {
          passinumero: 'PP991',
          etunimet: 'Pasi',
          kutsumanimi: 'Pasi',
          sukunimi: 'Passillinen',
        }),
        row('email', {
          sahkoposti: 'essi@example.fi',
          etunimet: 'Essi',
          kutsumanimi: 'Essi',
          sukunimi: 'Postillinen',
        }),
        row('ill-formed', {
          oid: 'not.an.oid',
          sahkoposti: 'essi@example.fi',
          etunimet: 'Essi',
          kutsumanimi: 'Essi',
          sukunimi: 'Postillinen',
        }),
        row('nothing', { etunimet: 'Uusi', kutsumanimi: 'Uusi', sukunimi: 'Henkilö' }),
      ],
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    await work.runner.runUntilIdle();
    const oids = (await getImport(t, importer, 'oppija', accepted.json().id))
      .json()
      .henkilot.map((r: { henkilo: { oid: string } }) => r.henkilo.oid);
    expect(oids.slice(0, 4)).toEqual([byHetu.oid, byPassport.oid, byEmail.oid, byEmail.oid]);
    // Nothing matched: a new person, as in the reference (the row's OID is not given to it).
    expect(oids[4]).toMatch(OID);
    expect([nobody, byHetu.oid, byPassport.oid, byEmail.oid]).not.toContain(oids[4]);
  });

  it.each(['yleistunniste', 'oppija'] as const)(
    '%s: perustiedot and resume answer the reference’s {id, kasiteltavia, kasiteltyja, kasitelty}',
    async (api) => {
      const henkilo = {
        hetu: freshHetu(),
        etunimet: 'Pia',
        kutsumanimi: 'Pia',
        sukunimi: 'Perus',
        kansalaisuus: ['246'],
      };
      const accepted = await putImport(t, importer, api, { henkilot: [{ tunniste: 'p', henkilo }] });
      const { id } = accepted.json();
      await work.runner.runUntilIdle();
      // tuontiPerustiedot.json: exactly these four fields.
      const progress = await getImport(t, importer, api, id, '/perustiedot');
      expect(progress.json()).toEqual({ id, kasiteltavia: 1, kasiteltyja: 1, kasitelty: true });
      const resumed = await t.app.inject({
        method: 'POST',
        url: `/oppijanumerorekisteri-service/${api}/tuonti=${id}`,
        headers: importer.auth,
      });
      expect(resumed.statusCode).toBe(200);
      expect(resumed.json()).toEqual({ id, kasiteltavia: 1, kasiteltyja: 1, kasitelty: true });
      expect((await getImport(t, importer, api, 999_999_999, '/perustiedot')).statusCode).toBe(404);
    },
  );

  it('GET /yleistunniste/tuonti={id}: {oid, oppijanumero, passivoitu, linked} with linked always present', async () => {
    const hetu = freshHetu();
    const accepted = await putImport(t, importer, 'yleistunniste', {
      henkilot: [
        { tunniste: 'a', henkilo: { hetu, etunimet: 'Lauri', kutsumanimi: 'Lauri', sukunimi: 'Linkitön' } },
        // The kutsumanimi rule of single lookups does not apply to import rows (SPEC §7a).
        { tunniste: 'b', henkilo: { hetu, etunimet: 'Lauri', kutsumanimi: 'Lasse', sukunimi: 'Linkitön' } },
      ],
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    await work.runner.runUntilIdle();
    const body = (await getImport(t, importer, 'yleistunniste', accepted.json().id)).json();
    expect(body.henkilot).toEqual([
      {
        tunniste: 'a',
        henkilo: { oid: expect.stringMatching(OID), oppijanumero: null, passivoitu: false, linked: [] },
      },
      { tunniste: 'b', henkilo: body.henkilot[0].henkilo },
    ]);
    // The reference gives persons a yleistunniste import creates the nationality "unknown".
    const created = await db()
      .selectFrom('persons')
      .select('nationalities')
      .where('hetu', '=', hetu)
      .executeTakeFirstOrThrow();
    expect(created.nationalities).toEqual(['999']);
  });
});

describeEachDatabase('compatibility: test hetus in production', (database) => {
  let t: TestApp;
  let importer: Client;
  beforeAll(async () => {
    t = await createTestApp(database(), { environment: 'production' });
    const orgs = await createOrganisations(t.services, ' compat prod');
    importer = await serviceUser(t, orgs.school, ['OPPIJOIDENTUONTI']);
    return () => t.close();
  });

  it('PUT /oppija with a test hetu: 400 naming the row, nothing stored, on the test-data report', async () => {
    const testHetu = makeHetu('2001-01-01', 976, 'A');
    const res = await putImport(t, importer, 'oppija', {
      henkilot: [
        {
          tunniste: 't',
          henkilo: {
            hetu: testHetu,
            etunimet: 'Testi',
            kutsumanimi: 'Testi',
            sukunimi: 'Henkilö',
            kansalaisuus: ['246'],
          },
        },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().fieldErrors).toEqual([
      { field: 'henkilot[0].henkilo.hetu', message: expect.stringContaining('production') },
    ]);
    expect(await t.services.db.selectFrom('imports').select('id').execute()).toEqual([]);
    const report = await t.services.db
      .selectFrom('test_data_reports')
      .selectAll()
      .where('masked_hetu', '=', `${testHetu.slice(0, 7)}****`)
      .execute();
    expect(report).toEqual([
      expect.objectContaining({
        reason: 'TEST_HETU',
        actor_oid: importer.oid,
        endpoint: 'PUT /oppijanumerorekisteri-service/oppija',
      }),
    ]);
  });
});

describeEachDatabase('compatibility: GET /oppija/tuontikooste', (database) => {
  let t: TestApp;
  let importer: Client;
  let other: Client;
  let work: ReturnType<typeof importWorkOf>;
  beforeAll(async () => {
    t = await createTestApp(database());
    const orgs = await createOrganisations(t.services, ' kooste');
    importer = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    other = await serviceUser(t, orgs.other, ['OPPIJOIDENTUONTI']);
    work = importWorkOf(t);
    return async () => {
      await work.stop();
      await t.close();
    };
  });
  const kooste = (client: Client, query = '') =>
    t.app.inject({
      method: 'GET',
      url: `/oppijanumerorekisteri-service/oppija/tuontikooste?${query}`,
      headers: client.auth,
    });

  it('answers the reference’s Spring Data page of tuontikooste rows (kooste-tuonti1.json)', async () => {
    const hetus = [freshHetu(), freshHetu(), freshHetu()];
    const person = (hetu: string, sukunimi: string) => ({
      hetu,
      etunimet: 'Koo',
      kutsumanimi: 'Koo',
      sukunimi,
    });
    const existing = await insertPerson(t.services.db, {
      hetu: hetus[2]!,
      etunimet: 'Eri Nimi',
      sukunimi: 'Toinen',
    });
    await sql`update persons set identified_vtj = true where id = ${existing.id}`.execute(t.services.db);
    const first = await putImport(t, importer, 'oppija', {
      henkilot: [
        { tunniste: 'a', henkilo: { ...person(hetus[0]!, 'Kooste'), kansalaisuus: ['246'] } },
        // Found, identified (a success), with other names (a conflict).
        { tunniste: 'c', henkilo: { ...person(hetus[2]!, 'Kooste'), kansalaisuus: ['246'] } },
      ],
    });
    await work.runner.runUntilIdle();
    const second = await putImport(t, importer, 'yleistunniste', {
      henkilot: [{ tunniste: 'b', henkilo: person(hetus[1]!, 'Kooste') }],
    });
    const res = await kooste(importer);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'content',
        'empty',
        'first',
        'last',
        'number',
        'numberOfElements',
        'pageable',
        'size',
        'sort',
        'totalElements',
        'totalPages',
      ].sort(),
    );
    expect(body).toMatchObject({
      number: 0,
      size: 20,
      totalElements: 2,
      totalPages: 1,
      numberOfElements: 2,
      first: true,
      last: true,
      empty: false,
      pageable: { pageNumber: 0, pageSize: 20, offset: 0, paged: true, unpaged: false },
      sort: { sorted: true, unsorted: false, empty: false },
    });
    // Newest first (sort DESC by timestamp); the second one is not processed yet.
    expect(body.content).toEqual([
      {
        id: second.json().id,
        oid: importer.oid,
        author: importer.clientId,
        timestamp: expect.any(Number),
        total: 1,
        inProgress: 1,
        successful: 0,
        failures: 1,
        conflicts: 0,
        api: 'YLEISTUNNISTE',
      },
      expect.objectContaining({
        id: first.json().id,
        total: 2,
        inProgress: 0,
        successful: 1,
        failures: 1,
        conflicts: 1,
        api: 'OPPIJA',
      }),
    ]);
    const ascending = (await kooste(importer, 'sort=ASC&field=id')).json();
    expect(ascending.content.map((r: { id: number }) => r.id)).toEqual([first.json().id, second.json().id]);
    const paged = (await kooste(importer, 'page=2&pageSize=1')).json();
    expect(paged).toMatchObject({
      number: 1,
      size: 1,
      totalPages: 2,
      first: false,
      last: true,
      numberOfElements: 1,
    });
    expect((await kooste(importer, `id=${first.json().id}`)).json().totalElements).toBe(1);
    expect((await kooste(importer, `author=${importer.clientId.toUpperCase()}`)).json().totalElements).toBe(
      2,
    );
    expect((await kooste(importer, 'author=%25')).json().totalElements).toBe(0);
    expect((await kooste(other)).json()).toMatchObject({ totalElements: 0, empty: true, content: [] });
    expect((await kooste(importer, 'field=hetu')).statusCode).toBe(400);
    expect((await kooste(importer, 'pageSize=0')).statusCode).toBe(400);
  });
});
