/**
 * Duplicate candidates benchmark (SPEC §15: p95 ≤ 200 ms with 10 million persons): generated
 * persons in PostgreSQL (bench/duplicate-persons.ts: name variety, 4% near-duplicates), the server
 * as a child process, and GET /henkilo/{oid}/duplikaatit for random persons, one at a time, as an
 * official's service user would call it (scoped, audited). Also the free-criteria search and how
 * many of the planted near-duplicates come back as candidates of their copy.
 *
 *   npm run bench:duplicates -- [--persons 1000000,10000000] [--queries 200] [--keep] [--reuse]
 *
 * Needs a PostgreSQL server (ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 * with a few GB of disk for 10 million persons. Prints one line a figure and writes
 * bench/results/duplicates.json. The databases are dropped afterwards unless --keep.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createOrganisation, createUser } from '../src/access/index.ts';
import { SYSTEM_ACTOR } from '../src/audit/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { GENERATOR_FUNCTIONS_SQL, insertPersonsSql } from './duplicate-persons.ts';
import { adminClient, databaseUrl, recreateDatabase, startServerProcess, writeResult } from './support.ts';

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000,10000000' },
    queries: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    /** Use a database kept by an earlier --keep run of the same size instead of generating it again. */
    reuse: { type: 'boolean', default: false },
  },
});
const SIZES = args.persons.split(',').map((s) => Number(s.replace(/_/g, '')));
const QUERIES = Number(args.queries);
const API = '/oppijanumerorekisteri-service';
const CHUNK = 1_000_000;
const SCHOOLS_IN_SCOPE = 16;
const SCHOOLS = 20;

const line = (label: string, value: string | number) => console.log(`${label.padEnd(52)} ${value}`);
const oidOf = (i: number) => `1.2.246.562.98.${10_000_000_000 + i}`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

interface Latencies {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

function summarise(ms: number[]): Latencies {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50Ms: round1(percentile(sorted, 50)),
    p95Ms: round1(percentile(sorted, 95)),
    p99Ms: round1(percentile(sorted, 99)),
    maxMs: round1(sorted.at(-1) ?? Number.NaN),
    meanMs: round1(ms.reduce((a, b) => a + b, 0) / ms.length),
  };
}

