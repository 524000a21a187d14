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
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createOrganisation, createUser } from '../src/access/index.ts';
import { SYSTEM_ACTOR } from '../src/audit/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { type PacedResult, runPaced } from './paced.ts';
import { BENCH_FUNCTIONS_SQL, benchPerson, insertPersonsSql } from './sql-persons.ts';
import {
  adminClient,
  databaseUrl,
  freePort,
  ROOT,
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

interface ProbeReport {
  wallMs: number;
  eventLoopDelay: { p50Ms: number; p99Ms: number; p999Ms: number; maxMs: number };
  gc: { count: number; totalMs: number; maxMs: number; share: number; byKindMs: Record<string, number> };
  cpu: { userMs: number; systemMs: number };
}

interface HalfRun {
  generator: string;
  targetRequestsPerSecond: number;
  achievedRequestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  server: ProbeReport;
  serverCpuShare: number;
  generatorCpuShare: number;
  machineBusyShare: number;
}

const lastCpu = String(cpus().length - 1);

async function probe(port: number, what: 'reset' | 'report'): Promise<ProbeReport> {
  // A connection a call: the generators can keep this process busy for longer than the probe keeps an
  // idle connection open.
  const res = await fetch(`http://127.0.0.1:${port}/${what}`, {
    method: what === 'reset' ? 'POST' : 'GET',
    headers: { connection: 'close' },
  });
  return (await res.json()) as ProbeReport;
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + fields[4]!;
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function machineShare(
  before: { busy: number; total: number },
  after: { busy: number; total: number },
): number {
  return (after.busy - before.busy) / Math.max(1, after.total - before.total);
}

/** The paced generator as a process of its own (bench/paced.ts), optionally behind a prefix such as taskset. */
function pacedProcess(url: string, token: string, rate: number, prefix: string[]): Promise<PacedResult> {
  const command = [
    ...prefix,
    process.execPath,
    join(ROOT, 'bench', 'paced.ts'),
    url,
    token,
    String(rate),
    String(DURATION),
    String(PERSONS),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as PacedResult)
        : reject(new Error(`paced generator exited with ${code}`)),
    );
  });
}

function hasH2load(): boolean {
  try {
    execFileSync('h2load', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * h2load (nghttp2-client) over HTTP/1.1 at `rate` requests a second: 16 clients, each paced at rate/16
 * requests a second. Its latencies are measured from when each request was sent (a client waits for its
 * answer before the next), so a stall delays the requests behind it instead of counting against them:
 * lower than the open-loop figure when the server stalls. One body for all requests (h2load cannot vary
 * it): the same person looked up again and again. Its CPU time comes from the shell's `times`.
 */
function runBash(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`h2load exited with ${code}`))));
  });
}

