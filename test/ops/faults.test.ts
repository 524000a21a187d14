import { type AddressInfo, connect } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type InjectOptions } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackgroundWork, startBackgroundWork } from '../../src/background.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { registerDrain, registerErrorHandler } from '../../src/http/error-handler.ts';
import { unstorableTextErrors } from '../../src/http/text-guard.ts';
import { silentLogger } from '../imports/helpers.ts';
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
import { canMakeCluster, FaultyRelay, ThrowawayCluster } from '../support/pg-throwaway.ts';

/*
 * SPEC §16: every way the database can go away answers 503, never 500, and the same server recovers
 * when the database is back. A PostgreSQL server of the test's own is stopped (fast and immediate),
 * crashed, reset through a relay and starved of connections while requests keep arriving.
 */

const ERROR_SHAPE = ['status', 'error', 'message', 'path', 'timestamp', 'requestId'];
// The token endpoint answers in OAuth2's shape (RFC 6749 §5.2), with the project's fields beside it.
const OAUTH_ERROR_SHAPE = ['error', 'error_description', 'status', 'path', 'timestamp', 'requestId'];
const isTokenEndpoint = (url: unknown) => typeof url === 'string' && url.endsWith('/oauth2/token');

interface Answer {
  status: number;
  body: string;
}

// CI (ONR_TEST_REQUIRE_POSTGRES=1, run as root) must run it; elsewhere it needs root and a server.
const clusterTests = canMakeCluster() || process.env.ONR_TEST_REQUIRE_POSTGRES === '1';

