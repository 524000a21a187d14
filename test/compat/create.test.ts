/**
 * Compatibility: creating persons with the reference's DTOs (SPEC §7a).
 *
 * - `POST /oppija` (REKISTERINPITAJA, OPPIJOIDENTUONTI): OppijaCreateDto → 200 with the OID as a bare
 *   string. Facts: the cases of the reference's OppijaCreateDtoTest (oppijanumerorekisteri-api), its
 *   valid DTO (testi/testi/testi, 1970-01-01, sukupuoli 1, aidinkieli fi, kansalaisuus 246).
 * - `POST /henkilo` (REKISTERINPITAJA, YLEISTUNNISTE_LUONTI): HenkiloCreateDto → 201 with the OID as
 *   text. Facts: HenkiloControllerTest (createHenkiloFromHenkiloCreateDto and its invalid-hetu and
 *   null-yhteystietoTyyppi cases) and HenkiloCreatePostValidator (a hetu already current or historic
 *   → 400 socialsecuritynr.already.exists; yksiloity with a hetu → 400; codes checked against the
 *   code lists; KutsumanimiValidator).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { isValidOid, ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import {
  type PopulationRegister,
  PopulationRegisterUnavailableError,
} from '../../src/identification/population-register.ts';
import { SimulatedPopulationRegister } from '../../src/identification/simulated-register.ts';
import { makeDue, sweep } from '../identification/helpers.ts';
import { freshHetu } from '../imports/helpers.ts';
import {
  API,
  createOrganisations,
  createTestApp,
  lookupBody,
  PERSONS,
  serviceUser,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

type Client = Awaited<ReturnType<typeof serviceUser>>;

/** The reference's OppijaCreateDtoTest.getValid(). */
const VALID_OPPIJA = {
  etunimet: 'testi',
  kutsumanimi: 'testi',
  sukunimi: 'testi',
  syntymaaika: '1970-01-01',
  sukupuoli: '1',
  aidinkieli: { kieliKoodi: 'fi', kieliTyyppi: 'suomi' },
  kansalaisuus: [{ kansalaisuusKoodi: '246' }],
};

/** The reference's HenkiloControllerTest.createHenkiloFromHenkiloCreateDto body, as Jackson writes it. */
const CONTROLLER_TEST_HENKILO = {
  hetu: '081296-967T',
  passivoitu: false,
  etunimet: 'arpa',
  kutsumanimi: 'arpa',
  sukunimi: 'kuutio',
  aidinkieli: { kieliKoodi: 'fi', kieliTyyppi: 'suomi' },
  asiointiKieli: { kieliKoodi: 'fi', kieliTyyppi: 'suomi' },
  kansalaisuus: [{ kansalaisuusKoodi: '246' }],
  syntymaaika: '1970-10-14',
  sukupuoli: '1',
  kotikunta: null,
  oppijanumero: '1.2.3.4.5',
  turvakielto: null,
  eiSuomalaistaHetua: false,
  yksiloity: false,
  yksiloityVTJ: false,
  yksilointiYritetty: false,
  duplicate: false,
  vtjsynced: null,
  yhteystiedotRyhma: [
    {
      id: null,
      ryhmaKuvaus: 'yhteystietotyyppi4',
      ryhmaAlkuperaTieto: 'alkupera1',
      readOnly: true,
      yhteystieto: [
        { yhteystietoTyyppi: 'YHTEYSTIETO_SAHKOPOSTI', yhteystietoArvo: 'formally.correct@email.address' },
      ],
    },
  ],
  passinumerot: [],
};

