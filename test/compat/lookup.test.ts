/**
 * Compatibility: the single-person lookups (SPEC §7a) — `POST /yleistunniste/hae`,
 * `GET /yleistunniste/hae/{oid}` and `POST /henkilo/exists` — with the reference's own cases as facts:
 *
 * - YleistunnisteControllerTest and its fixtures (controller/yleistunniste/haeInput*.json,
 *   haeOutput.json; the tuonti fixture's unidentified person 120963-969H "tuonti1"): 400 for `{}` and
 *   for a missing kutsumanimi, 404, 409, 200 `{oid, oppijanumero: null}` for an unidentified person,
 *   and the population-register cases (Seppo Matti Peipponen, Marja Terttu Karpalo Virtanen).
 * - YleistunnisteControllerIntegrationTest: `hae/{oid}` of a master with two duplicates, of a
 *   duplicate, of an unidentified and of an identified person — `linked` always present — and 404.
 * - HenkiloControllerTest (existence check): 200 `{oid}` in the registry, 204 only in the register.
 *
 * Deliberate differences (docs/COMPATIBILITY.md), asserted as onr's: no credentials is 401 (the
 * reference redirects to CAS, 302); a person `hae` creates is identified at once, so a second `hae`
 * answers its oppijanumero (the reference: null); the register's names are stored on creation.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { generateOid } from '../../src/domain/oid.ts';
import { SimulatedPopulationRegister } from '../../src/identification/simulated-register.ts';
import {
  API,
  createOrganisations,
  createTestApp,
  serviceUser,
  TEST_REGISTER,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

type Client = Awaited<ReturnType<typeof serviceUser>>;

const SEPPO = { hetu: '100690-1412', etunimet: 'Seppo Matti', kutsumanimi: 'Seppo', sukunimi: 'Peipponen' };
const MARJA = {
  hetu: '170654-498T',
  etunimet: 'Marja Terttu Karpalo',
  kutsumanimi: 'Terttu',
  sukunimi: 'Virtanen',
};
const HAE_INPUT_FOUND = {
  hetu: '120963-969H',
  etunimet: 'tuonti1',
  kutsumanimi: 'tuonti1',
  sukunimi: 'tuonti1',
};
const HAE_INPUT_CONFLICT = {
  hetu: '120963-969H',
  etunimet: 'Mika Marko-Petteri',
  kutsumanimi: 'Marko',
  sukunimi: 'Kalmasniemi',
};
const HAE_INPUT_NOT_FOUND = {
  hetu: '011151-920B',
  etunimet: 'Mika Marko-Petteri',
  kutsumanimi: 'Marko',
  sukunimi: 'Kalmasniemi',
};

describeEachDatabase('compatibility: single-person lookups', (database) => {
  let t: TestApp;
  let creator: Client;
  let stranger: Client;
  let importer: Client;
  const oids = {
    tuonti1: generateOid('98'),
    master: generateOid('98'),
    duplicate1: generateOid('98'),
    duplicate2: generateOid('98'),
    yksiloimaton: generateOid('98'),
    yksiloity: generateOid('98'),
  };

  beforeAll(async () => {
    t = await createTestApp(database(), {
      register: new SimulatedPopulationRegister([
        ...TEST_REGISTER,
        SEPPO,
        MARJA,
        { ...HAE_INPUT_FOUND, etunimet: 'Tuonti', kutsumanimi: 'Tuonti', sukunimi: 'Yksi' },
      ]),
    });
    const orgs = await createOrganisations(t.services);
    creator = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI']);
    // Another provider's system, to which none of the fixture's persons is attached.
    stranger = await serviceUser(t, orgs.other, ['YLEISTUNNISTE_LUONTI']);
    importer = await serviceUser(t, orgs.school, ['OPPIJOIDENTUONTI']);
    const db = t.services.db;
    // The reference's fixtures: an unidentified imported person, and a link group.
    await sql`insert into persons (oid, hetu, first_names, nickname, surname)
      values (${oids.tuonti1}, '120963-969H', 'tuonti1', 'tuonti1', 'tuonti1')`.execute(db);
    await sql`insert into persons (oid, first_names, surname, identified_vtj)
      values (${oids.master}, 'Master', 'Henkilö', true)`.execute(db);
    for (const slave of [oids.duplicate1, oids.duplicate2]) {
      await sql`insert into persons (oid, first_names, surname, duplicate, passivated, master_id)
        select ${slave}, 'Master', 'Henkilö', true, true, id from persons where oid = ${oids.master}`.execute(
        db,
      );
    }
    await sql`insert into persons (oid, first_names, surname) values (${oids.yksiloimaton}, 'Ei', 'Yksilöity')`.execute(
      db,
    );
    await sql`insert into persons (oid, first_names, surname, identified) values (${oids.yksiloity}, 'On', 'Yksilöity', true)`.execute(
      db,
    );
    return () => t.close();
  });

  const post = (client: Client | undefined, path: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `${API}${path}`,
      headers: client?.auth ?? {},
      payload: body as object,
    });
  const describeOid = (client: Client | undefined, oid: string, requestId?: string) =>
    t.app.inject({
      method: 'GET',
      url: `${API}/yleistunniste/hae/${oid}`,
      headers: { ...(client?.auth ?? {}), ...(requestId ? { 'x-request-id': requestId } : {}) },
    });

  // --- GET /yleistunniste/hae/{oid} (YleistunnisteControllerIntegrationTest) ------------------------

  it('findMaster: its own number, linked = both duplicates', async () => {
    const res = await describeOid(creator, oids.master);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ oid: oids.master, oppijanumero: oids.master, passivoitu: false });
    expect([...body.linked].sort()).toEqual([oids.duplicate1, oids.duplicate2].sort());
  });

  it('findDuplicate: the master’s number, passivated, linked = the master and the other duplicate', async () => {
    const body = (await describeOid(creator, oids.duplicate1)).json();
    expect(body).toMatchObject({ oid: oids.duplicate1, oppijanumero: oids.master, passivoitu: true });
    expect([...body.linked].sort()).toEqual([oids.master, oids.duplicate2].sort());
  });

  it('findYksiloimaton and findYksiloity: linked is [] — always present', async () => {
    expect((await describeOid(creator, oids.yksiloimaton)).json()).toEqual({
      oid: oids.yksiloimaton,
      oppijanumero: null,
      passivoitu: false,
      linked: [],
    });
    expect((await describeOid(creator, oids.yksiloity)).json()).toEqual({
      oid: oids.yksiloity,
      oppijanumero: oids.yksiloity,
      passivoitu: false,
      linked: [],
    });
  });

  it('notFound: 404 for an OID nobody has, also for one that is no OID at all', async () => {
    expect((await describeOid(creator, '1.2.246.562.98.99999999990')).statusCode).toBe(404);
    expect((await describeOid(creator, 'invalid-oid')).statusCode).toBe(404);
  });

  it('answers any YLEISTUNNISTE_LUONTI caller — none of these persons is attached to it — and audits the read', async () => {
    const res = await describeOid(stranger, oids.master, 'hae-oid-stranger');
    expect(res.statusCode).toBe(200);
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select(['operation', 'actor_oid', 'target_oids'])
      .where('request_id', '=', 'hae-oid-stranger')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.operation).toBe('PERSON_READ');
    expect(audit[0]!.actor_oid).toBe(stranger.oid);
    expect([...audit[0]!.target_oids].sort()).toEqual([oids.master, oids.duplicate1, oids.duplicate2].sort());
  });

  it('requiresAuthentication / requiresAuthorization: 401 without credentials, 403 without the right', async () => {
    expect((await describeOid(undefined, oids.master)).statusCode).toBe(401);
    expect((await describeOid(importer, oids.master)).statusCode).toBe(403);
  });

  // --- POST /yleistunniste/hae (YleistunnisteControllerTest) ----------------------------------

  it('haeValidatesInput: {} → 400; kutsumanimiIsRequired → 400', async () => {
    expect((await post(creator, '/yleistunniste/hae', {})).statusCode).toBe(400);
    const { kutsumanimi: _omitted, ...noNickname } = SEPPO;
    const res = await post(creator, '/yleistunniste/hae', noNickname);
    expect(res.statusCode).toBe(400);
    expect(res.json().fieldErrors.map((f: { field: string }) => f.field)).toContain('kutsumanimi');
  });

  it('haeFound: an unidentified person in the registry → 200 {oid, oppijanumero: null} (haeOutput.json)', async () => {
    const res = await post(creator, '/yleistunniste/hae', HAE_INPUT_FOUND);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ oid: oids.tuonti1, oppijanumero: null });
  });

  it('haeConflicts: other names for a registered hetu → 409', async () => {
    expect((await post(creator, '/yleistunniste/hae', HAE_INPUT_CONFLICT)).statusCode).toBe(409);
  });

  it('haeNotFound: a hetu the population register does not know → 404', async () => {
    expect((await post(creator, '/yleistunniste/hae', HAE_INPUT_NOT_FOUND)).statusCode).toBe(404);
  });

  it('other names than the register’s → 409, nothing created', async () => {
    const res = await post(creator, '/yleistunniste/hae', {
      hetu: SEPPO.hetu,
      etunimet: 'Pertti',
      kutsumanimi: 'Pertti',
      sukunimi: 'Virtanen',
    });
    expect(res.statusCode).toBe(409);
    const created = await t.services.db
      .selectFrom('persons')
      .select('id')
      .where('hetu', '=', SEPPO.hetu)
      .execute();
    expect(created).toEqual([]);
  });

  it('a close enough name ("Sepo") creates from the register: oppijanumero = oid, audited as created', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/yleistunniste/hae`,
      headers: { ...creator.auth, 'x-request-id': 'hae-sepo' },
      payload: { hetu: SEPPO.hetu, etunimet: 'Sepo', kutsumanimi: 'Sepo', sukunimi: 'Peipponen' },
    });
    expect(res.statusCode).toBe(200);
    const { oid, oppijanumero } = res.json();
    expect(oppijanumero).toBe(oid);
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select('operation')
      .where('request_id', '=', 'hae-sepo')
      .execute();
    expect(audit.map((a) => a.operation)).toEqual(['PERSON_CREATE']);
    // Deliberate difference: the register's names are stored, not the request's "Sepo".
    const stored = await t.services.db
      .selectFrom('persons')
      .select('first_names')
      .where('oid', '=', oid)
      .executeTakeFirstOrThrow();
    expect(stored.first_names).toBe('Seppo Matti');
    // A second hae finds the same person; onr answers its number (the reference: null).
    const again = await post(creator, '/yleistunniste/hae', SEPPO);
    expect(again.json()).toEqual({ oid, oppijanumero: oid });
  });

  it.each(['Marja', 'Terttu', 'Karpalo'])('one of the register’s first names is enough: %s', async (nimi) => {
    const first = await post(creator, '/yleistunniste/hae', MARJA);
    expect(first.statusCode).toBe(200);
    const res = await post(creator, '/yleistunniste/hae', { ...MARJA, etunimet: nimi, kutsumanimi: nimi });
    expect(res.statusCode).toBe(200);
    expect(res.json().oid).toBe(first.json().oid);
  });

  // --- POST /henkilo/exists (HenkiloControllerTest) -------------------------------------------

  it('exists: 200 {oid} in the registry (existenceCheckOnr.json), 204 only in the register, 404, 409', async () => {
    const inRegistry = await post(creator, '/henkilo/exists', HAE_INPUT_FOUND);
    expect(inRegistry.statusCode).toBe(200);
    expect(inRegistry.json()).toEqual({ oid: oids.tuonti1 });
    const onlyRegister = await post(creator, '/henkilo/exists', {
      hetu: TEST_REGISTER[0]!.hetu,
      etunimet: TEST_REGISTER[0]!.etunimet,
      kutsumanimi: TEST_REGISTER[0]!.kutsumanimi,
      sukunimi: TEST_REGISTER[0]!.sukunimi,
    });
    expect(onlyRegister.statusCode).toBe(204);
    expect(onlyRegister.body).toBe('');
    expect((await post(creator, '/henkilo/exists', HAE_INPUT_NOT_FOUND)).statusCode).toBe(404);
    expect((await post(creator, '/henkilo/exists', HAE_INPUT_CONFLICT)).statusCode).toBe(409);
  });
});