describe.skipIf(!clusterTests)('database faults mid-traffic → 503, then recovery without a restart', () => {
  let cluster: ThrowawayCluster;
  let relay: FaultyRelay;
  let database: Database;
  let t: TestApp;
  let auth: { authorization: string };
  let oid: string;
  let background: BackgroundWork | undefined;
  const logged: { msg?: string; err?: { code?: string; message?: string } }[] = [];

  beforeAll(async () => {
    cluster = await ThrowawayCluster.create();
    await cluster.start();
    relay = await FaultyRelay.start(() => cluster.port);
    // Through the relay, so that connections can be reset; a small pool, so that it can be exhausted.
    database = await openDatabase({
      kind: 'postgres',
      url: `postgres://postgres@127.0.0.1:${relay.port}/postgres`,
      poolSize: 4,
    });
    await migrate(database);
    const logStream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    });
    t = await createTestApp(database, {
      env: { ONR_LOG_LEVEL: 'error' },
      app: { logger: true, logStream },
    });
    const orgs = await createOrganisations(t.services);
    const client = await serviceUser(t, orgs.provider, ['YLEISTUNNISTE_LUONTI']);
    auth = client.auth;
    // The background work runs throughout: a worker must survive the faults too.
    background = startBackgroundWork(t.services, silentLogger, { pollIntervalMs: 200 });
    const created = await lookup();
    expect(created.status, created.body).toBe(200);
    oid = JSON.parse(created.body).oid;
  }, 120_000);

  afterAll(async () => {
    await background?.stop();
    await t?.close();
    await database?.close();
    await relay?.close();
    await cluster?.drop();
  });

  async function lookup(): Promise<Answer> {
    const res = await lookUp(t, auth, PERSONS.matti);
    return { status: res.statusCode, body: res.body };
  }

  let serial = 0;
  /** A small mass import: a write transaction that also queues a job. */
  async function startImport(): Promise<Answer> {
    serial += 1;
    const res = await t.app.inject({
      method: 'PUT',
      url: `${API}/yleistunniste`,
      headers: auth,
      payload: { henkilot: [{ tunniste: `row-${serial}`, henkilo: lookupBody(PERSONS.aino) }] },
    });
    return { status: res.statusCode, body: res.body };
  }

  async function read(): Promise<Answer> {
    const res = await t.app.inject({ url: `${API}/yleistunniste/hae/${oid}`, headers: auth });
    return { status: res.statusCode, body: res.body };
  }

  /** Requests from 6 clients in a loop, around the fault; then waits until a request succeeds. */
  async function underFault(fault: () => Promise<void>, heal: () => Promise<void>, outageMs = 1500) {
    const answers: Answer[] = [];
    let stop = false;
    const loop = async (i: number) => {
      while (!stop) {
        answers.push(await [lookup, read, startImport][i % 3]!());
        await sleep(5);
      }
    };
    const loops = Promise.all(Array.from({ length: 6 }, (_, i) => loop(i)));
    await sleep(300);
    await fault();
    await sleep(outageMs);
    const duringOutage = answers.length;
    await heal();
    // Recovery without a restart: the same app answers 200 again within moments.
    const deadline = Date.now() + 30_000;
    let recovered = false;
    while (Date.now() < deadline) {
      const [a, b] = await Promise.all([lookup(), read()]);
      if (a.status === 200 && b.status === 200) {
        recovered = true;
        break;
      }
      await sleep(200);
    }
    stop = true;
    await loops;
    return { answers, duringOutage, recovered };
  }

  function expectOnly503s(run: Awaited<ReturnType<typeof underFault>>) {
    const unexpected = run.answers.filter((a) => a.status !== 200 && a.status !== 503);
    expect(unexpected.slice(0, 3), JSON.stringify(unexpected.slice(0, 3))).toEqual([]);
    const unavailable = run.answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const a of unavailable) {
      const body = JSON.parse(a.body);
      expect(Object.keys(body)).toEqual(expect.arrayContaining(ERROR_SHAPE));
      expect(body.status).toBe(503);
      expect(body.message).toMatch(/database is not available/);
    }
    expect(run.recovered).toBe(true);
    // And no request, in this phase or before, met an error the handler calls unexpected (a 500).
    expect(logged.filter((l) => l.msg === 'unexpected error')).toEqual([]);
  }

  it('fast shutdown (57P01 to sessions, 57P03 to new connections, then refused)', async () => {
    const run = await underFault(
      () => cluster.stop('fast'),
      () => cluster.start(),
    );
    expectOnly503s(run);
    // Which error each request met depends on timing (57P01 to a running query, 57P03 or a refusal to a
    // new connection): all of them are "unavailable", none "unexpected".
    expect(logged.some((l) => l.msg === 'database unavailable')).toBe(true);
    expect(logged.filter((l) => l.msg === 'unexpected error')).toEqual([]);
  }, 60_000);

  it('immediate shutdown (no goodbye: connections drop, then refused)', async () => {
    const run = await underFault(
      () => cluster.stop('immediate'),
      () => cluster.start(),
    );
    expectOnly503s(run);
  }, 60_000);

  it('a crashed server process (the postmaster ends every session and recovers)', async () => {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    const pids = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`,
    );
    await admin.end();
    expect(pids.rows.length).toBeGreaterThan(0);
    const run = await underFault(
      () => cluster.crashBackend(pids.rows[0]!.pid),
      async () => {},
    );
    expectOnly503s(run);
  }, 60_000);

  it('connections reset by the network (ECONNRESET)', async () => {
    let resets = 0;
    const run = await underFault(
      async () => {
        // Resets again and again for the outage: every new connection is torn down as well.
        const until = Date.now() + 1000;
        while (Date.now() < until) {
          resets += relay.reset();
          await sleep(20);
        }
      },
      async () => {},
      0,
    );
    expect(resets).toBeGreaterThan(0);
    expectOnly503s(run);
  }, 60_000);

  it('the server cannot take connections now (57P03, as while starting up or in recovery)', async () => {
    const run = await underFault(
      async () => {
        relay.mode = 'cannot-connect-now';
        // The pool's open connections end; every new one meets the 57P03.
        relay.reset();
      },
      async () => {
        relay.mode = 'relay';
      },
    );
    expectOnly503s(run);
    expect(logged.some((l) => l.msg === 'database unavailable' && l.err?.code === '57P03')).toBe(true);
  }, 60_000);

  it('the pool is exhausted: a request that waits too long for a connection is 503, not a hang', async () => {
    // Four long queries hold every connection of the app's pool (size 4) for longer than it waits.
    const holders = Array.from({ length: 4 }, () => sql`select pg_sleep(7)`.execute(t.services.db));
    await sleep(300);
    const started = Date.now();
    const answer = await lookup();
    expect(answer.status, answer.body).toBe(503);
    expect(Date.now() - started).toBeLessThan(6500);
    await Promise.allSettled(holders);
    expect((await lookup()).status).toBe(200);
  }, 60_000);

  it('readiness follows the database: 503 while it is down, 200 once it is back', async () => {
    await cluster.stop('fast');
    try {
      const down = await t.app.inject({ url: '/health/ready' });
      expect(down.statusCode).toBe(503);
      expect((await t.app.inject({ url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await cluster.start();
    }
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await t.app.inject({ url: '/health/ready' })).statusCode;
      if (status === 200) break;
      await sleep(200);
    }
    expect(status).toBe(200);
  }, 60_000);
});

describeEachDatabase('bytes PostgreSQL cannot store → 400 naming the field', (getDatabase) => {
  let t: TestApp;
  let auth: { authorization: string };
  let oid: string;
  beforeAll(async () => {
    t = await createTestApp(getDatabase());
    const orgs = await createOrganisations(t.services, '-bytes');
    const client = await serviceUser(t, orgs.provider, [
      'YLEISTUNNISTE_LUONTI',
      'OPPIJOIDENTUONTI',
      'HENKILON_RU',
    ]);
    auth = client.auth;
    const found = await lookUp(t, auth, PERSONS.soren);
    oid = found.json().oid;
  });
  afterAll(async () => {
    await t?.close();
  });

  const cases: { name: string; field: string; request: () => InjectOptions }[] = [
    {
      name: 'a NUL in an OID path parameter',
      field: 'oid',
      request: () => ({ url: `${API}/yleistunniste/hae/1.2.246.562.98.%00`, headers: auth }),
    },
    {
      name: 'a NUL in the person page path',
      field: 'oid',
      request: () => ({ url: `${API}/henkilo/${oid}%00`, headers: auth }),
    },
    {
      name: 'a NUL in a query parameter',
      field: 'muokattuJalkeen',
      request: () => ({ url: `${API}/oppija/muuttuneet?muokattuJalkeen=2020-01-01%00`, headers: auth }),
    },
    {
      name: 'a NUL in a JSON body field',
      field: 'etunimet',
      request: () => ({
        method: 'POST',
        url: `${API}/yleistunniste/hae`,
        headers: auth,
        payload: { ...lookupBody(PERSONS.matti), etunimet: 'Matti\u0000 Juhani' },
      }),
    },
    {
      name: 'an unpaired surrogate in a JSON body field',
      field: 'sukunimi',
      request: () => ({
        method: 'POST',
        url: `${API}/yleistunniste/hae`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...lookupBody(PERSONS.matti), sukunimi: 'X' }).replace('"X"', '"\\ud800"'),
      }),
    },
    {
      name: 'a NUL deep in a mass import row',
      field: 'henkilot[1].henkilo.passinumero',
      request: () => ({
        method: 'PUT',
        url: `${API}/oppija`,
        headers: auth,
        payload: {
          henkilot: [
            { tunniste: 'a', henkilo: { ...lookupBody(PERSONS.matti), kansalaisuus: ['246'] } },
            {
              tunniste: 'b',
              henkilo: {
                passinumero: 'AB\u00001234',
                etunimet: 'Anna',
                kutsumanimi: 'Anna',
                sukunimi: 'Ulkomainen',
                kansalaisuus: ['752'],
              },
            },
          ],
        },
      }),
    },
    {
      name: 'a NUL in a form field of the token endpoint',
      field: 'client_id',
      request: () => ({
        method: 'POST',
        url: `${API}/oauth2/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials&client_id=demo%00client&client_secret=x',
      }),
    },
    {
      name: 'a NUL in the login form',
      field: 'username',
      request: () => ({
        method: 'POST',
        url: `${API}/session`,
        payload: { username: 'demo\u0000', password: 'x' },
      }),
    },
  ];

  for (const c of cases) {
    it(`${c.name}: 400 naming ${c.field}, nothing written`, async () => {
      const before = await sql<{ n: number }>`select count(*)::int8 as n from audit_log`.execute(
        t.services.db,
      );
      const request = c.request();
      const res = await t.app.inject(request);
      expect(res.statusCode, res.body).toBe(400);
      const body = res.json();
      if (isTokenEndpoint(request.url)) {
        expect(Object.keys(body)).toEqual(expect.arrayContaining(OAUTH_ERROR_SHAPE));
        expect(body.error).toBe('invalid_request');
        expect(body.error_description).toContain(c.field);
      } else {
        expect(Object.keys(body)).toEqual(expect.arrayContaining(ERROR_SHAPE));
        expect(body.fieldErrors).toContainEqual(expect.objectContaining({ field: c.field }));
      }
      const after = await sql<{ n: number }>`select count(*)::int8 as n from audit_log`.execute(
        t.services.db,
      );
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    });
  }

  it('finds bad keys and values anywhere, and lets well-formed non-BMP text (a surrogate pair) through', () => {
    expect(unstorableTextErrors({ body: { names: ['Virtanen😀', '𝔄'] }, query: { q: 'ok' } })).toEqual([]);
    expect(unstorableTextErrors({ body: { 'a\u0000': 1, list: [{ x: 'ok' }, { x: '\udc00' }] } })).toEqual([
      { field: 'a\\u0000', message: 'the name of this field must not contain the NUL character (U+0000)' },
      { field: 'list[1].x', message: 'must be valid Unicode text (it holds an unpaired surrogate)' },
    ]);
    expect(unstorableTextErrors({ body: 'plain\u0000text' })).toEqual([
      { field: 'body', message: 'must not contain the NUL character (U+0000)' },
    ]);
  });
});

