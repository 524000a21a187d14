import { beforeAll, expect, it } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import { isValidOid } from '../../src/domain/oid.ts';
import { SimulatedPopulationRegister } from '../../src/identification/simulated-register.ts';
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

// A real (non-test) hetu for the production register; individual number below 900.
const REAL = {
  hetu: makeHetu('1985-04-12', 123, '-'),
  etunimet: 'Testi',
  sukunimi: 'Henkilö',
  kutsumanimi: 'Testi',
};
const NORMAL = {
  hetu: makeHetu('1986-07-08', 245, '-'),
  etunimet: 'Liisa',
  sukunimi: 'Laine',
  kutsumanimi: 'Liisa',
};

describeEachDatabase('production environment', (database) => {
  let t: TestApp;
  let client: Awaited<ReturnType<typeof serviceUser>>;
  let orgs: Awaited<ReturnType<typeof createOrganisations>>;

  beforeAll(async () => {
    t = await createTestApp(database(), {
      environment: 'production',
      register: new SimulatedPopulationRegister([REAL, NORMAL, PERSONS.matti]),
    });
    orgs = await createOrganisations(t.services, ' prod');
    client = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI']);
    return () => t.close();
  });

  const hae = (body: object, requestId: string) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/yleistunniste/hae`,
      headers: { ...client.auth, 'x-request-id': requestId },
      payload: body,
    });

  it('refuses a test hetu with 400 and records it on the test-data report with the hetu masked', async () => {
    const res = await hae(lookupBody(PERSONS.matti), 'prod-test-hetu');
    expect(res.statusCode).toBe(400);
    expect(res.json().fieldErrors[0]).toMatchObject({ field: 'hetu' });
    const persons = await t.services.db.selectFrom('persons').select('id').execute();
    expect(persons).toHaveLength(0);
    const report = await t.services.db
      .selectFrom('test_data_reports')
      .selectAll()
      .where('request_id', '=', 'prod-test-hetu')
      .execute();
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({
      reason: 'TEST_HETU',
      actor_oid: client.oid,
      organisation_oid: orgs.school,
      endpoint: 'POST /oppijanumerorekisteri-service/yleistunniste/hae',
      masked_hetu: `${PERSONS.matti.hetu.slice(0, 7)}****`,
    });
  });

  it('accepts but reports names that look like test data', async () => {
    const res = await hae(lookupBody(REAL), 'prod-test-name');
    expect(res.statusCode).toBe(200);
    const report = await t.services.db
      .selectFrom('test_data_reports')
      .selectAll()
      .where('request_id', '=', 'prod-test-name')
      .execute();
    expect(report.map((r) => r.reason)).toEqual(['TEST_NAME']);
  });

  it('creates production OIDs in node 24 with the 7-3-1 check digit, and reports nothing for ordinary data', async () => {
    const res = await hae(lookupBody(NORMAL), 'prod-normal');
    expect(res.statusCode).toBe(200);
    const { oid } = res.json();
    expect(oid).toMatch(/^1\.2\.246\.562\.24\.\d{11}$/);
    expect(isValidOid(oid)).toBe(true);
    const report = await t.services.db
      .selectFrom('test_data_reports')
      .selectAll()
      .where('request_id', '=', 'prod-normal')
      .execute();
    expect(report).toHaveLength(0);
  });

  it('does not accept a token of another deployment', async () => {
    const other = await createTestApp(database(), {
      environment: 'production',
      env: { ONR_TOKEN_SECRET: 'q'.repeat(40) },
    });
    const res = await lookUp(other, client.auth, NORMAL);
    expect(res.statusCode).toBe(401);
    await other.close();
  });
});
