import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import { isValidOid } from '../../src/domain/oid.ts';
import {
  type PopulationRegister,
  PopulationRegisterUnavailableError,
} from '../../src/identification/population-register.ts';
import {
  API,
  createOrganisations,
  createTestApp,
  lookUp,
  lookupBody,
  PERSONS,
  serviceUser,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

type Client = Awaited<ReturnType<typeof serviceUser>>;

describeEachDatabase('single-person API', (database) => {
  let t: TestApp;
  let orgs: Awaited<ReturnType<typeof createOrganisations>>;
  let creator: Client;
  let otherCreator: Client;
  let noRole: Client;

  beforeAll(async () => {
    t = await createTestApp(database());
    orgs = await createOrganisations(t.services);
    creator = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI']);
    otherCreator = await serviceUser(t, orgs.other, ['YLEISTUNNISTE_LUONTI']);
    noRole = await serviceUser(t, orgs.school, ['OPPIJOIDENTUONTI']);
    return () => t.close();
  });

  const hae = (client: Client | undefined, body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/yleistunniste/hae`,
      headers: { ...(client?.auth ?? {}), ...headers },
      payload: body as object,
    });

  const personByHetu = (hetu: string) =>
    t.services.db.selectFrom('persons').selectAll().where('hetu', '=', hetu).executeTakeFirst();

  it('answers 401 without a token and with a bad token, 403 without the role', async () => {
    const body = lookupBody(PERSONS.matti);
    const none = await hae(undefined, body);
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({
      status: 401,
      error: 'Unauthorized',
      path: `${API}/yleistunniste/hae`,
    });
    expect((await hae(undefined, body, { authorization: 'Bearer not.a.token' })).statusCode).toBe(401);
    const forbidden = await hae(noRole, body);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().message).toContain('createLearnerNumber');
    expect(await personByHetu(PERSONS.matti.hetu)).toBeUndefined();
  });

  it('creates an identified person from the population register and attaches the caller', async () => {
    const res = await hae(creator, lookupBody(PERSONS.matti), {
      'x-request-id': 'req-create-1',
      'caller-id': 'sis-1',
    });
    expect(res.statusCode).toBe(200);
    const { oid, oppijanumero } = res.json();
    expect(oppijanumero).toBe(oid);
    expect(isValidOid(oid)).toBe(true);
    expect(oid).toMatch(/^1\.2\.246\.562\.98\.\d{11}$/);
    expect(res.headers['x-request-id']).toBe('req-create-1');

    const person = await personByHetu(PERSONS.matti.hetu);
    expect(person).toMatchObject({
      oid,
      identified_vtj: true,
      first_names: 'Matti Juhani',
      surname: 'Virtanen',
      birth_date: '1990-05-17',
      sex: '1',
      created_by: creator.oid,
    });
    const links = await t.services.db
      .selectFrom('person_organisations')
      .select('organisation_oid')
      .where('person_id', '=', person!.id)
      .execute();
    expect(links.map((l) => l.organisation_oid)).toEqual([orgs.school]);

    const audit = await t.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('request_id', '=', 'req-create-1')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      operation: 'PERSON_CREATE',
      actor_oid: creator.oid,
      actor_kind: 'service',
      actor_name: creator.clientId,
      target_oids: [oid],
      caller_id: 'sis-1',
    });
    expect(audit[0]!.actor_organisations).toContain(orgs.school);
    expect(audit[0]!.ip).toBeTruthy();
  });

  it('finds the same person again, audits the read and attaches the second organisation', async () => {
    const first = await hae(creator, lookupBody(PERSONS.matti));
    const again = await hae(otherCreator, lookupBody(PERSONS.matti), { 'x-request-id': 'req-read-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const audit = await t.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('request_id', '=', 'req-read-1')
      .execute();
    expect(audit.map((a) => [a.operation, a.actor_oid, a.target_oids])).toEqual([
      ['PERSON_READ', otherCreator.oid, [first.json().oid]],
    ]);
    const count = await t.services.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('hetu', '=', PERSONS.matti.hetu)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const person = await personByHetu(PERSONS.matti.hetu);
    const links = await t.services.db
      .selectFrom('person_organisations')
      .select('organisation_oid')
      .where('person_id', '=', person!.id)
      .orderBy('organisation_oid')
      .execute();
    expect(links.map((l) => l.organisation_oid).sort()).toEqual([orgs.school, orgs.other].sort());
  });

  it('matches names loosely: one first name, a typo, the former surname', async () => {
    const created = await hae(creator, lookupBody(PERSONS.aino));
    expect(created.statusCode).toBe(200);
    const oid = created.json().oid;
    for (const variant of [
      { etunimet: 'Maria', kutsumanimi: 'Maria', sukunimi: 'Äijälä' },
      { etunimet: 'Aino-Liisa', kutsumanimi: 'Liisa', sukunimi: 'Aijala' },
      { etunimet: 'Aino', kutsumanimi: 'Aino', sukunimi: 'Korhonen' },
      { etunimet: 'Aino', kutsumanimi: 'Aino', sukunimi: 'Äijälä' },
    ]) {
      const res = await hae(creator, { hetu: PERSONS.aino.hetu, ...variant });
      expect(res.statusCode, JSON.stringify(variant)).toBe(200);
      expect(res.json().oid).toBe(oid);
    }
  });

  it('answers 409 when the names differ, in the registry and in the population register', async () => {
    await hae(creator, lookupBody(PERSONS.matti));
    const registry = await hae(creator, {
      ...lookupBody(PERSONS.matti),
      etunimet: 'Pekka',
      kutsumanimi: 'Pekka',
      sukunimi: 'Nieminen',
    });
    expect(registry.statusCode).toBe(409);
    expect(registry.json().message).toContain('registered');
    const register = await hae(creator, {
      ...lookupBody(PERSONS.soren),
      etunimet: 'Pekka',
      kutsumanimi: 'Pekka',
      sukunimi: 'Nieminen',
    });
    expect(register.statusCode).toBe(409);
    expect(register.json().message).toContain('population register');
    expect(await personByHetu(PERSONS.soren.hetu)).toBeUndefined();
  });

  it('answers 404 for a hetu the population register does not know', async () => {
    const res = await hae(creator, {
      hetu: makeHetu('1995-03-04', 950, '-'),
      etunimet: 'Nobody',
      kutsumanimi: 'Nobody',
      sukunimi: 'Known',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, error: 'Not Found' });
  });

  it('follows a passivated hetu to the active one once, else 409', async () => {
    const res = await hae(creator, {
      hetu: PERSONS.old.hetu,
      etunimet: 'Ville',
      kutsumanimi: 'Ville',
      sukunimi: 'Uusi',
    });
    expect(res.statusCode).toBe(200);
    const person = await personByHetu(PERSONS.renewed.hetu);
    expect(person?.oid).toBe(res.json().oid);
    const none = await hae(creator, lookupBody({ ...PERSONS.passivatedNoActive, kutsumanimi: 'Paavo' }));
    expect(none.statusCode).toBe(409);
    expect(none.json().message).toContain('passivated');
  });

  it('names every invalid field with 400', async () => {
    const res = await hae(creator, {
      hetu: '300290-9011',
      etunimet: 'Matti  Juhani',
      kutsumanimi: 'Pekka',
      sukunimi: ' Virtanen',
    });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .fieldErrors.map((f: { field: string }) => f.field)
      .sort();
    expect(fields).toEqual(['etunimet', 'hetu', 'kutsumanimi', 'sukunimi']);
    const missing = await hae(creator, { hetu: PERSONS.matti.hetu });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json()
        .fieldErrors.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['etunimet', 'kutsumanimi', 'sukunimi']);
    const notJson = await t.app.inject({
      method: 'POST',
      url: `${API}/yleistunniste/hae`,
      headers: { ...creator.auth, 'content-type': 'application/json' },
      payload: '{"hetu":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().status).toBe(400);
    const wrongType = await hae(creator, { ...lookupBody(PERSONS.matti), hetu: 12345678901 });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().fieldErrors[0].field).toBe('hetu');
  });

  it('GET /yleistunniste/hae/{oid}: learner number, passivation and linked OIDs', async () => {
    const master = (await hae(creator, lookupBody(PERSONS.matti))).json().oid as string;
    const res = await t.app.inject({
      method: 'GET',
      url: `${API}/yleistunniste/hae/${master}`,
      headers: creator.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ oid: master, oppijanumero: master, passivoitu: false, linked: [] });

    // An unidentified duplicate linked under the master reports the master's number.
    const slaveOid = '1.2.246.562.98.10000000009';
    await sql`insert into persons (oid, first_names, surname, duplicate, passivated, master_id)
      select ${slaveOid}, 'Matti', 'Virtanen', true, true, id from persons where oid = ${master}`.execute(
      t.services.db,
    );
    const slave = await t.app.inject({
      method: 'GET',
      url: `${API}/yleistunniste/hae/${slaveOid}`,
      headers: creator.auth,
    });
    expect(slave.json()).toEqual({ oid: slaveOid, oppijanumero: master, passivoitu: true, linked: [master] });
    const masterAgain = await t.app.inject({
      method: 'GET',
      url: `${API}/yleistunniste/hae/${master}`,
      headers: creator.auth,
    });
    expect(masterAgain.json().linked).toEqual([slaveOid]);

    const missing = await t.app.inject({
      method: 'GET',
      url: `${API}/yleistunniste/hae/1.2.246.562.98.99999999990`,
      headers: creator.auth,
    });
    expect(missing.statusCode).toBe(404);
    const unauth = await t.app.inject({ method: 'GET', url: `${API}/yleistunniste/hae/${master}` });
    expect(unauth.statusCode).toBe(401);
  });

  it('POST /henkilo/exists never creates: 200 in the registry, 204 only in the register, 404, 409', async () => {
    const exists = (body: object) =>
      t.app.inject({ method: 'POST', url: `${API}/henkilo/exists`, headers: creator.auth, payload: body });
    const known = (await hae(creator, lookupBody(PERSONS.matti))).json().oid;
    const inRegistry = await exists(lookupBody(PERSONS.matti));
    expect(inRegistry.statusCode).toBe(200);
    expect(inRegistry.json()).toEqual({ oid: known });

    const onlyRegister = await exists(lookupBody(PERSONS.concurrent));
    expect(onlyRegister.statusCode).toBe(204);
    expect(onlyRegister.body).toBe('');
    expect(await personByHetu(PERSONS.concurrent.hetu)).toBeUndefined();

    expect(
      (
        await exists({
          hetu: makeHetu('1995-03-04', 952, '-'),
          etunimet: 'A',
          kutsumanimi: 'A',
          sukunimi: 'B',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await exists({
          ...lookupBody(PERSONS.matti),
          etunimet: 'Olli',
          kutsumanimi: 'Olli',
          sukunimi: 'Outo',
        })
      ).statusCode,
    ).toBe(409);
    const forbidden = await t.app.inject({
      method: 'POST',
      url: `${API}/henkilo/exists`,
      headers: noRole.auth,
      payload: lookupBody(PERSONS.matti),
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('POST /henkilo creates after a 204 (201, the bare OID as text); a repeat is 400 as in the reference', async () => {
    const create = () =>
      t.app.inject({
        method: 'POST',
        url: `${API}/henkilo`,
        headers: creator.auth,
        payload: lookupBody(PERSONS.soren),
      });
    const first = await create();
    expect(first.statusCode).toBe(201);
    const oid = first.body;
    expect(await personByHetu(PERSONS.soren.hetu)).toMatchObject({
      oid,
      identified_vtj: true,
      first_names: 'Søren',
    });
    const second = await create();
    expect(second.statusCode).toBe(400);
    expect(second.json().fieldErrors[0]).toMatchObject({
      field: 'hetu',
      code: 'socialsecuritynr.already.exists',
    });
    const forbidden = await t.app.inject({
      method: 'POST',
      url: `${API}/henkilo`,
      headers: noRole.auth,
      payload: lookupBody(PERSONS.soren),
    });
    expect(forbidden.statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `${API}/henkilo`,
          headers: creator.auth,
          payload: { hetu: 'x' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('50 concurrent hae calls for the same new hetu create exactly one person', async () => {
    const body = lookupBody(PERSONS.concurrent);
    const answers = await Promise.all(Array.from({ length: 50 }, () => hae(creator, body)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(200));
    const oids = new Set(answers.map((a) => a.json().oid));
    expect(oids.size).toBe(1);
    const rows = await t.services.db
      .selectFrom('persons')
      .select('oid')
      .where('hetu', '=', PERSONS.concurrent.hetu)
      .execute();
    expect(rows).toHaveLength(1);
    const creations = await t.services.db
      .selectFrom('audit_log')
      .select('id')
      .where('operation', '=', 'PERSON_CREATE')
      .where('target_oids', '@>', sql<string[]>`${[rows[0]!.oid]}::text[]`)
      .execute();
    expect(creations).toHaveLength(1);
  });
});

describeEachDatabase('single-person API when the population register is down', (database) => {
  it('answers 503 and creates nothing; the caller waits at most the lookup deadline', async () => {
    const deadlines: (number | undefined)[] = [];
    const down: PopulationRegister = {
      name: 'down',
      lookup: async (_hetu, options) => {
        deadlines.push(options?.deadlineMs);
        throw new PopulationRegisterUnavailableError('timeout');
      },
    };
    const t = await createTestApp(database(), {
      register: down,
      env: { ONR_POPULATION_REGISTER_LOOKUP_DEADLINE_MS: '1500' },
    });
    const orgs = await createOrganisations(t.services);
    const client = await serviceUser(t, orgs.provider, ['YLEISTUNNISTE_LUONTI']);
    const res = await lookUp(t, client.auth, PERSONS.matti);
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('population register');
    // The adapter is told how long someone is waiting (test/identification/http-register.test.ts).
    expect(deadlines).toEqual([1500]);
    expect(await t.services.db.selectFrom('persons').select('id').execute()).toEqual([]);
    await t.close();
  });
});
