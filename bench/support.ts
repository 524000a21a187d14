import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function adminUrl(): string {
  return process.env.ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  return client;
}

export async function recreateDatabase(admin: pg.Client, name: string): Promise<void> {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs `onr serve` as a child process (its own CPU time, as in production) and waits until it answers. */
export async function startServerProcess(
  env: Record<string, string>,
  options: { probePort?: number } = {},
): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  // As `npm start` and `onr` run it (bin/onr.js), without the extra process in between; with the
  // benchmark probe (bench/probe.ts) preloaded when asked for.
  const flags = ['--max-semi-space-size=64'];
  if (options.probePort) {
    flags.push('--import', join(ROOT, 'bench', 'probe.ts'));
    env = { ...env, BENCH_PROBE_PORT: String(options.probePort) };
  }
  const child = spawn(process.execPath, [...flags, join(ROOT, 'src', 'main.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ONR_SEED_DEMO_DATA: 'false', ONR_LOG_LEVEL: 'info', ...env, PORT: port },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/oppijanumerorekisteri-service/health`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function writeResult(name: string, result: unknown): void {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote bench/results/${name}.json`);
}
