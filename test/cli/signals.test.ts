/**
 * SPEC §16 / issue 10: SIGTERM or SIGINT sent to the process the user started — `npm start`, `bin/onr.js`
 * (the `onr` command) or `onr serve` itself — stops the registry gracefully within 10 s: a request in flight
 * is answered, the background job in progress is given back to the queue (not left leased), and the process
 * the user started exits. The signal goes to that one process only, as a process manager sends it (not to
 * its process group).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import { adminUrl, postgresUrl, templateName } from '../support/postgres.ts';
import { alive, startServing } from '../support/process.ts';

const API = '/oppijanumerorekisteri-service';
const available = inject('postgresAvailable');

/** The Node process that listens, below the started one (npm → node, or onr.js → node). */
function serverPid(root: number): number {
  const tree = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = tree
    .trim()
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)!)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const below = (pid: number): number | undefined => {
    const self = rows.find((r) => r.pid === pid);
    if (self && /src\/main\.ts serve/.test(self.args)) return pid;
    for (const child of rows.filter((r) => r.ppid === pid)) {
      const found = below(child.pid);
      if (found) return found;
    }
    return undefined;
  };
  const found = below(root);
  if (!found) throw new Error(`no server process below ${root}:\n${tree}`);
  return found;
}

async function token(url: string): Promise<string> {
  const res = await fetch(`${url}${API}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-client-secret',
  });
  expect(res.status).toBe(200);
  return `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
}

/**
 * Sends the headers and the first half of a body now; `finish()` sends the rest and resolves with the
 * answer. In between the request is in flight: the server has it but cannot answer yet.
 */
function halfSent(url: string, path: string, auth: string, body: string) {
  const half = Math.floor(body.length / 2);
  const req = request(`${url}${path}`, {
    method: 'PUT',
    headers: {
      authorization: auth,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, half));
  return {
    finish() {
      req.end(body.slice(half));
      return answer;
    },
  };
}

function importBody(rows: number, seed: number) {
  return JSON.stringify({
    henkilot: Array.from({ length: rows }, (_, i) => ({
      tunniste: `row-${i}`,
      henkilo: {
        hetu: makeHetu(
          new Date(Date.UTC(1980 + (seed % 20), 0, 1) + Math.floor(i / 800) * 86_400_000)
            .toISOString()
            .slice(0, 10),
          2 + (i % 800),
        ),
        etunimet: 'Aino Maria',
        kutsumanimi: 'Aino',
        sukunimi: 'Virtanen',
      },
    })),
  });
}

describe('the process the user started stops gracefully on a signal sent to it alone', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'onr-signals-'));
    dirs.push(dir);
    return dir;
  };

  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.pid) child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['bin/onr.js serve', 'SIGTERM' as const],
    ['bin/onr.js serve', 'SIGINT' as const],
    ['npm start', 'SIGINT' as const],
  ])('%s on %s: the server stops within 10 s and releases the embedded database', async (how, signal) => {
    const dir = dataDir();
    const [command, args] =
      how === 'npm start' ? ['npm', ['start']] : [process.execPath, [join('bin', 'onr.js'), 'serve']];
    const started = await startServing(command as string, args as string[], {
      ONR_DATA_DIR: dir,
      ONR_LOG_LEVEL: 'info',
    });
    children.push(started.child);
    const server = serverPid(started.child.pid!);
    expect(existsSync(join(dir, 'onr.lock'))).toBe(true);

    const sentAt = Date.now();
    started.child.kill(signal);
    const exit = await started.exited;
    expect(exit.at - sentAt).toBeLessThan(10_000);
    expect(alive(server)).toBe(false);
    expect(started.output()).toContain(`${signal} received, stopping`);
    expect(started.output()).not.toContain('did not finish within');
    // Stopped by its own shutdown (exit 0), not killed by the signal's default action.
    expect(exit).toMatchObject({ code: 0, signal: null });
    // The embedded database was closed and its lock released: a new server opens it at once.
    expect(existsSync(join(dir, 'onr.lock'))).toBe(false);
    const again = await startServing(process.execPath, [join('src', 'main.ts'), 'serve'], {
      ONR_DATA_DIR: dir,
    });
    children.push(again.child);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });

  it('a repeated signal (Ctrl-C reaches the whole group) does not cut the shutdown short', async () => {
    const dir = dataDir();
    const started = await startServing(process.execPath, [join('bin', 'onr.js'), 'serve'], {
      ONR_DATA_DIR: dir,
      ONR_LOG_LEVEL: 'info',
    });
    children.push(started.child);
    const server = serverPid(started.child.pid!);
    started.child.kill('SIGINT');
    process.kill(server, 'SIGINT');
    const exit = await started.exited;
    expect(exit.code).toBe(0);
    expect(alive(server)).toBe(false);
  });
});

describe.skipIf(!available)('SIGTERM to `npm start` in the middle of a mass import [postgres]', () => {
  const name = `onr_signaltest_${randomBytes(4).toString('hex')}`;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${name} template ${templateName()}`);
    await admin.end();
  });

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('answers the request in flight, gives the import job back to the queue and exits within 10 s', async () => {
    const started = await startServing('npm', ['start'], {
      ONR_LOG_LEVEL: 'info',
      DATABASE_URL: postgresUrl(name),
      ONR_SEED_DEMO_DATA: 'true',
      ONR_IMPORT_BATCH_ROWS: '200',
    });
    child = started.child;
    const server = serverPid(started.child.pid!);
    const auth = await token(started.url);

    // One import being processed…
    const accepted = await fetch(`${started.url}${API}/yleistunniste`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: importBody(40_000, 1),
    });
    expect(accepted.status).toBe(200);
    const { id } = (await accepted.json()) as { id: number };
    for (let i = 0; i < 500; i++) {
      const res = await fetch(`${started.url}${API}/yleistunniste/tuonti=${id}/perustiedot`, {
        headers: { authorization: auth },
      });
      if (((await res.json()) as { kasiteltyja: number }).kasiteltyja > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    // …and a second one still being uploaded when the signal arrives.
    const inFlight = halfSent(started.url, `${API}/yleistunniste`, auth, importBody(2_000, 2));
    await new Promise((r) => setTimeout(r, 200));

    const sentAt = Date.now();
    started.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const answer = await inFlight.finish();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ kasiteltavia: 2_000 });

    const exit = await started.exited;
    expect(exit.at - sentAt).toBeLessThan(10_000);
    expect(alive(server)).toBe(false);
    expect(started.output()).toContain('SIGTERM received, stopping');

    // Nothing left leased to the stopped server: the first import's job is back in the queue, unfinished.
    const db = new pg.Client({ connectionString: postgresUrl(name) });
    await db.connect();
    try {
      const jobs = await db.query<{ state: string; locked_by: string | null }>(
        `select state, locked_by from jobs where queue = 'import' and (payload ->> 'importId')::int8 = $1`,
        [id],
      );
      const imp = await db.query<{ state: string; processed: number }>(
        'select state, processed from imports where id = $1',
        [id],
      );
      expect(imp.rows[0]!.processed).toBeLessThan(40_000);
      expect(jobs.rows).toEqual([{ state: 'queued', locked_by: null }]);
    } finally {
      await db.end();
    }
  });
});
