/**
 * Single lookup benchmark (SPEC §15): POST /yleistunniste/hae for existing persons whose names
 * match, against the server on local PostgreSQL, compared in the same run with raw indexed lookups
 * by hetu (pgbench, prepared statements, same table).
 *
 *   npx tsx bench/lookup.ts [--persons 100000] [--duration 15] [--connections 16] [--keep]
 *
 * Needs a PostgreSQL server (ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 * and pgbench on the PATH. Prints one line a figure and writes bench/results/lookup.json.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
    connections: { type: 'string', default: '16' },
    keep: { type: 'boolean', default: false },
  },
});
const PERSONS = Number(args.persons);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
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

function runAutocannon(url: string, token: string, overallRate?: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}${API}/yleistunniste/hae`,
        connections: CONNECTIONS,
        duration: DURATION,
        ...(overallRate ? { overallRate } : {}),
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

function runPgbench(url: string): { tps: number; latencyMs: number } {
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
      String(CONNECTIONS),
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
    await runAutocannon(server.url, token).then(() => undefined);

    const full = await runAutocannon(server.url, token);
    if (full.non2xx > 0 || full.errors > 0)
      throw new Error(`${full.non2xx} non-2xx answers, ${full.errors} errors`);
    const half = await runAutocannon(server.url, token, Math.floor(full.requests.average / 2));
    const raw = runPgbench(url);
    const ratio = full.requests.average / raw.tps;

    const result = {
      benchmark: 'lookup',
      date: new Date().toISOString(),
      persons: PERSONS,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      hae: {
        requestsPerSecond: full.requests.average,
        p50Ms: full.latency.p50,
        p99Ms: full.latency.p99,
        total: full.requests.total,
      },
      haeAtHalfLoad: {
        requestsPerSecond: half.requests.average,
        p50Ms: half.latency.p50,
        p99Ms: half.latency.p99,
      },
      pgbench: { transactionsPerSecond: raw.tps, latencyAverageMs: raw.latencyMs },
      ratio,
      targets: { ratio: 0.25, p99AtHalfLoadMs: 20 },
    };
    console.log(
      `hae (existing person, names match, audited): ${full.requests.average.toFixed(0)} requests/s`,
    );
    console.log(`hae latency at full load: p50 ${full.latency.p50} ms, p99 ${full.latency.p99} ms`);
    console.log(
      `hae latency at half load (${Math.floor(full.requests.average / 2)} requests/s): p50 ${half.latency.p50} ms, p99 ${half.latency.p99} ms (target p99 <= 20 ms)`,
    );
    console.log(`pgbench (prepared, indexed lookup by hetu): ${raw.tps.toFixed(0)} transactions/s`);
    console.log(`ratio hae / pgbench: ${ratio.toFixed(3)} (target >= 0.25)`);
    writeResult('lookup', result);
  } finally {
    await server.stop();
    if (!args.keep) await admin.query(`drop database if exists ${DB_NAME} with (force)`);
    await admin.end();
  }
}

await main();
