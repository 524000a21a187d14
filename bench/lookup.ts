/**
 * Single lookup benchmark (SPEC §15): POST /yleistunniste/hae for existing persons whose names
 * match, against the server on local PostgreSQL, compared in the same run with raw indexed lookups
 * by hetu (pgbench, prepared statements, same table).
 *
 *   npm run bench:lookup -- [--persons 100000] [--duration 15] [--connections 16,64] [--keep]
 *
 * Throughput is measured at each number of connections for both (autocannon for the server,
 * pgbench clients for PostgreSQL): the ratio at equal connections, and the ratio of each one's
 * peak — the server's requests wait for a durable audit write and need more requests in flight to
 * fill the CPU, while pgbench's lookups peak with few clients. The latency target ("p99 at half
 * that load") is measured with an open-loop generator that sends evenly spaced requests at half the
 * server's peak, each timed from when it was due (autocannon's rate mode sends each second's quota
 * in a burst and pads the histogram, which says more about autocannon than about the server).
 *
 * Needs a PostgreSQL server (ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 * and pgbench on the PATH. Prints one line a figure and writes bench/results/lookup.json.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createOrganisation, createUser } from '../src/access/index.ts';
import { SYSTEM_ACTOR } from '../src/audit/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { BENCH_FUNCTIONS_SQL, benchPerson, insertPersonsSql } from './sql-persons.ts';
import {
  adminClient,
  databaseUrl,
  freePort,
  recreateDatabase,
  startServerProcess,
  writeResult,
} from './support.ts';

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '16,64' },
    keep: { type: 'boolean', default: false },
  },
});
const PERSONS = Number(args.persons);
const DURATION = Number(args.duration);
const CONNECTION_COUNTS = args.connections.split(',').map(Number);
const DB_NAME = 'onr_bench_lookup';
const API = '/oppijanumerorekisteri-service';

async function prepareDatabase(url: string): Promise<{ clientId: string; secret: string }> {
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  try {
    await migrate(database);
    const ctx = { db: database.db, actor: SYSTEM_ACTOR, userOidNode: '98' };
    const org = await createOrganisation(ctx, { name: 'Bench provider', type: 'koulutustoimija' });
    const user = await createUser(ctx, {
      kind: 'service',
      username: 'bench-client',
      name: 'bench',
      organisationOid: org.oid,
      roles: ['YLEISTUNNISTE_LUONTI'],
      secret: 'bench-client-secret',
    });
    await database.execScript(BENCH_FUNCTIONS_SQL);
    const started = Date.now();
    const chunk = 1_000_000;
    for (let from = 0; from < PERSONS; from += chunk) {
      await database.execScript(insertPersonsSql(from, Math.min(PERSONS, from + chunk), org.oid));
    }
    await database.execScript('analyze;');
    console.log(
      `setup: ${PERSONS} persons generated in SQL in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return { clientId: user.username, secret: user.secret };
  } finally {
    await database.close();
  }
}

function runAutocannon(
  url: string,
  token: string,
  connections: number,
  duration = DURATION,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}${API}/yleistunniste/hae`,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest: (req: autocannon.Request) => ({
              ...req,
              body: JSON.stringify(benchPerson(1 + Math.floor(Math.random() * PERSONS))),
            }),
          },
        ],
      },
      (error: Error | null, result: autocannon.Result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/**
 * Open loop: `rate` requests a second, evenly spaced, for `seconds`; each latency is measured from
 * the moment the request was due, so a stalled server cannot hide its stall (no coordinated omission).
 */