async function h2load(url: string, token: string, rate: number, prefix: string[]): Promise<PacedResult> {
  const dir = mkdtempSync(join(tmpdir(), 'onr-h2load-'));
  const body = join(dir, 'body.json');
  const log = join(dir, 'requests.log');
  writeFileSync(body, JSON.stringify(benchPerson(4242)));
  const clients = 16;
  const perClient = Math.max(1, Math.round(rate / clients));
  const h2 = [
    ...prefix,
    'h2load',
    '--h1',
    '-c',
    String(clients),
    '-D',
    String(DURATION),
    `--rps=${perClient}`,
    '-d',
    body,
    '-H',
    'content-type: application/json',
    '-H',
    `authorization: Bearer ${token}`,
    '--log-file',
    log,
    `${url}${API}/yleistunniste/hae`,
  ];
  const quoted = h2.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const out = await runBash(`${quoted} > ${dir}/out.txt; times`);
  const childTimes = out.trim().split('\n')[1] ?? '';
  const seconds = [...childTimes.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (a, m) => a + Number(m[1]) * 60 + Number(m[2]),
    0,
  );
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  const statuses = lines.map((line) => line.split('\t')[1]);
  const latencies = lines.map((line) => Number(line.split('\t')[2]) / 1000).sort((a, b) => a - b);
  rmSync(dir, { recursive: true, force: true });
  const errors = statuses.filter((s) => s !== '200').length;
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return {
    sent: lines.length,
    errors,
    firstError: errors ? `HTTP ${statuses.find((s) => s !== '200')}` : undefined,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    achievedRate: Math.round(lines.length / DURATION),
    generatorCpuMs: Math.round(seconds * 1000),
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
  const probePort = await freePort();
  const server = await startServerProcess({ DATABASE_URL: url, PORT: String(port) }, { probePort });
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
    // Half load from several generators, each measured from inside the server too (bench/probe.ts):
    // the benchmark's own in-process generator (the figure of earlier runs), the same generator as a
    // process of its own, unpinned and pinned to the last core, and h2load (nghttp2-client) when
    // installed. The probe's event-loop delay and GC share tell the server's stalls from the generator's.
    const halfRuns: HalfRun[] = [];
    const generators: [string, () => Promise<PacedResult>][] = [
      ['in-process', () => runPaced(server.url, token, halfRate, DURATION, PERSONS)],
      ['own process', () => pacedProcess(server.url, token, halfRate, [])],
      [
        `own process on CPU ${lastCpu}`,
        () => pacedProcess(server.url, token, halfRate, ['taskset', '-c', lastCpu]),
      ],
    ];
    if (hasH2load()) {
      generators.push(['h2load', () => h2load(server.url, token, halfRate, [])]);
      generators.push([
        `h2load on CPU ${lastCpu}`,
        () => h2load(server.url, token, halfRate, ['taskset', '-c', lastCpu]),
      ]);
    }
    for (const [generator, run] of generators) {
      await probe(probePort, 'reset');
      const machineBefore = machineTicks();
      const paced = await run();
      const machine = machineShare(machineBefore, machineTicks());
      const inside = await probe(probePort, 'report');
      if (paced.errors > 0)
        throw new Error(
          `${paced.errors} failed requests at half load (${generator}), the first: ${paced.firstError}`,
        );
      const halfRun: HalfRun = {
        generator,
        targetRequestsPerSecond: halfRate,
        achievedRequestsPerSecond: paced.achievedRate,
        p50Ms: paced.p50,
        p99Ms: paced.p99,
        maxMs: paced.max,
        server: inside,
        serverCpuShare: (inside.cpu.userMs + inside.cpu.systemMs) / inside.wallMs / cpus().length,
        generatorCpuShare: paced.generatorCpuMs / inside.wallMs / cpus().length,
        machineBusyShare: machine,
      };
      halfRuns.push(halfRun);
      console.log(
        `hae at half the peak load (${halfRate} requests/s, evenly spaced), ${generator}: p50 ${paced.p50} ms, p99 ${paced.p99} ms, max ${paced.max} ms (target p99 <= 20 ms)`,
      );
      console.log(
        `  server event-loop delay p99 ${inside.eventLoopDelay.p99Ms} ms (max ${inside.eventLoopDelay.maxMs} ms; target <= 5 ms); GC ${(inside.gc.share * 100).toFixed(1)} % of the time (${inside.gc.count} pauses, longest ${inside.gc.maxMs} ms)`,
      );
      console.log(
        `  machine ${(machine * 100).toFixed(0)} % busy: server ${(halfRun.serverCpuShare * 100).toFixed(0)} %, generator ${(halfRun.generatorCpuShare * 100).toFixed(0)} %, the rest PostgreSQL and others (shares of ${cpus().length} cores)`,
      );
    }
    const half = halfRuns[0]!;

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
        achievedRequestsPerSecond: half.achievedRequestsPerSecond,
        p50Ms: half.p50Ms,
        p99Ms: half.p99Ms,
      },
      halfLoadRuns: halfRuns,
      targets: { ratio: 0.25, p99AtHalfLoadMs: 20, serverEventLoopDelayP99Ms: 5 },
    };
    console.log(
      `peak: hae ${peakHae.hae.requestsPerSecond} requests/s (${peakHae.connections} connections), pgbench ${peakPg.pgbench.transactionsPerSecond} transactions/s (${peakPg.connections} clients)`,
    );
    console.log(`ratio of peaks hae / pgbench: ${peakRatio.toFixed(3)} (target >= 0.25)`);
    writeResult('lookup', result);
  } finally {
    await server.stop();
    if (!args.keep) await admin.query(`drop database if exists ${DB_NAME} with (force)`);
    await admin.end();
  }
}

await main();