/** Migrates, creates a provider (16 schools) and another (4 schools), generates the persons. */
async function prepare(
  url: string,
  persons: number,
): Promise<{ clientId: string; secret: string; seconds: number }> {
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  try {
    await migrate(database);
    const ctx = { db: database.db, actor: SYSTEM_ACTOR, userOidNode: '98' };
    const provider = await createOrganisation(ctx, { name: 'Bench provider', type: 'koulutustoimija' });
    const other = await createOrganisation(ctx, { name: 'Other provider', type: 'koulutustoimija' });
    const schools: string[] = [];
    for (let s = 0; s < SCHOOLS; s++) {
      const parent = s < SCHOOLS_IN_SCOPE ? provider.oid : other.oid;
      schools.push(
        (await createOrganisation(ctx, { name: `School ${s + 1}`, type: 'oppilaitos', parentOid: parent }))
          .oid,
      );
    }
    const user = await createUser(ctx, {
      kind: 'service',
      username: 'bench-duplicates',
      name: 'bench',
      organisationOid: provider.oid,
      roles: ['DUPLIKAATTINAKYMA'],
      secret: 'bench-duplicates-secret',
    });
    await database.execScript(GENERATOR_FUNCTIONS_SQL);
    const started = Date.now();
    for (let from = 0; from < persons; from += CHUNK) {
      const to = Math.min(persons, from + CHUNK);
      await database.execScript(`set local synchronous_commit = off; ${insertPersonsSql(from, to, schools)}`);
      process.stdout.write(`\r  generated ${to} persons (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    process.stdout.write('\n');
    // Index-only scans of the blocking indexes need the visibility map; autovacuum would do it later.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('vacuum analyze persons');
    await client.query('vacuum analyze person_hetus');
    await client.query('vacuum analyze person_organisations');
    await client.end();
    return {
      clientId: user.username,
      secret: user.secret,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await database.close();
  }
}

/** Random persons of the in-scope schools: originals and near-duplicates as they come. */
function randomInScope(persons: number, count: number, seed: number): number[] {
  const picked = new Set<number>();
  let x = seed;
  while (picked.size < count) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    const i = 1 + (x % persons);
    if (i % SCHOOLS < SCHOOLS_IN_SCOPE) picked.add(i);
  }
  return [...picked];
}

async function runSize(admin: pg.Client, persons: number) {
  const name = `onr_bench_duplicates_${persons}`;
  const url = databaseUrl(name);
  console.log(`\n${persons} persons`);
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  let prepared: { clientId: string; secret: string; seconds: number };
  if (args.reuse && exists) {
    prepared = { clientId: 'bench-duplicates', secret: 'bench-duplicates-secret', seconds: Number.NaN };
  } else {
    await recreateDatabase(admin, name);
    prepared = await prepare(url, persons);
  }
  const sizes = await admin.query<{ size: string }>(`select pg_size_pretty(pg_database_size($1)) as size`, [
    name,
  ]);

  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  const server = await startServerProcess({ DATABASE_URL: url, ONR_WORKERS: 'false', ONR_LOG_LEVEL: 'warn' });
  try {
    const tokenRes = await fetch(`${server.url}${API}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: prepared.clientId,
        client_secret: prepared.secret,
      }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    type Item = { henkilo: { oid: string }; rajattu: boolean };
    const candidatesOf = async (i: number): Promise<{ ms: number; items: Item[] }> => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${API}/henkilo/${oidOf(i)}/duplikaatit`, { headers });
      const body = (await res.json()) as { items: Item[] };
      const ms = performance.now() - t0;
      if (res.status !== 200)
        throw new Error(`duplikaatit ${oidOf(i)}: ${res.status} ${JSON.stringify(body)}`);
      return { ms, items: body.items };
    };

    // Warm-up: connections, JIT, the first pages of the indexes.
    for (const i of randomInScope(persons, 20, 99)) await candidatesOf(i);

    const sample = randomInScope(persons, QUERIES, 12_345);
    const latencies: number[] = [];
    let withCandidates = 0;
    let candidates = 0;
    let outOfScope = 0;
    for (const i of sample) {
      const r = await candidatesOf(i);
      latencies.push(r.ms);
      if (r.items.length > 0) withCandidates++;
      candidates += r.items.length;
      outOfScope += r.items.filter((c) => c.rajattu).length;
    }
    const person = summarise(latencies);

    // The free-criteria search with the same persons' names, birth date and sex.
    const facts = await probe.query<{
      etunimet: string;
      sukunimi: string;
      syntymaaika: string;
      sukupuoli: string;
    }>(
      `select first_names as etunimet, surname as sukunimi, to_char(birth_date, 'YYYY-MM-DD') as syntymaaika,
         sex as sukupuoli from persons where id = any($1::int8[])`,
      [sample],
    );
    const searchMs: number[] = [];
    for (const body of facts.rows) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${API}/duplikaatit/haku`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      searchMs.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`haku: ${res.status}`);
    }
    const search = summarise(searchMs);

    // Recall: the planted near-duplicates of in-scope persons, and whether their original comes back.
    const planted = await probe.query<{ i: number; base: number; kind: number }>(
      `select i::int as i, dup_base(i)::int as base, dup_kind(i) as kind from generate_series(1001, $1::int8) as i
       where dup_kind(i) > 0 and i % ${SCHOOLS} < ${SCHOOLS_IN_SCOPE} limit $2`,
      [persons, QUERIES],
    );
    const byKind = new Map<number, { found: number; total: number }>();
    const plantedMs: number[] = [];
    for (const { i, base, kind } of planted.rows) {
      const r = await candidatesOf(i);
      plantedMs.push(r.ms);
      const k = byKind.get(kind) ?? { found: 0, total: 0 };
      k.total++;
      if (r.items.some((c) => c.henkilo.oid === oidOf(base))) k.found++;
      else if (process.env.BENCH_VERBOSE) console.log(`  missed: ${i} (kind ${kind}) of ${base}`);
      byKind.set(kind, k);
    }
    const found = [...byKind.values()].reduce((a, k) => a + k.found, 0);
    const recall = planted.rows.length > 0 ? found / planted.rows.length : Number.NaN;
    const kinds = [
      '',
      'surname typo',
      'first name typo',
      'only first name',
      'day/month swapped',
      'days off',
      'year typo',
      'names swapped',
    ];

    line(`persons`, persons);
    line(`database size`, sizes.rows[0]!.size);
    line(`generation in SQL (with indexes) s`, prepared.seconds);
    line(`candidates for a person: p50 ms`, person.p50Ms);
    line(`candidates for a person: p95 ms (target <= 200)`, person.p95Ms);
    line(`candidates for a person: p99 / max ms`, `${person.p99Ms} / ${person.maxMs}`);
    line(
      `persons with candidates / candidates a person`,
      `${withCandidates}/${sample.length} / ${round1(candidates / sample.length)}`,
    );
    line(`candidates outside the caller's organisations`, `${outOfScope} of ${candidates}`);
    line(`free-criteria search: p50 / p95 ms`, `${search.p50Ms} / ${search.p95Ms}`);
    line(
      `planted near-duplicates found (recall)`,
      `${found}/${planted.rows.length} (${Math.round(recall * 1000) / 10} %)`,
    );
    for (const [kind, k] of [...byKind.entries()].sort((a, b) => a[0] - b[0])) {
      line(`  ${kinds[kind]}`, `${k.found}/${k.total}`);
    }
    line(
      `planted near-duplicates: p50 / p95 ms`,
      `${summarise(plantedMs).p50Ms} / ${summarise(plantedMs).p95Ms}`,
    );
    return {
      persons,
      databaseSize: sizes.rows[0]!.size,
      generationSeconds: prepared.seconds,
      queries: sample.length,
      candidatesForPerson: person,
      personsWithCandidates: withCandidates,
      candidatesPerPerson: round1(candidates / sample.length),
      candidatesOutOfScope: outOfScope,
      freeSearch: search,
      plantedNearDuplicates: {
        queries: planted.rows.length,
        found,
        recall: Math.round(recall * 1000) / 1000,
        byKind: Object.fromEntries([...byKind.entries()].map(([kind, k]) => [kinds[kind], k])),
        latency: summarise(plantedMs),
      },
    };
  } finally {
    await server.stop();
    await probe.end();
    if (!args.keep) await admin.query(`drop database if exists ${name} with (force)`);
  }
}

async function main() {
  const admin = await adminClient();
  const results = [];
  try {
    for (const persons of SIZES) results.push(await runSize(admin, persons));
  } finally {
    await admin.end();
  }
  writeResult('duplicates', {
    benchmark: 'duplicates',
    date: new Date().toISOString(),
    endpoint: 'GET /henkilo/{oid}/duplikaatit (one at a time, Bearer token, scoped and audited)',
    target: { p95Ms: 200, persons: 10_000_000 },
    results,
  });
}

await main();