async function runPaced(
  url: string,
  token: string,
  rate: number,
  seconds: number,
): Promise<{
  sent: number;
  errors: number;
  firstError?: string;
  p50: number;
  p99: number;
  achievedRate: number;
}> {
  // Kept-alive connections, as many as the load needs (like a client with a connection pool).
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let next = 0;
  while (next < total) {
    const now = performance.now();
    for (; next < total && start + (next * 1000) / rate <= now; next++) {
      const due = start + (next * 1000) / rate;
      const body = JSON.stringify(benchPerson(1 + Math.floor(Math.random() * PERSONS)));
      inFlight.push(
        new Promise<void>((resolve) => {
          const req = request(
            `${url}${API}/yleistunniste/hae`,
            {
              method: 'POST',
              agent,
              headers: {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(body),
                authorization: `Bearer ${token}`,
              },
            },
            (res) => {
              res.resume();
              res.on('end', () => {
                if (res.statusCode !== 200) {
                  errors += 1;
                  firstError ??= `HTTP ${res.statusCode}`;
                }
                latencies.push(performance.now() - due);
                resolve();
              });
            },
          );
          req.on('error', (error) => {
            errors += 1;
            firstError ??= String(error);
            resolve();
          });
          req.end(body);
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return {
    sent: total,
    errors,
    firstError,
    p50: at(0.5),
    p99: at(0.99),
    achievedRate: Math.round(total / elapsed),
  };
}

function runPgbench(url: string, clients: number): { tps: number; latencyMs: number } {
  const script = join(tmpdir(), 'onr-bench-lookup.sql');
  writeFileSync(
    script,
    `\\set i random(1, ${PERSONS})\nselect * from persons where hetu = bench_hetu(:i);\n`,
  );
  const u = new URL(url);
  const out = execFileSync(
    'pgbench',
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(DURATION),
      '-f',
      script,
      '-h',
      u.hostname,
      '-p',
      u.port || '5432',
      '-U',
      decodeURIComponent(u.username || 'postgres'),
      u.pathname.slice(1),
    ],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) } },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`could not read pgbench output:\n${out}`);
  return { tps, latencyMs };
}

async function main() {
  const admin = await adminClient();
  await recreateDatabase(admin, DB_NAME);
  const url = databaseUrl(DB_NAME);
  const credentials = await prepareDatabase(url);

  const port = await freePort();
  const server = await startServerProcess({ DATABASE_URL: url, PORT: String(port) });
  try {
    const tokenRes = await fetch(`${server.url}${API}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.secret,
      }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;

    // Warm-up: JIT, connection pool, PostgreSQL caches.
    const sanity = await fetch(`${server.url}${API}/yleistunniste/hae`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(benchPerson(1)),
    });
    if (sanity.status !== 200) throw new Error(`hae answered ${sanity.status}: ${await sanity.text()}`);
    await runAutocannon(server.url, token, Math.max(...CONNECTION_COUNTS), Math.min(DURATION, 10));

    const runs: {
      connections: number;
      hae: { requestsPerSecond: number; p50Ms: number; p99Ms: number; total: number };
      pgbench: { transactionsPerSecond: number; latencyAverageMs: number };
      ratio: number;
    }[] = [];
    for (const connections of CONNECTION_COUNTS) {
      const full = await runAutocannon(server.url, token, connections);
      if (full.non2xx > 0 || full.errors > 0)
        throw new Error(`${full.non2xx} non-2xx answers, ${full.errors} errors`);
      const raw = runPgbench(url, connections);
      const run = {
        connections,
        hae: {
          requestsPerSecond: Math.round(full.requests.average),
          p50Ms: full.latency.p50,
          p99Ms: full.latency.p99,
          total: full.requests.total,
        },
        pgbench: { transactionsPerSecond: Math.round(raw.tps), latencyAverageMs: raw.latencyMs },
        ratio: full.requests.average / raw.tps,
      };
      runs.push(run);
      console.log(
        `${connections} connections: hae ${run.hae.requestsPerSecond} requests/s (p50 ${run.hae.p50Ms} ms, p99 ${run.hae.p99Ms} ms); pgbench ${run.pgbench.transactionsPerSecond} transactions/s; ratio ${run.ratio.toFixed(3)}`,
      );
    }
    const peakHae = runs.reduce((a, b) => (b.hae.requestsPerSecond > a.hae.requestsPerSecond ? b : a));
    const peakPg = runs.reduce((a, b) =>
      b.pgbench.transactionsPerSecond > a.pgbench.transactionsPerSecond ? b : a,
    );
    const peakRatio = peakHae.hae.requestsPerSecond / peakPg.pgbench.transactionsPerSecond;
    const halfRate = Math.floor(peakHae.hae.requestsPerSecond / 2);
    const half = await runPaced(server.url, token, halfRate, DURATION);
    if (half.errors > 0)
      throw new Error(`${half.errors} failed requests at half load, the first: ${half.firstError}`);

    const result = {
      benchmark: 'lookup',
      date: new Date().toISOString(),
      persons: PERSONS,
      durationSeconds: DURATION,
      runs,
      peak: {
        hae: { requestsPerSecond: peakHae.hae.requestsPerSecond, connections: peakHae.connections },
        pgbench: {
          transactionsPerSecond: peakPg.pgbench.transactionsPerSecond,
          clients: peakPg.connections,
        },
        ratio: peakRatio,
      },
      haeAtHalfLoad: {
        targetRequestsPerSecond: halfRate,
        achievedRequestsPerSecond: half.achievedRate,
        p50Ms: half.p50,
        p99Ms: half.p99,
      },
      targets: { ratio: 0.25, p99AtHalfLoadMs: 20 },
    };
    console.log(
      `peak: hae ${peakHae.hae.requestsPerSecond} requests/s (${peakHae.connections} connections), pgbench ${peakPg.pgbench.transactionsPerSecond} transactions/s (${peakPg.connections} clients)`,
    );
    console.log(`ratio of peaks hae / pgbench: ${peakRatio.toFixed(3)} (target >= 0.25)`);
    console.log(
      `hae at half the peak load (${halfRate} requests/s, evenly spaced): p50 ${half.p50} ms, p99 ${half.p99} ms (target p99 <= 20 ms)`,
    );
    writeResult('lookup', result);
  } finally {
    await server.stop();
    if (!args.keep) await admin.query(`drop database if exists ${DB_NAME} with (force)`);
    await admin.end();
  }
}

await main();