describeEachDatabase('compatibility: POST /oppija and POST /henkilo', (database) => {
  let t: TestApp;
  let orgs: Awaited<ReturnType<typeof createOrganisations>>;
  let importer: Client;
  let creator: Client;
  let keeper: Client;

  beforeAll(async () => {
    t = await createTestApp(database());
    orgs = await createOrganisations(t.services);
    importer = await serviceUser(t, orgs.school, ['OPPIJOIDENTUONTI']);
    creator = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI']);
    keeper = await serviceUser(t, ROOT_ORGANISATION_OID, ['REKISTERINPITAJA']);
    return () => t.close();
  });

  const post = (client: Client, path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `${API}${path}`,
      headers: { ...client.auth, ...headers },
      payload: body as object,
    });
  const person = (oid: string) =>
    t.services.db.selectFrom('persons').selectAll().where('oid', '=', oid).executeTakeFirstOrThrow();
  const organisationsOf = async (id: number) =>
    (
      await t.services.db
        .selectFrom('person_organisations')
        .select('organisation_oid')
        .where('person_id', '=', id)
        .execute()
    ).map((r) => r.organisation_oid);
  const countPersons = async () =>
    Number(
      (
        await t.services.db
          .selectFrom('persons')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const fields = (res: { json(): { fieldErrors?: { field: string }[] } }) =>
    (res.json().fieldErrors ?? []).map((f) => f.field);
  /** A unique name, so that the duplicate search of one case finds nobody of another. */
  let serial = 0;
  const uniqueSurname = () => {
    serial += 1;
    return `Luonti${'abcdefghijklmnopqrstuvwxyz'[serial % 26]}${'qwertyuiopasdfghjklzxcvbnm'[Math.floor(serial / 26) % 26]}ström`;
  };

  // --- POST /oppija ----------------------------------------------------------------------------

  it('POST /oppija: the reference’s valid OppijaCreateDto → 200 with the bare OID as text, audited, attached', async () => {
    const res = await post(importer, '/oppija', VALID_OPPIJA, { 'x-request-id': 'oppija-create-1' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const oid = res.body;
    expect(isValidOid(oid)).toBe(true);
    expect(oid).toMatch(/^1\.2\.246\.562\.98\.\d{11}$/);
    const p = await person(oid);
    expect(p).toMatchObject({
      hetu: null,
      first_names: 'testi',
      nickname: 'testi',
      surname: 'testi',
      birth_date: '1970-01-01',
      sex: '1',
      mother_tongue: 'fi',
      nationalities: ['246'],
      identified: false,
      identified_vtj: false,
      created_by: importer.oid,
    });
    expect(await organisationsOf(p.id)).toEqual([orgs.school]);
    const audit = await t.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('request_id', '=', 'oppija-create-1')
      .execute();
    expect(audit.map((a) => [a.operation, a.actor_oid, a.target_oids])).toEqual([
      ['PERSON_CREATE', importer.oid, [oid]],
    ]);
  });

  it.each([
    ['Etunimet cannot be null', { etunimet: null }, 'etunimet'],
    ['Kutsumanimi cannot be null', { kutsumanimi: null }, 'kutsumanimi'],
    ['Sukunimi cannot be null', { sukunimi: null }, 'sukunimi'],
    ['Sukunimi cannot be ""', { sukunimi: '' }, 'sukunimi'],
    ['Syntymäaika must be set', { syntymaaika: null }, 'syntymaaika'],
    ['Kansalaisuus cannot be null', { kansalaisuus: null }, 'kansalaisuus'],
    ['Kansalaisuus cannot be empty', { kansalaisuus: [] }, 'kansalaisuus'],
    // HenkiloCreatePostValidator: koodisto and kutsumanimi.
    ['an unknown sex code', { sukupuoli: '3' }, 'sukupuoli'],
    ['an unknown language', { aidinkieli: { kieliKoodi: 'qq' } }, 'aidinkieli.kieliKoodi'],
    ['an unknown country', { kansalaisuus: [{ kansalaisuusKoodi: '000' }] }, 'kansalaisuus'],
    ['a kutsumanimi not among the first names', { kutsumanimi: 'Pekka' }, 'kutsumanimi'],
    ['a non-existent date', { syntymaaika: '2001-02-30' }, 'syntymaaika'],
  ])('POST /oppija refuses: %s → 400 naming the field, nothing stored', async (_name, change, field) => {
    const before = await countPersons();
    const res = await post(importer, '/oppija', { ...VALID_OPPIJA, ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, error: 'Bad Request' });
    expect(fields(res)).toContain(field);
    expect(await countPersons()).toBe(before);
  });

  it('POST /oppija: codes of the shipped lists — Eritrea, Nepal, languages in any case', async () => {
    const res = await post(importer, '/oppija', {
      ...VALID_OPPIJA,
      sukunimi: uniqueSurname(),
      aidinkieli: { kieliKoodi: 'TI' },
      kansalaisuus: [{ kansalaisuusKoodi: '232' }, { kansalaisuusKoodi: '524' }],
      passinumerot: ['', null, 'er 123456'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = await person(res.body);
    expect(p).toMatchObject({ mother_tongue: 'ti', nationalities: ['232', '524'] });
    const passports = await t.services.db
      .selectFrom('person_passports')
      .select('passport_number')
      .where('person_id', '=', p.id)
      .execute();
    expect(passports).toEqual([{ passport_number: 'ER123456' }]);
  });

  it('POST /oppija: unknown fields are ignored, as the reference’s Jackson ignores them', async () => {
    const res = await post(importer, '/oppija', {
      ...VALID_OPPIJA,
      sukunimi: uniqueSurname(),
      lempivari: 'sininen',
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('POST /oppija: white space in names is tidied (the reference stores it as sent); a NUL is refused', async () => {
    const surname = uniqueSurname();
    const res = await post(importer, '/oppija', {
      ...VALID_OPPIJA,
      etunimet: '  Anna\t Maria ',
      kutsumanimi: ' Anna',
      sukunimi: ` ${surname}\n`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await person(res.body)).toMatchObject({ first_names: 'Anna Maria', nickname: 'Anna', surname });
    const nul = await post(importer, '/oppija', { ...VALID_OPPIJA, sukunimi: 'Nul\u0000' });
    expect(nul.statusCode).toBe(400);
    expect(fields(nul)).toEqual(['sukunimi']);
  });

  it('POST /oppija: kutsumanimi may be consecutive first names (KutsumanimiValidator)', async () => {
    const base = { ...VALID_OPPIJA, etunimet: 'Anna-Liisa Milla', sukunimi: uniqueSurname() };
    expect((await post(importer, '/oppija', { ...base, kutsumanimi: 'Anna Liisa' })).statusCode).toBe(200);
    expect((await post(importer, '/oppija', { ...base, kutsumanimi: 'Liisa Milla' })).statusCode).toBe(200);
    expect((await post(importer, '/oppija', { ...base, kutsumanimi: 'Milla Anna' })).statusCode).toBe(400);
  });

  it('POST /oppija: yksiloity identifies at once — unless the duplicate search finds a candidate', async () => {
    const base = { ...VALID_OPPIJA, etunimet: 'Ilmari', kutsumanimi: 'Ilmari', sukunimi: uniqueSurname() };
    const first = await post(importer, '/oppija', { ...base, syntymaaika: '2004-03-21', yksiloity: true });
    expect(first.statusCode).toBe(200);
    expect(await person(first.body)).toMatchObject({ identified: true });
    const described = await t.app.inject({
      method: 'GET',
      url: `${API}/yleistunniste/hae/${first.body}`,
      headers: creator.auth,
    });
    expect(described.json()).toEqual({
      oid: first.body,
      oppijanumero: first.body,
      passivoitu: false,
      linked: [],
    });
    // The same person again: created, but left for an official to decide.
    const again = await post(importer, '/oppija', { ...base, syntymaaika: '2004-03-21', yksiloity: true });
    expect(again.statusCode).toBe(200);
    expect(again.body).not.toBe(first.body);
    expect(await person(again.body)).toMatchObject({ identified: false });
  });

  it('POST /oppija: the registry keeper may create (attached at the root); a YLEISTUNNISTE_LUONTI caller may not', async () => {
    const res = await post(keeper, '/oppija', { ...VALID_OPPIJA, sukunimi: uniqueSurname() });
    expect(res.statusCode).toBe(200);
    expect(await organisationsOf((await person(res.body)).id)).toEqual([ROOT_ORGANISATION_OID]);
    expect((await post(creator, '/oppija', VALID_OPPIJA)).statusCode).toBe(403);
  });

  // --- POST /henkilo ---------------------------------------------------------------------------

  it('POST /henkilo: the reference’s controller-test body → 201 with the bare OID; queued for identification', async () => {
    const res = await post(creator, '/henkilo', CONTROLLER_TEST_HENKILO);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const p = await person(res.body);
    expect(p).toMatchObject({
      hetu: '081296-967T',
      first_names: 'arpa',
      surname: 'kuutio',
      // Derived from the hetu (SPEC §3), not the given 1970-10-14.
      birth_date: '1996-12-08',
      sex: '1',
      mother_tongue: 'fi',
      contact_language: 'fi',
      nationalities: ['246'],
      identified: false,
      identified_vtj: false,
      created_by: creator.oid,
    });
    // The population register does not know the hetu now: the worker asks it (SPEC §9).
    expect(p.identification_due_at).not.toBeNull();
    expect(await organisationsOf(p.id)).toEqual([orgs.school]);
  });

  it('POST /henkilo: a hetu that is anyone’s current or former hetu → 400 socialsecuritynr.already.exists', async () => {
    const current = await post(creator, '/henkilo', CONTROLLER_TEST_HENKILO);
    expect(current.statusCode).toBe(400);
    expect(current.json().fieldErrors).toEqual([
      expect.objectContaining({
        field: 'hetu',
        code: 'socialsecuritynr.already.exists',
        rejectedValue: '081296-967T',
      }),
    ]);
    const former = freshHetu();
    await sql`insert into person_hetus (hetu, person_id) select ${former}, id from persons limit 1`.execute(
      t.services.db,
    );
    const historic = await post(creator, '/henkilo', { ...CONTROLLER_TEST_HENKILO, hetu: former });
    expect(historic.statusCode).toBe(400);
    expect(historic.json().fieldErrors[0].code).toBe('socialsecuritynr.already.exists');
  });

  it('POST /henkilo: the reference’s invalid cases → 400', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ hetu: 'bad_hetu' }, 'hetu'],
      [
        {
          yhteystiedotRyhma: [
            {
              ryhmaAlkuperaTieto: 'alkupera1',
              yhteystieto: [{ yhteystietoTyyppi: null, yhteystietoArvo: 'x' }],
            },
          ],
        },
        'yhteystiedotRyhma[0].yhteystieto[0].yhteystietoTyyppi',
      ],
      [{ hetu: freshHetu(), yksiloity: true }, 'yksiloity'],
      [{ hetu: freshHetu(), asiointiKieli: { kieliKoodi: 'de' } }, 'asiointiKieli.kieliKoodi'],
      [{ hetu: freshHetu(), kotikunta: '999' }, 'kotikunta'],
      [{ hetu: freshHetu(), etunimet: '' }, 'etunimet'],
      [
        {
          hetu: freshHetu(),
          yhteystiedotRyhma: [
            {
              ryhmaAlkuperaTieto: 'alkupera1',
              yhteystieto: [
                { yhteystietoTyyppi: 'YHTEYSTIETO_SAHKOPOSTI', yhteystietoArvo: 'not an address' },
              ],
            },
          ],
        },
        'yhteystiedotRyhma[0].yhteystieto[0].yhteystietoArvo',
      ],
    ];
    const before = await countPersons();
    for (const [change, field] of cases) {
      const res = await post(creator, '/henkilo', { ...CONTROLLER_TEST_HENKILO, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      // One clear error naming the field.
      expect(fields(res), JSON.stringify(change)).toEqual([field]);
    }
    expect(await countPersons()).toBe(before);
  });

  it('POST /henkilo with the lookup body and a hetu the register knows: identified at once from the register', async () => {
    const res = await post(creator, '/henkilo', lookupBody(PERSONS.soren));
    expect(res.statusCode, res.body).toBe(201);
    expect(await person(res.body)).toMatchObject({
      hetu: PERSONS.soren.hetu,
      identified_vtj: true,
      first_names: 'Søren',
      identification_due_at: null,
    });
    // The reference refuses a repeat (the hetu exists now).
    const again = await post(creator, '/henkilo', lookupBody(PERSONS.soren));
    expect(again.statusCode).toBe(400);
  });

  it('POST /henkilo without a hetu: identified when complete and without duplicate candidates', async () => {
    const complete = {
      etunimet: 'Aster',
      kutsumanimi: 'Aster',
      sukunimi: uniqueSurname(),
      syntymaaika: '2006-09-11',
      sukupuoli: '2',
      aidinkieli: { kieliKoodi: 'ti' },
      kansalaisuus: [{ kansalaisuusKoodi: '232' }],
    };
    const first = await post(creator, '/henkilo', complete);
    expect(first.statusCode, first.body).toBe(201);
    expect(await person(first.body)).toMatchObject({
      hetu: null,
      identified: true,
      identification_due_at: null,
    });
    const duplicate = await post(creator, '/henkilo', complete);
    expect(await person(duplicate.body)).toMatchObject({ identified: false });
    const incomplete = await post(creator, '/henkilo', {
      ...complete,
      sukunimi: uniqueSurname(),
      aidinkieli: null,
    });
    expect(incomplete.statusCode).toBe(201);
    expect(await person(incomplete.body)).toMatchObject({ identified: false });
  });

  it('POST /henkilo: concurrent creations of one new hetu make one person; the others get 400', async () => {
    const hetu = freshHetu();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => post(creator, '/henkilo', { ...CONTROLLER_TEST_HENKILO, hetu })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 400, 400, 400, 400, 400, 400, 400]);
    const rows = await t.services.db.selectFrom('persons').select('oid').where('hetu', '=', hetu).execute();
    expect(rows).toHaveLength(1);
  });

  it('POST /henkilo: an OPPIJOIDENTUONTI-only caller may not (403)', async () => {
    expect((await post(importer, '/henkilo', CONTROLLER_TEST_HENKILO)).statusCode).toBe(403);
  });
});

describeEachDatabase('compatibility: creating persons in production', (database) => {
  let t: TestApp;
  let client: Client;

  beforeAll(async () => {
    t = await createTestApp(database(), {
      environment: 'production',
      register: new SimulatedPopulationRegister([]),
    });
    const orgs = await createOrganisations(t.services, ' prod');
    client = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    return () => t.close();
  });

  it('a test hetu is refused with 400 and recorded on the test-data report, masked', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/henkilo`,
      headers: client.auth,
      payload: CONTROLLER_TEST_HENKILO,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().fieldErrors[0].field).toBe('hetu');
    expect(await t.services.db.selectFrom('persons').select('id').execute()).toEqual([]);
    const report = await t.services.db.selectFrom('test_data_reports').selectAll().execute();
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({ reason: 'TEST_HETU', endpoint: `POST ${API}/henkilo` });
    expect(report[0]!.masked_hetu).not.toContain('967T');
  });

  it('a person created by POST /oppija in production gets a node-24 OID', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/oppija`,
      headers: client.auth,
      payload: { ...VALID_OPPIJA, etunimet: 'Maija', kutsumanimi: 'Maija', sukunimi: 'Meikäläinen' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toMatch(/^1\.2\.246\.562\.24\.\d{11}$/);
    expect(isValidOid(res.body)).toBe(true);
  });
});

/** Any JSON-ish value a client might send for a field. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '2001-02-30',
    '1970-01-01',
    '081296-967T',
    '246',
    '232',
    'fi',
    'FI',
    '1',
    '2',
    '\u0000',
  ),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const anyCodeObject = (key: string) => fc.oneof(anyValue, fc.record({ [key]: anyValue }));
const fieldValue = fc.oneof(
  anyValue,
  anyCodeObject('kieliKoodi'),
  fc.array(anyCodeObject('kansalaisuusKoodi'), { maxLength: 3 }),
  fc.array(
    fc.record({
      ryhmaAlkuperaTieto: anyValue,
      yhteystieto: fc.array(
        fc.record({
          yhteystietoTyyppi: fc.oneof(anyValue, fc.constant('YHTEYSTIETO_SAHKOPOSTI')),
          yhteystietoArvo: anyValue,
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 2 },
  ),
  fc.array(anyValue, { maxLength: 3 }),
);
const DTO_FIELDS = [
  'hetu',
  'etunimet',
  'kutsumanimi',
  'sukunimi',
  'syntymaaika',
  'sukupuoli',
  'aidinkieli',
  'asiointiKieli',
  'kansalaisuus',
  'kotikunta',
  'turvakielto',
  'yksiloity',
  'passinumerot',
  'yhteystiedotRyhma',
  'vtjsynced',
] as const;

describeEachDatabase('compatibility: POST /oppija and POST /henkilo under arbitrary input', (database) => {
  it('never answers 5xx: a text OID or a JSON error body', async () => {
    const t = await createTestApp(database());
    const orgs = await createOrganisations(t.services);
    const client = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    // Valid bodies with some fields replaced, and bodies of arbitrary fields only.
    const changes = fc.dictionary(fc.constantFrom(...DTO_FIELDS), fieldValue, { maxKeys: 5 });
    const requests = fc.oneof(
      changes.map((c) => ({ url: '/oppija', payload: { ...VALID_OPPIJA, ...c } })),
      changes.map((c) => ({ url: '/henkilo', payload: { ...CONTROLLER_TEST_HENKILO, hetu: null, ...c } })),
      changes.map((c) => ({ url: fc.sample(fc.constantFrom('/oppija', '/henkilo'), 1)[0]!, payload: c })),
    );
    await fc.assert(
      fc.asyncProperty(requests, async (r) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `${API}${r.url}`,
          headers: client.auth,
          payload: r.payload,
        });
        expect(res.statusCode, `${r.url} ${JSON.stringify(r.payload)} ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.json()).toMatchObject({ status: res.statusCode, message: expect.any(String) });
        } else {
          expect(isValidOid(res.body)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
    await t.close();
  });
});

describeEachDatabase('compatibility: POST /henkilo when the population register is down', (database) => {
  it('creates the person all the same (201), and the identification worker identifies it later', async () => {
    const inner = new SimulatedPopulationRegister([PERSONS.aino]);
    let down = true;
    const flaky: PopulationRegister = {
      name: 'flaky',
      lookup: async (hetu) => {
        if (down) throw new PopulationRegisterUnavailableError('timeout');
        return inner.lookup(hetu);
      },
    };
    const t = await createTestApp(database(), { register: flaky });
    const orgs = await createOrganisations(t.services);
    const client = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI']);
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/henkilo`,
      headers: client.auth,
      payload: lookupBody(PERSONS.aino),
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = () =>
      t.services.db.selectFrom('persons').selectAll().where('oid', '=', res.body).executeTakeFirstOrThrow();
    expect(await created()).toMatchObject({ identified_vtj: false, hetu: PERSONS.aino.hetu });
    down = false;
    await makeDue(t.services.db, (await created()).id);
    await sweep(t.services);
    expect(await created()).toMatchObject({
      identified_vtj: true,
      identification_due_at: null,
      former_surnames: ['Korhonen'],
    });
    await t.close();
  });
});
