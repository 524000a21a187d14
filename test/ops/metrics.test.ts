import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseAllowList } from '../../src/config.ts';
import { makeHetu } from '../../src/domain/hetu.ts';
import type { HttpPopulationRegister } from '../../src/identification/http-register.ts';
import { enqueueJob } from '../../src/jobs/repository.ts';
import { metricsRegistryFor, scrape } from '../../src/ops/metrics.ts';
import { startOperationsServer } from '../../src/ops/server.ts';
import { createServices } from '../../src/services.ts';
import { backgroundOf, putImport } from '../imports/helpers.ts';
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

/** The value of one sample line `name{labels} value` (labels in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const match = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const have = Object.fromEntries(
      [...(match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[2]);
  }
  return undefined;
}

describeEachDatabase('GET /metrics', (getDatabase, kind) => {
  let t: TestApp;
  const metrics = async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };
  beforeAll(async () => {
    t = await createTestApp(getDatabase());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves Prometheus text with the process defaults to loopback', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
    expect(res.body).toContain('process_resident_memory_bytes');
    expect(sample(res.body, 'onr_database_up')).toBe(1);
  });

  it('times requests by route pattern, method and status, with no OID or hetu in any label', async () => {
    const orgs = await createOrganisations(t.services, `-metrics-${kind}`);
    const client = await serviceUser(t, orgs.provider, ['YLEISTUNNISTE_LUONTI']);
    const found = await lookUp(t, client.auth, PERSONS.matti);
    expect(found.statusCode).toBe(200);
    const oid = found.json().oid as string;
    const before =
      sample(await metrics(), 'onr_http_request_duration_seconds_count', {
        route: `${API}/yleistunniste/hae/:oid`,
        method: 'GET',
        status: '200',
      }) ?? 0;
    const read = await t.app.inject({ url: `${API}/yleistunniste/hae/${oid}`, headers: client.auth });
    expect(read.statusCode).toBe(200);
    await t.app.inject({ url: `/no/such/${PERSONS.aino.hetu}` });
    const text = await metrics();
    expect(
      sample(text, 'onr_http_request_duration_seconds_count', {
        route: `${API}/yleistunniste/hae/:oid`,
        method: 'GET',
        status: '200',
      }),
    ).toBe(before + 1);
    expect(
      sample(text, 'onr_http_request_duration_seconds_count', {
        route: 'unmatched',
        method: 'GET',
        status: '404',
      }),
    ).toBeGreaterThanOrEqual(1);
    // A found person: the register was asked once, and said found.
    expect(
      sample(text, 'onr_population_register_lookups_total', { register: 'simulated', result: 'found' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(oid);
    expect(text).not.toContain(PERSONS.matti.hetu);
    expect(text).not.toContain(PERSONS.aino.hetu);
  });

  it('reports job queue depth and the age of the oldest due job by queue', async () => {
    await enqueueJob(t.services.db, 'metrics-probe', {});
    await enqueueJob(t.services.db, 'metrics-probe', {});
    await enqueueJob(t.services.db, 'metrics-probe', {}, { delayMs: 3_600_000 });
    const text = await metrics();
    expect(sample(text, 'onr_job_queue_depth', { queue: 'metrics-probe', state: 'queued' })).toBe(3);
    const age = sample(text, 'onr_job_oldest_age_seconds', { queue: 'metrics-probe' });
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
  });

  it('counts import rows processed by outcome and identification outcomes by reason', async () => {
    const orgs = await createOrganisations(t.services, `-metrics-import-${kind}`);
    const client = await serviceUser(t, orgs.provider, ['OPPIJOIDENTUONTI']);
    const unknown = makeHetu('1971-03-04', 123);
    const before = await metrics();
    const count = (text: string, name: string, labels: Record<string, string>) =>
      sample(text, name, labels) ?? 0;
    const res = await putImport(t, client, 'oppija', {
      henkilot: [
        {
          tunniste: 'a',
          henkilo: { ...lookupBody(PERSONS.soren), kansalaisuus: ['246'] },
        },
        {
          tunniste: 'b',
          henkilo: {
            hetu: unknown,
            etunimet: 'Ei',
            kutsumanimi: 'Ei',
            sukunimi: 'Rekisterissa',
            kansalaisuus: ['246'],
          },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const work = backgroundOf(t);
    try {
      await work.runner.runUntilIdle();
    } finally {
      await work.stop();
    }
    const after = await metrics();
    const rows = (outcome: string) =>
      count(after, 'onr_import_rows_processed_total', { api: 'oppija', outcome }) -
      count(before, 'onr_import_rows_processed_total', { api: 'oppija', outcome });
    expect(rows('created')).toBe(2);
    const reasons = (reason: string) =>
      count(after, 'onr_identification_outcomes_total', { reason }) -
      count(before, 'onr_identification_outcomes_total', { reason });
    expect(reasons('OK')).toBe(1);
    expect(reasons('HETU_EI_VTJ')).toBe(1);
    expect(after).not.toContain(unknown);
  });

  it('reports the database pool: in use, idle, waiting and its size (the embedded one: its one session)', async () => {
    const text = await metrics();
    const inUse = sample(text, 'onr_db_pool_connections', { pool: 'primary', state: 'in_use' });
    const idle = sample(text, 'onr_db_pool_connections', { pool: 'primary', state: 'idle' });
    const max = sample(text, 'onr_db_pool_max', { pool: 'primary' });
    expect(max).toBe(kind === 'postgres' ? 20 : 1);
    expect(inUse).toBeGreaterThanOrEqual(0);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(inUse! + idle!).toBeLessThanOrEqual(max!);
    // The scrape's own job query may be waiting for a connection at the moment the pool is read.
    expect(sample(text, 'onr_db_pool_waiting', { pool: 'primary' })).toBeLessThanOrEqual(1);
  });

  it.runIf(kind === 'postgres')('counts connections busy with queries as in use', async () => {
    const busy = [1, 2].map(() => sql`select pg_sleep(1)`.execute(t.services.db));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const text = await metrics();
    await Promise.all(busy);
    expect(
      sample(text, 'onr_db_pool_connections', { pool: 'primary', state: 'in_use' }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('answers 403 in the error shape to a public address, also one forwarded by a trusted proxy', async () => {
    const direct = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.7' });
    expect(direct.statusCode).toBe(403);
    expect(direct.json()).toMatchObject({ status: 403, error: 'Forbidden', path: '/metrics' });
    expect(direct.body).not.toContain('process_cpu');
    const forwarded = await t.app.inject({
      url: '/metrics',
      headers: { 'x-forwarded-for': '198.51.100.4' },
    });
    expect(forwarded.statusCode).toBe(403);
    // A private address is a scraper inside the deployment's network.
    const inside = await t.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(inside.statusCode).toBe(200);
  });
});

describe('ONR_METRICS_ALLOW', () => {
  it('takes loopback, private, any and CIDR ranges', () => {
    const allowLocal = parseAllowList('loopback,private');
    for (const a of [
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      '10.0.0.1',
      '172.20.1.1',
      '192.168.5.5',
      'fd00::1',
    ])
      expect(allowLocal(a), a).toBe(true);
    for (const a of ['203.0.113.1', '8.8.8.8', '2001:db8::1', '172.32.0.1', '::ffff:8.8.8.8', 'garbage'])
      expect(allowLocal(a), a).toBe(false);
    const range = parseAllowList('203.0.113.0/24, 2001:db8::/32');
    expect(range('203.0.113.200')).toBe(true);
    expect(range('203.0.114.1')).toBe(false);
    expect(range('2001:db8::5')).toBe(true);
    expect(range('127.0.0.1')).toBe(false);
    expect(parseAllowList('any')('8.8.8.8')).toBe(true);
  });

  it('stops the start on a value that is not a range', () => {
    expect(() => loadConfig({ ONR_METRICS_ALLOW: 'everyone' })).toThrow(ConfigError);
    expect(() => loadConfig({ ONR_METRICS_ALLOW: '10.0.0.0/33' })).toThrow(/ONR_METRICS_ALLOW/);
    expect(loadConfig({}).metricsAllow).toBe('loopback,private');
  });
});

describeEachDatabase('population register circuit breaker', (getDatabase) => {
  let register: HttpPopulationRegister | undefined;
  afterAll(() => register?.close());

  it('logs every transition and reports the state as a gauge', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const config = loadConfig({
      // Nothing listens on port 9: every request is refused at once.
      ONR_POPULATION_REGISTER_URL: 'http://127.0.0.1:9',
      ONR_POPULATION_REGISTER_RETRIES: '0',
      ONR_POPULATION_REGISTER_RATE: '1000',
      ONR_LOG_LEVEL: 'silent',
    });
    const services = await createServices(config, getDatabase(), { logger: pino({ level: 'info' }, stream) });
    register = services.populationRegister as HttpPopulationRegister;
    const registry = metricsRegistryFor(services);
    expect(sample((await scrape(registry)).text, 'onr_population_register_circuit_state')).toBe(0);
    const hetu = makeHetu('1990-05-17', 123);
    for (let i = 0; i < 12; i++) await services.populationRegister.lookup(hetu).catch(() => {});
    const text = (await scrape(registry)).text;
    expect(sample(text, 'onr_population_register_circuit_state')).toBe(2);
    expect(
      sample(text, 'onr_population_register_circuit_transitions_total', { state: 'open' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'onr_population_register_rejected_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'onr_population_register_failed_requests_total')).toBeGreaterThanOrEqual(10);
    expect(
      sample(text, 'onr_population_register_lookups_total', { register: 'http', result: 'unavailable' }),
    ).toBeGreaterThanOrEqual(12);
    const open = lines.find((l) => l.circuit === 'open');
    expect(open).toMatchObject({ level: 50, component: 'population-register' });
    expect(String(open?.msg)).toContain('circuit open');
    expect(JSON.stringify(lines)).not.toContain(hetu);
  });
});

describeEachDatabase('the operations endpoints on a port of their own (for onr worker)', (getDatabase) => {
  it('serves /metrics and the health checks without the API', async () => {
    const t = await createTestApp(getDatabase());
    const ops = await startOperationsServer(t.services, { port: 0, host: '127.0.0.1' });
    try {
      const metrics = await fetch(`${ops.url}/metrics`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toContain('onr_job_queue_depth');
      expect(text).toContain('onr_identification_outcomes_total');
      expect(sample(text, 'onr_database_up')).toBe(1);
      expect((await fetch(`${ops.url}/health/ready`)).status).toBe(200);
      expect((await fetch(`${ops.url}/health/live`)).status).toBe(200);
      const api = await fetch(`${ops.url}${API}/yleistunniste/hae`, { method: 'POST' });
      expect(api.status).toBe(404);
      expect(await api.json()).toMatchObject({ status: 404, path: `${API}/yleistunniste/hae` });
    } finally {
      await ops.close();
      await t.close();
    }
  });
});
