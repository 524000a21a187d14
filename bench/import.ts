// Mass import benchmark (SPEC §15): N new persons with valid hetus through the real server (a child
// process on PostgreSQL), end to end — accept, process, fetch the results — against PostgreSQL COPY
// of the same rows into a copy of the persons table, in the same run. Also the server's peak RSS
// for N rows and for 5 × N rows (memory must stay flat).
//
//   npm run bench:import -- [--rows 100000] [--skip-large]
//
// Uses DATABASE_URL's server, or the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { makeHetu } from '../src/domain/hetu.ts';
import { adminClient, databaseUrl, recreateDatabase, startServerProcess, writeResult } from './support.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, 'skip-large': { type: 'boolean', default: false } },
});
const ROWS = Number(values.rows);
const LARGE_FACTOR = 5;
const API = '/oppijanumerorekisteri-service';

const FIRST = [
  'Aino',
  'Eino',
  'Helmi',
  'Väinö',
  'Lilja',
  'Onni',
  'Sofia',
  'Leevi',
  'Ella',
  'Eetu',
  'Åsa',
  'Jörgen',
];
const SECOND = ['Maria', 'Juhani', 'Johanna', 'Olavi', 'Kristiina', 'Tapani', 'Helena', 'Mikael'];
const SURNAMES = [
  'Virtanen',
  'Korhonen',
  'Mäkinen',
  'Nieminen',
  'Mäkelä',
  'Hämäläinen',
  'Laine',
  'Heikkinen',
];

interface Row {
  tunniste: string;
  henkilo: { hetu: string; etunimet: string; kutsumanimi: string; sukunimi: string };
}

/** Distinct valid (non-test) hetus: day by day from 1950, individual numbers 2–899. */
function generateRows(count: number, offset = 0): Row[] {
  const rows: Row[] = [];
  const start = Date.UTC(1950, 0, 1);
  for (let k = 0; k < count; k++) {
    const i = k + offset;
    const day = new Date(start + Math.floor(i / 898) * 86_400_000).toISOString().slice(0, 10);
    const first = FIRST[i % FIRST.length]!;
    rows.push({
      tunniste: `row-${i}`,
      henkilo: {
        hetu: makeHetu(day, 2 + (i % 898)),
        etunimet: `${first} ${SECOND[i % SECOND.length]}`,
        kutsumanimi: first,
        sukunimi: SURNAMES[(i >> 3) % SURNAMES.length]!,
      },
    });
  }
  return rows;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** CPU seconds (user + system) a process has used so far; Linux clock ticks are 1/100 s. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU used by the server and its database backends while `work` runs. The machine may be shared:
 * this figure does not depend on what else runs, wall-clock time does.
 */
async function cpuDuring<T>(serverPid: number, dbUrl: string, work: () => Promise<T>): Promise<[T, number]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const backends = async () =>
    (
      await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      )
    ).rows.map((r) => r.pid);
  const before = new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)]));
  const serverBefore = cpuSeconds(serverPid);
  const result = await work();
  let used = cpuSeconds(serverPid) - serverBefore;
  for (const pid of await backends()) used += cpuSeconds(pid) - (before.get(pid) ?? 0);
  await client.end();
  return [result, Math.round(used * 10) / 10];
}

