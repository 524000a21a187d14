/**
 * Process roles (SPEC §17, docs/SCALING.md): `onr serve` with ONR_WORKERS=false answers the API and
 * processes nothing — no import, no audit sealing — and `onr worker` does that work. Two workers
 * against one database share the queue: the import is processed once. On PostgreSQL (the embedded
 * database belongs to one process).
 */
import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { makeHetu } from '../../src/domain/hetu.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { type RunningWorker, startWorker } from '../../src/worker.ts';
import { adminUrl, createFromTemplate, postgresUrl } from '../support/postgres.ts';

const API = '/oppijanumerorekisteri-service';
const available = inject('postgresAvailable');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)('process roles [postgres]', () => {
  const name = `${inject('postgresPrefix')}roles_${randomBytes(4).toString('hex')}`;
  let database: Database;
  let server: RunningServer | undefined;
  let second: RunningServer | undefined;
  const workers: RunningWorker[] = [];
  const env = () => ({
    DATABASE_URL: postgresUrl(name),
    PORT: '0',
    ONR_LOG_LEVEL: 'silent',
    ONR_JOB_LEASE_SECONDS: '5',
    ONR_IMPORT_BATCH_ROWS: '100',
  });

  beforeAll(async () => {
    await createFromTemplate(name);
    database = await openDatabase({ kind: 'postgres', url: postgresUrl(name), poolSize: 2 });
  });

  afterAll(async () => {
    await server?.stop();
    await second?.stop();
    for (const w of workers) await w.stop();
    await database?.close();
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('API instances with ONR_WORKERS=false process nothing; `onr worker` does the work, once', async () => {
    // Two API instances starting at once on an empty (test) database: one seeds the demo data, both
    // start and know the demo logins.
    [server, second] = await Promise.all([
      startServer(loadConfig({ ...env(), ONR_WORKERS: 'false' })),
      startServer(loadConfig({ ...env(), ONR_WORKERS: 'false' })),
    ]);
    expect(server.demo?.serviceUser.clientId).toBe('demo-client');
    expect(second.demo?.serviceUser.clientId).toBe('demo-client');
    const token = await fetch(`${server.url}${API}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-client-secret',
    });
    expect(token.status).toBe(200);
    const auth = {
      authorization: `Bearer ${((await token.json()) as { access_token: string }).access_token}`,
    };
    const henkilot = Array.from({ length: 1000 }, (_, i) => ({
      tunniste: `r-${i}`,
      henkilo: {
        hetu: makeHetu(i < 800 ? '1980-01-01' : '1980-01-02', 2 + (i % 800)),
        etunimet: 'Aino',
        kutsumanimi: 'Aino',
        sukunimi: 'Virtanen',
      },
    }));
    const put = await fetch(`${server.url}${API}/yleistunniste`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ henkilot }),
    });
    expect(put.status).toBe(200);
    const { id } = (await put.json()) as { id: number };
    const progress = async () =>
      (await (
        await fetch(`${server!.url}${API}/yleistunniste/tuonti=${id}/perustiedot`, { headers: auth })
      ).json()) as { kasiteltyja: number; kasitelty: boolean };

    // Several poll intervals of the runner, and of the audit sealer: nothing moves.
    await sleep(3_000);
    expect(await progress()).toMatchObject({ kasiteltyja: 0, kasitelty: false });
    const state = async () =>
      (
        await sql<{ queued: number; running: number; attempts: number; sealed: number; pending: number }>`
          select
            (select count(*)::int from jobs where state = 'queued') as queued,
            (select count(*)::int from jobs where state = 'running') as running,
            (select coalesce(sum(attempts), 0)::int from jobs) as attempts,
            (select count(*)::int from audit_chain) as sealed,
            (select count(*)::int from audit_pending) as pending`.execute(database.db)
      ).rows[0]!;
    const idle = await state();
    expect(idle).toMatchObject({ running: 0, attempts: 0, sealed: 0 });
    expect(idle.queued).toBeGreaterThan(0);
    expect(idle.pending).toBeGreaterThan(0);

    // Two workers share the queue; one serves its health checks and metrics on a port of its own.
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    workers.push(
      await startWorker(loadConfig({ ...env(), ONR_WORKER_METRICS_PORT: String(free) })),
      await startWorker(loadConfig(env())),
    );
    expect(workers[0]!.operationsUrl).toBe(`http://127.0.0.1:${free}`);
    expect(workers[1]!.operationsUrl).toBeUndefined();
    expect((await fetch(`${workers[0]!.operationsUrl}/health/ready`)).status).toBe(200);
    let done = false;
    for (let i = 0; i < 600 && !done; i++) {
      await sleep(100);
      done = (await progress()).kasitelty;
    }
    expect(done).toBe(true);
    const counts = (
      await sql<{ results: number; rows: number; persons: number }>`
        select
          (select count(*)::int from import_results where import_id = ${id}) as results,
          (select count(distinct row_no)::int from import_results where import_id = ${id}) as rows,
          (select count(*)::int from persons where hetu = any(${henkilot.map((h) => h.henkilo.hetu)}::text[])) as persons`.execute(
        database.db,
      )
    ).rows[0];
    expect(counts).toEqual({ results: 1000, rows: 1000, persons: 1000 });
    // The sealer runs in the workers: the audit records of the API's requests get sealed.
    for (let i = 0; i < 100 && (await state()).pending > 0; i++) await sleep(100);
    expect((await state()).sealed).toBeGreaterThan(0);
    // The import's rows were counted where they were processed: in the workers, scraped from the one
    // with an operations port (the counters are per process, as in production).
    const metrics = await (await fetch(`${workers[0]!.operationsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^onr_job_queue_depth/m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_p99_seconds/m);
  });
});