describeEachDatabase("the framework's own errors in the project's error shape", (getDatabase) => {
  let t: TestApp;
  let auth: { authorization: string };
  beforeAll(async () => {
    t = await createTestApp(getDatabase());
    const orgs = await createOrganisations(t.services, '-framework');
    auth = (await serviceUser(t, orgs.provider, ['YLEISTUNNISTE_LUONTI'])).auth;
  });
  afterAll(async () => {
    await t?.close();
  });

  const cases: { name: string; status: number; request: () => InjectOptions }[] = [
    {
      name: 'a path parameter over the router limit',
      status: 414,
      request: () => ({ url: `${API}/yleistunniste/hae/${'1'.repeat(500)}`, headers: auth }),
    },
    {
      name: 'a path that is not validly percent-encoded',
      status: 400,
      request: () => ({ url: `${API}/yleistunniste/hae/%E0%A4%A`, headers: auth }),
    },
    {
      name: 'an unsupported content type',
      status: 415,
      request: () => ({
        method: 'POST',
        url: `${API}/yleistunniste/hae`,
        headers: { ...auth, 'content-type': 'application/xml' },
        payload: '<hae/>',
      }),
    },
    {
      name: 'a body over the limit',
      status: 413,
      request: () => ({
        method: 'POST',
        url: `${API}/oauth2/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=${'x'.repeat(100_000)}`,
      }),
    },
    { name: 'an unknown route', status: 404, request: () => ({ url: '/no/such/route' }) },
    {
      name: 'an unknown method',
      status: 404,
      request: () => ({ method: 'PATCH', url: `${API}/yleistunniste/hae` }),
    },
    {
      name: 'malformed JSON',
      status: 400,
      request: () => ({
        method: 'POST',
        url: `${API}/yleistunniste/hae`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload: '{"hetu": ',
      }),
    },
    {
      name: 'an empty JSON body',
      status: 400,
      request: () => ({
        method: 'POST',
        url: `${API}/yleistunniste/hae`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload: '',
      }),
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.status} in the error shape`, async () => {
      const request = c.request();
      const res = await t.app.inject(request);
      expect(res.statusCode, res.body).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json();
      expect(Object.keys(body)).toEqual(
        expect.arrayContaining(isTokenEndpoint(request.url) ? OAUTH_ERROR_SHAPE : ERROR_SHAPE),
      );
      expect(body.status).toBe(c.status);
      expect(body).not.toHaveProperty('statusCode');
      expect(body).not.toHaveProperty('code');
      expect(body.path.length).toBeLessThanOrEqual(260);
      expect(res.headers['x-request-id']).toBe(body.requestId);
    });
  }

  it('a request the HTTP parser refuses (a control character in a header) is answered in the shape too', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET /health/live HTTP/1.1\r\nHost: x\r\nCaller-Id: a\u0001b\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(Object.keys(body)).toEqual(expect.arrayContaining(ERROR_SHAPE));
    expect(body.status).toBe(400);
  });
});

describe('while the server stops', () => {
  it('a request arriving on an open connection gets 503 in the error shape; the one in flight is answered', async () => {
    const app = Fastify({ logger: false, return503OnClosing: false });
    registerDrain(app);
    registerErrorHandler(app, 1024 * 1024);
    app.get('/slow', async () => {
      await sleep(400);
      return { done: true };
    });
    app.get('/fast', async () => ({ fast: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk;
    });
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(100);
    const closed = app.close();
    await sleep(50);
    // Pipelined on the same connection: it reaches the server while it stops.
    socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
    await Promise.race([ended, sleep(5000)]);
    socket.destroy();
    await closed;
    const responses = data.split(/(?=HTTP\/1\.1 )/);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200 /);
    expect(responses[0]).toContain('{"done":true}');
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(responses[1]!.toLowerCase()).toContain('connection: close');
    const body = JSON.parse(responses[1]!.slice(responses[1]!.indexOf('\r\n\r\n') + 4));
    expect(Object.keys(body)).toEqual(expect.arrayContaining(ERROR_SHAPE));
    expect(body).toMatchObject({ status: 503, path: '/fast' });
  });
});