async function token(url: string): Promise<string> {
  const res = await fetch(`${url}${API}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-client-secret',
  });
  if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

interface Timing {
  acceptS: number;
  processS: number;
  resultsS: number;
  totalS: number;
}

/** One import end to end; timings in seconds. */
async function importOnce(url: string, auth: string, rows: Row[]): Promise<Timing & { id: number }> {
  const headers = { authorization: auth, 'content-type': 'application/json' };
  const body = JSON.stringify({ henkilot: rows });
  const t0 = performance.now();
  const accepted = await fetch(`${url}${API}/yleistunniste`, { method: 'PUT', headers, body });
  if (!accepted.ok) throw new Error(`PUT: ${accepted.status} ${await accepted.text()}`);
  const { id } = (await accepted.json()) as { id: number };
  const t1 = performance.now();
  for (;;) {
    const res = await fetch(`${url}${API}/yleistunniste/tuonti=${id}/perustiedot`, { headers });
    const progress = (await res.json()) as { kasitelty: boolean };
    if (progress.kasitelty) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const t2 = performance.now();
  const res = await fetch(`${url}${API}/yleistunniste/tuonti=${id}`, { headers });
  const results = (await res.json()) as { henkilot: { henkilo?: { oid: string } }[] };
  const t3 = performance.now();
  const ok = results.henkilot.filter((r) => r.henkilo).length;
  if (results.henkilot.length !== rows.length || ok !== rows.length) {
    throw new Error(
      `import ${id}: ${results.henkilot.length} results, ${ok} persons, expected ${rows.length}`,
    );
  }
  const s = (ms: number) => Math.round(ms) / 1000;
  return { id, acceptS: s(t1 - t0), processS: s(t2 - t1), resultsS: s(t3 - t2), totalS: s(t3 - t0) };
}

/** COPY of the same rows into a copy of the persons table (same columns, indexes and defaults). */
async function timeCopy(dbUrl: string, rows: Row[]): Promise<number> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  await client.query('drop table if exists persons_copy');
  await client.query('create table persons_copy (like persons including all)');
  await client.end();
  const dir = mkdtempSync(join(tmpdir(), 'onr-bench-'));
  const file = join(dir, 'persons.csv');
  const birth = (hetu: string) => {
    const c = hetu.charAt(6);
    const century = c === '+' ? 18 : c === '-' || 'YXWVU'.includes(c) ? 19 : 20;
    return `${century}${hetu.slice(4, 6)}-${hetu.slice(2, 4)}-${hetu.slice(0, 2)}`;
  };
  writeFileSync(
    file,
    rows
      .map(
        (r, i) =>
          `1.2.246.562.98.${String(1_000_000_000 + i)}0,${r.henkilo.hetu},${r.henkilo.etunimet},${r.henkilo.kutsumanimi},${r.henkilo.sukunimi},${birth(r.henkilo.hetu)},${Number(r.henkilo.hetu.slice(7, 10)) % 2 ? '1' : '2'}`,
      )
      .join('\n'),
  );
  const t0 = performance.now();
  execFileSync('psql', [
    dbUrl,
    '-qc',
    `\\copy persons_copy (oid, hetu, first_names, nickname, surname, birth_date, sex) from '${file}' with (format csv)`,
  ]);
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

async function freshServer(name: string) {
  const admin = await adminClient();
  await recreateDatabase(admin, name);
  await admin.end();
  const dbUrl = process.env.DATABASE_URL ?? databaseUrl(name);
  const server = await startServerProcess({
    DATABASE_URL: dbUrl,
    ONR_SEED_DEMO_DATA: 'true',
    ONR_LOG_LEVEL: 'warn',
    ONR_BODY_LIMIT_MB: '256',
  });
  return { server, dbUrl, auth: `Bearer ${await token(server.url)}` };
}

const line = (label: string, value: string | number) => console.log(`${label.padEnd(44)} ${value}`);

async function main() {
  console.log(`mass import benchmark: ${ROWS} new persons (yleistunniste), server on PostgreSQL`);
  const rows = generateRows(ROWS);

  const a = await freshServer('onr_bench_import');
  let run: Timing;
  let cpuS: number;
  let copyS: number;
  let rssN: number;
  try {
    [run, cpuS] = await cpuDuring(a.server.child.pid!, a.dbUrl, () => importOnce(a.server.url, a.auth, rows));
    rssN = peakRssMb(a.server.child.pid!);
    copyS = await timeCopy(a.dbUrl, rows);
  } finally {
    await a.server.stop();
  }
  const rate = Math.round(ROWS / run.totalS);
  const copyRate = Math.round(ROWS / copyS);
  line('accept (PUT) s', run.acceptS);
  line('processing s', run.processS);
  line('fetching results s', run.resultsS);
  line('end to end s', run.totalS);
  line('end to end rows/s', rate);
  line('COPY into persons copy s', Math.round(copyS * 1000) / 1000);
  line('COPY rows/s', copyRate);
  line('ratio end to end / COPY', `${Math.round((rate / copyRate) * 1000) / 10} %`);
  line(`server peak RSS, ${ROWS} rows MB`, rssN);
  line('CPU of server + its db backends s', cpuS);

  let large: { rows: number; totalS: number; rowsPerSecond: number; peakRssMb: number } | undefined;
  if (!values['skip-large']) {
    // The same import size a request, five times over: a bigger total must not need more memory.
    const b = await freshServer('onr_bench_import_large');
    try {
      let total = 0;
      for (let k = 0; k < LARGE_FACTOR; k++) {
        total += (await importOnce(b.server.url, b.auth, generateRows(ROWS, k * ROWS))).totalS;
      }
      const n = ROWS * LARGE_FACTOR;
      large = {
        rows: n,
        totalS: Math.round(total * 1000) / 1000,
        rowsPerSecond: Math.round(n / total),
        peakRssMb: peakRssMb(b.server.child.pid!),
      };
    } finally {
      await b.server.stop();
    }
    line(`end to end rows/s, ${large.rows} rows (${LARGE_FACTOR} imports)`, large.rowsPerSecond);
    line(`server peak RSS, ${large.rows} rows MB`, large.peakRssMb);
  }

  writeResult('import', {
    rows: ROWS,
    acceptSeconds: run.acceptS,
    processSeconds: run.processS,
    resultsSeconds: run.resultsS,
    totalSeconds: run.totalS,
    rowsPerSecond: rate,
    copySeconds: Math.round(copyS * 1000) / 1000,
    copyRowsPerSecond: copyRate,
    ratioToCopy: Math.round((rate / copyRate) * 1000) / 1000,
    peakRssMb: rssN,
    cpuSecondsServerAndDatabase: cpuS,
    cores: availableParallelism(),
    loadAverageAtEnd: loadavg()[0],
    large,
    targets: { rowsPerSecond: 20_000, ratioToCopy: 0.1 },
    measuredAt: new Date().toISOString(),
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
