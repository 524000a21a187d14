import { beforeAll, expect, it } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import { SimulatedPopulationRegister } from '../../src/identification/simulated-register.ts';
import { createOfficial, insertUser, login, tokenFor } from '../support/access.ts';
import {
  API,
  createOrganisations,
  createTestApp,
  lookUp,
  lookupBody,
  PERSONS,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

// A real (non-test) hetu with names that look like test data: accepted, but reported.
const TESTI = {
  hetu: makeHetu('1985-04-12', 123, '-'),
  etunimet: 'Testi',
  sukunimi: 'Henkilö',
  kutsumanimi: 'Testi',
};

describeEachDatabase('test-data report (production)', (database) => {
  let t: TestApp;
  let orgs: Awaited<ReturnType<typeof createOrganisations>>;
  let schoolClient: { oid: string; username: string; auth: Record<string, string> };
  let otherClient: { oid: string; username: string; auth: Record<string, string> };

  beforeAll(async () => {
    t = await createTestApp(database(), {
      environment: 'production',
      register: new SimulatedPopulationRegister([PERSONS.matti, TESTI]),
    });
    orgs = await createOrganisations(t.services, ' report');
    const client = async (org: string) => {
      const u = await insertUser(t.services, {
        kind: 'service',
        organisationOid: org,
        grants: [{ role: 'YLEISTUNNISTE_LUONTI', organisationOid: org }],
      });
      return { ...u, auth: await tokenFor(t.services, u) };
    };
    schoolClient = await client(orgs.school);
    otherClient = await client(orgs.other);
    const hae = (auth: Record<string, string>, body: object) =>
      t.app.inject({ method: 'POST', url: `${API}/yleistunniste/hae`, headers: auth, payload: body });
    // Two refused test hetus and one accepted test-looking name from the school, one from the other provider.
    expect((await hae(schoolClient.auth, lookupBody(PERSONS.matti))).statusCode).toBe(400);
    expect((await hae(schoolClient.auth, lookupBody(PERSONS.matti))).statusCode).toBe(400);
    expect((await hae(schoolClient.auth, lookupBody(TESTI))).statusCode).toBe(200);
    expect((await hae(otherClient.auth, lookupBody(PERSONS.matti))).statusCode).toBe(400);
    return () => t.close();
  });

  const report = (headers: Record<string, string>, query = '') =>
    t.app.inject({ method: 'GET', url: `${API}/reports/test-data${query}`, headers });

  it('the registry keeper reads the entries grouped by organisation and actor, hetus masked; the read is audited', async () => {
    const keeper = await createOfficial(t.services, ROOT_ORGANISATION_OID, ['REKISTERINPITAJA']);
    const session = await login(t, keeper.username, keeper.password);
    const res = await report(session.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(4);
    const school = body.organisations.find(
      (o: { organisationOid: string }) => o.organisationOid === orgs.school,
    );
    expect(school).toMatchObject({
      organisationName: 'School report',
      count: 3,
      actors: [
        {
          actorOid: schoolClient.oid,
          actorName: schoolClient.username,
          count: 3,
          testHetus: 2,
          testNames: 1,
        },
      ],
    });
    expect(
      body.organisations.find((o: { organisationOid: string }) => o.organisationOid === orgs.other).count,
    ).toBe(1);
    expect(body.entries[0]).toMatchObject({
      reason: 'TEST_HETU',
      endpoint: `POST ${API}/yleistunniste/hae`,
      organisationName: 'Other report',
    });
    expect(JSON.stringify(body)).not.toContain(PERSONS.matti.hetu);
    expect(body.entries.map((e: { maskedHetu: string }) => e.maskedHetu)).toContain(
      `${PERSONS.matti.hetu.slice(0, 7)}****`,
    );

    const paged = await report(session.cookie, `?organisationOid=${orgs.provider}&page=2&pageSize=2`);
    expect(paged.json()).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(paged.json().entries).toHaveLength(1);
    expect(paged.json().organisations.map((o: { organisationOid: string }) => o.organisationOid)).toEqual([
      orgs.school,
    ]);

    const audit = await t.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('operation', '=', 'REPORT_READ')
      .where('actor_oid', '=', keeper.oid)
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.details).toMatchObject({ report: 'test-data' });
  });

  it('nobody else may read it: main users, REKISTERINPITAJA_READ, the reporting client itself', async () => {
    for (const [role, org] of [
      ['VASTUUKAYTTAJA', orgs.provider],
      ['REKISTERINPITAJA_READ', ROOT_ORGANISATION_OID],
      ['REKISTERINPITAJA', orgs.provider],
    ] as const) {
      const u = await insertUser(t.services, {
        kind: 'service',
        organisationOid: org,
        grants: [{ role, organisationOid: org }],
      });
      expect((await report(await tokenFor(t.services, u))).statusCode, role).toBe(403);
    }
    expect((await report(schoolClient.auth)).statusCode).toBe(403);
    expect((await report({})).statusCode).toBe(401);
  });
});

describeEachDatabase('test-data report (test environment)', (database) => {
  it('test hetus are accepted in the test environment and reported nowhere', async () => {
    const t = await createTestApp(database());
    const orgs = await createOrganisations(t.services, ' test-env');
    const u = await insertUser(t.services, {
      kind: 'service',
      organisationOid: orgs.school,
      grants: [{ role: 'YLEISTUNNISTE_LUONTI', organisationOid: orgs.school }],
    });
    const res = await lookUp(t, await tokenFor(t.services, u), PERSONS.testiName);
    expect(res.statusCode).toBe(200);
    const rows = await t.services.db.selectFrom('test_data_reports').select('id').execute();
    expect(rows).toHaveLength(0);
    await t.close();
  });
});
