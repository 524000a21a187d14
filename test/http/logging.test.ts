import { Writable } from 'node:stream';
import { beforeAll, expect, it } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import { insertUser, tokenFor } from '../support/access.ts';
import {
  API,
  createOrganisations,
  createTestApp,
  lookupBody,
  PERSONS,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

/** Everything the app logs, as text. */
function captureLog(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describeEachDatabase('application logs', (database) => {
  let t: TestApp;
  const log = captureLog();
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(database(), {
      env: { ONR_LOG_LEVEL: 'info' },
      app: { logger: true, logStream: log.stream },
    });
    const orgs = await createOrganisations(t.services, ' log');
    const u = await insertUser(t.services, {
      kind: 'service',
      organisationOid: orgs.school,
      grants: [{ role: 'YLEISTUNNISTE_LUONTI', organisationOid: orgs.school }],
    });
    auth = await tokenFor(t.services, u);
    return () => t.close();
  });

  it('carry no hetu from URLs, bodies, headers or error messages', async () => {
    const unknown = makeHetu('1970-03-03', 955, '-');
    const hetus = [PERSONS.matti.hetu, PERSONS.aino.hetu, unknown, '010866-9260'];
    const requests = [
      // in the path and the query string
      {
        method: 'GET' as const,
        url: `${API}/yleistunniste/hae/${PERSONS.matti.hetu}?hetu=${PERSONS.aino.hetu}`,
      },
      { method: 'GET' as const, url: `/no/such/page?hetu=${unknown}` },
      // in the body: created, conflicting, not found, invalid JSON echoing the hetu
      { method: 'POST' as const, url: `${API}/yleistunniste/hae`, payload: lookupBody(PERSONS.matti) },
      {
        method: 'POST' as const,
        url: `${API}/yleistunniste/hae`,
        payload: { ...lookupBody(PERSONS.matti), etunimet: 'Olli', kutsumanimi: 'Olli' },
      },
      {
        method: 'POST' as const,
        url: `${API}/yleistunniste/hae`,
        payload: { hetu: unknown, etunimet: 'A', kutsumanimi: 'A', sukunimi: 'B' },
      },
      {
        method: 'POST' as const,
        url: `${API}/yleistunniste/hae`,
        headers: { 'content-type': 'application/json' },
        payload: `{"hetu":"010866-9260" oops`,
      },
      // in the headers that are logged or echoed
      {
        method: 'POST' as const,
        url: `${API}/henkilo/exists`,
        headers: { 'caller-id': `sis ${PERSONS.aino.hetu}`, 'x-request-id': PERSONS.aino.hetu },
        payload: lookupBody(PERSONS.aino),
      },
      // a failed login with a hetu for a username
      { method: 'POST' as const, url: `${API}/session`, payload: { username: '010866-9260', password: 'x' } },
    ];
    const statuses: number[] = [];
    for (const r of requests) {
      const res = await t.app.inject({ ...r, headers: { ...auth, ...(r.headers ?? {}) } });
      statuses.push(res.statusCode);
      if (r.headers?.['x-request-id'])
        expect(res.headers['x-request-id']).not.toBe(r.headers['x-request-id']);
    }
    expect(statuses).toEqual([404, 404, 200, 409, 404, 400, 204, 401]);
    await new Promise((r) => setImmediate(r));
    const text = log.text();
    // The log is there (one line a request), with the masked forms only.
    expect(text.split('\n').filter((l) => l.includes('"msg":"request"'))).toHaveLength(requests.length);
    expect(text).toContain(`${PERSONS.matti.hetu.slice(0, 7)}****`);
    for (const hetu of hetus) expect(text).not.toContain(hetu);
  });
});
