/**
 * SPEC §16: SIGKILL the server in the middle of a mass import, start it again — the import completes
 * by itself, every row has exactly one result, no person is created twice, the counters are exact.
 * Runs the real server as a child process on PostgreSQL (skipped, with a notice, without one).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { makeHetu } from '../../src/domain/hetu.ts';
import { childEnv } from '../support/env.ts';
import { adminUrl, createFromTemplate, postgresUrl } from '../support/postgres.ts';

const API = '/oppijanumerorekisteri-service';
const ROWS = 50_000;
const available = inject('postgresAvailable');
if (!available) console.warn('\nPostgreSQL not reachable: the mass-import crash test is skipped.\n');

interface Server {
  child: ChildProcess;
  url: string;
}

/** `onr serve --json` as a child process; resolves with its URL once it listens. */
function startServer(databaseUrl: string): Promise<Server> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'src', 'main.ts'), 'serve', '--json'], {
    cwd: PROJECT_ROOT,
    env: childEnv({
      DATABASE_URL: databaseUrl,
      PORT: '0',
      ONR_LOG_LEVEL: 'warn',
      ONR_SEED_DEMO_DATA: 'true',
      // A killed worker's job is taken over once its lease expires: keep the test short.
      ONR_JOB_LEASE_SECONDS: '2',
      ONR_IMPORT_BATCH_ROWS: '2500',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // The start information is pretty-printed JSON ("{" alone on a line); log lines are one-line JSON.
      const start = out.search(/^\{$/m);
      if (start < 0) return;
      try {
        const info = JSON.parse(out.slice(start)) as { url: string };
        clearTimeout(timer);
        resolve({ child, url: info.url });
      } catch {}
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}: ${out} ${errors}`));
    });
  });
}

function killed(server: Server, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function token(url: string): Promise<string> {
  const body = 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-client-secret';
  const answer = await call<{ access_token: string }>(`${url}${API}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return `Bearer ${answer.access_token}`;
}

/** 50 000 rows: mostly new persons, every 10th repeats an earlier row's person, every 97th is broken. */
function rows() {
  const hetuOf = (i: number) =>
    makeHetu(
      new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 800) * 86_400_000).toISOString().slice(0, 10),
      2 + (i % 800),
    );
  return Array.from({ length: ROWS }, (_, i) => {
    const source = i % 10 === 9 ? i - 7_001 : i;
    const hetu = i % 97 === 0 ? 'broken' : hetuOf(Math.max(0, source));
    return {
      tunniste: `row-${i}`,
      henkilo: { hetu, etunimet: 'Aino Maria', kutsumanimi: 'Aino', sukunimi: 'Virtanen' },
    };
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)('a mass import survives SIGKILL of the server [postgres]', () => {
  const name = `onr_crashtest_${randomBytes(4).toString('hex')}`;
  let database: Database;
  let server: Server | undefined;

  beforeAll(async () => {
    await createFromTemplate(name);
    database = await openDatabase({ kind: 'postgres', url: postgresUrl(name), poolSize: 2 });
  });

  afterAll(async () => {
    if (server) await killed(server, 'SIGKILL');
    await database?.close();
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('completes by itself after a restart, with exactly one result a row and no person created twice', async () => {
    server = await startServer(postgresUrl(name));
    const auth = await token(server.url);
    const input = rows();
    // The row-error mode: the broken rows are results too (every row has exactly one).
    const accepted = await call<{ id: number }>(`${server.url}${API}/yleistunniste?rivivirheet=true`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ henkilot: input }),
    });
    const progressUrl = (s: Server) => `${s.url}${API}/yleistunniste/tuonti=${accepted.id}/perustiedot`;

    // Kill it in the middle of the processing, with no warning.
    let atKill = 0;
    for (let i = 0; i < 3000; i++) {
      const progress = await call<{ kasiteltyja: number }>(progressUrl(server), {
        headers: { authorization: auth },
      });
      if (progress.kasiteltyja > 0) {
        atKill = progress.kasiteltyja;
        break;
      }
      await sleep(10);
    }
    await killed(server, 'SIGKILL');
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(ROWS);

    server = await startServer(postgresUrl(name));
    const auth2 = await token(server.url);
    let done = false;
    for (let i = 0; i < 600 && !done; i++) {
      await sleep(100);
      const progress = await call<{ kasitelty: boolean }>(progressUrl(server), {
        headers: { authorization: auth2 },
      });
      done = progress.kasitelty;
    }
    expect(done).toBe(true);

    const results = await call<{
      kasiteltavia: number;
      kasiteltyja: number;
      henkilot: { tunniste: string; henkilo?: { oid: string }; virhe?: unknown }[];
    }>(`${server.url}${API}/yleistunniste/tuonti=${accepted.id}`, { headers: { authorization: auth2 } });
    expect(results).toMatchObject({ kasiteltavia: ROWS, kasiteltyja: ROWS });
    expect(results.henkilot.map((r) => r.tunniste)).toEqual(input.map((r) => r.tunniste));
    const byHetu = new Map<string, string>();
    for (const [i, result] of results.henkilot.entries()) {
      const hetu = input[i]!.henkilo.hetu;
      if (hetu === 'broken') {
        expect(result.virhe).toBeDefined();
        continue;
      }
      // A repeated person has the OID of its first row, wherever the crash fell.
      const oid = result.henkilo!.oid;
      expect(byHetu.get(hetu) ?? oid).toBe(oid);
      byHetu.set(hetu, oid);
    }

    const db = database.db;
    const counts = await sql<{ results: number; rows: number; persons: number; distinct_hetus: number }>`
      select
        (select count(*)::int from import_results where import_id = ${accepted.id}) as results,
        (select count(distinct row_no)::int from import_results where import_id = ${accepted.id}) as rows,
        (select count(*)::int from persons where hetu = any(${[...byHetu.keys()]}::text[])) as persons,
        ${byHetu.size}::int as distinct_hetus`.execute(db);
    expect(counts.rows[0]).toEqual({
      results: ROWS,
      rows: ROWS,
      persons: byHetu.size,
      distinct_hetus: byHetu.size,
    });
    const imp = await db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', accepted.id)
      .executeTakeFirstOrThrow();
    const broken = input.filter((r) => r.henkilo.hetu === 'broken').length;
    expect(imp).toMatchObject({
      state: 'done',
      processed: ROWS,
      created_persons: byHetu.size,
      matched_persons: ROWS - broken - byHetu.size,
      conflicts: 0,
      row_errors: broken,
    });
    // Every created person is on record once.
    const audited = await sql<{ n: number; d: number }>`
      select count(*)::int as n, count(distinct oid)::int as d
      from audit_log, unnest(target_oids) as oid
      where operation = 'PERSON_CREATE' and (details ->> 'importId')::int8 = ${accepted.id}`.execute(db);
    expect(audited.rows[0]).toEqual({ n: byHetu.size, d: byHetu.size });
    // The import's job was taken over after the crash.
    const job = await db
      .selectFrom('jobs')
      .selectAll()
      .where('queue', '=', 'import')
      .executeTakeFirstOrThrow();
    expect(job.state).toBe('done');
    expect(job.attempts).toBeGreaterThanOrEqual(2);
    await killed(server, 'SIGTERM');
    server = undefined;
  });
});
