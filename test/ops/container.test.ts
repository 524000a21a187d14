import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT, SETTINGS } from '../../src/config.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';
import { childEnv } from '../support/env.ts';

/*
 * Docker does not run on the test machines: the container recipe is checked by reading it. Every
 * path it copies exists and reaches the builder, the stages are what docs/DEPLOYMENT.md says, and
 * the exact command lines of CMD, HEALTHCHECK and the compose services run.
 */

const run = promisify(execFile);
const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');

interface Instruction {
  stage: number;
  op: string;
  args: string;
}

/** The Dockerfile's instructions (continuations joined, comments dropped), with their stage. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [op = '', ...rest] = trimmed.split(/\s+/);
    if (op.toUpperCase() === 'FROM') stage += 1;
    out.push({ stage, op: op.toUpperCase(), args: rest.join(' ') });
  }
  return out;
}

/** An exec-form argument list (`["node", "…"]`), or undefined for the shell form. */
function execForm(args: string): string[] | undefined {
  const json = args.replace(/^(--\S+\s+)*CMD\s+/, '');
  if (!json.startsWith('[')) return undefined;
  return JSON.parse(json) as string[];
}

/** Runs an image's command line here: the image's `node` is this Node.js, its WORKDIR the project. */
function runHere(argv: string[], env: Record<string, string> = {}) {
  expect(argv[0]).toBe('node');
  return run(process.execPath, argv.slice(1), {
    cwd: PROJECT_ROOT,
    env: childEnv({ ONR_LOG_LEVEL: 'silent', ...env }),
    timeout: 60_000,
  });
}

/** .dockerignore patterns as the builder reads them (the simple forms this project uses). */
function ignoredBy(patterns: string[], path: string): boolean {
  return patterns.some((pattern) => {
    const regex = new RegExp(
      `^${pattern
        .replace(/\/$/, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')}(/.*)?$`,
    );
    return regex.test(path);
  });
}

describe('Dockerfile', () => {
  const dockerfile = instructions(read('Dockerfile'));
  const ignore = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const last = Math.max(...dockerfile.map((i) => i.stage));
  const runtime = dockerfile.filter((i) => i.stage === last);
  const of = (op: string) => runtime.filter((i) => i.op === op);

  it('is multi-stage on a Node.js 24 slim base', () => {
    expect(last).toBeGreaterThanOrEqual(1);
    const base = dockerfile
      .find((i) => i.op === 'ARG' && i.args.startsWith('NODE_IMAGE='))
      ?.args.split('=')[1];
    expect(base).toMatch(/^node:24[.\w-]*-slim$/);
    for (const from of dockerfile.filter((i) => i.op === 'FROM'))
      expect(from.args).toMatch(/^\$\{NODE_IMAGE\}/);
  });

  it('copies only paths that exist and reach the builder', () => {
    const copies = dockerfile.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'));
    expect(copies.length).toBeGreaterThan(3);
    for (const copy of copies) {
      const parts = copy.args.split(/\s+/);
      for (const source of parts.slice(0, -1)) {
        expect(existsSync(join(PROJECT_ROOT, source)), source).toBe(true);
        expect(ignoredBy(ignore, source), `${source} is in .dockerignore`).toBe(false);
      }
    }
    for (const path of ['node_modules', '.git', 'data', 'web/dist', 'test', 'bench/results']) {
      expect(ignoredBy(ignore, path), path).toBe(true);
    }
  });

  it('builds the UI in one stage and runs with production dependencies only', () => {
    const build = dockerfile.find((i) => i.op === 'RUN' && i.args.includes('scripts/ensure-web-build.ts'));
    expect(build).toBeDefined();
    expect(existsSync(join(PROJECT_ROOT, 'scripts/ensure-web-build.ts'))).toBe(true);
    const stageName = (n: number) =>
      dockerfile.find((i) => i.stage === n && i.op === 'FROM')?.args.split(/\s+AS\s+/i)[1];
    const fromBuild = of('COPY').find((c) => c.args.includes('web/dist'));
    expect(fromBuild?.args).toContain(`--from=${stageName(build!.stage)}`);
    const modules = of('COPY').find((c) => c.args.includes('node_modules'));
    const depsStage = dockerfile.findIndex(
      (i) => i.op === 'FROM' && modules?.args.includes(`--from=${i.args.split(/\s+AS\s+/i)[1]}`),
    );
    const depsInstall = dockerfile.find(
      (i) => i.stage === dockerfile[depsStage]?.stage && i.op === 'RUN' && i.args.includes('npm ci'),
    );
    expect(depsInstall?.args).toContain('--omit=dev');
    // The runtime stage installs nothing itself.
    expect(of('RUN').some((r) => r.args.includes('npm ci') || r.args.includes('npm install'))).toBe(false);
  });

  it('runs as a user that is not root', () => {
    const user = of('USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
  });

  it('CMD is exec form running node itself, and that exact command line runs', async () => {
    const cmd = execForm(of('CMD').at(-1)!.args);
    expect(cmd).toEqual(['node', '--max-semi-space-size=64', 'src/main.ts', 'serve']);
    const { stdout } = await runHere([...cmd!, '--help']);
    expect(stdout).toContain('Usage: onr serve');
  });

  it('the CMD serves, is ready, and stops gracefully on SIGTERM (what docker stop sends)', async () => {
    const cmd = execForm(of('CMD').at(-1)!.args)!;
    const dataDir = mkdtempSync(join(tmpdir(), 'onr-container-'));
    // The image's environment, on loopback and a free port; the embedded database in a fresh directory.
    const child = spawn(process.execPath, [...cmd.slice(1), '--json'], {
      cwd: PROJECT_ROOT,
      env: childEnv({
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        ONR_DATA_DIR: dataDir,
        ONR_LOG_LEVEL: 'warn',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${out}`)), 60_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const start = out.search(/^\{$/m);
          if (start < 0) return;
          try {
            resolve((JSON.parse(out.slice(start)) as { url: string }).url);
            clearTimeout(timer);
          } catch {}
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      const stopped = Date.now();
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(Date.now() - stopped).toBeLessThan(10_000);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  describe('HEALTHCHECK', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(await openTestDatabase('pglite'));
      await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await t?.close();
      await t?.services.database.close();
    });

    it('asks /health/ready, and its exact command succeeds against a ready server and fails without one', async () => {
      const check = of('HEALTHCHECK').at(-1)!.args;
      expect(check).toContain('/health/ready');
      const argv = execForm(check.slice(check.indexOf('CMD')));
      expect(argv).toBeDefined();
      const port = String((t.app.server.address() as AddressInfo).port);
      await expect(runHere(argv!, { PORT: port })).resolves.toBeDefined();
      // Port 9 (discard): nothing answers, the check fails.
      await expect(runHere(argv!, { PORT: '9' })).rejects.toMatchObject({ code: 1 });
    });
  });
});

describe('compose.yaml', () => {
  // Merge keys (<<: *anchor) as compose reads them.
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<
      string,
      {
        image?: string;
        build?: string;
        command?: string[] | string;
        environment?: Record<string, string>;
        volumes?: string[];
      }
    >;
  };
  const services = Object.entries(compose.services);

  it('has a primary, a streaming replica, two API instances without workers, a worker and a mail catcher', () => {
    const postgres = services.filter(([, s]) => s.image?.startsWith('postgres:'));
    expect(postgres.length).toBe(2);
    const replica = postgres.find(([, s]) => JSON.stringify(s.command).includes('pg_basebackup'));
    expect([replica?.[1].command].flat().join(' ')).toMatch(/pg_basebackup .* -R /);
    const apis = services.filter(([, s]) => s.environment?.ONR_WORKERS === 'false');
    expect(apis.length).toBe(2);
    for (const [, api] of apis) expect(api.command ?? 'the image CMD').toBe('the image CMD');
    const workers = services.filter(([, s]) => Array.isArray(s.command) && s.command.includes('worker'));
    expect(workers.length).toBe(1);
    expect(services.some(([, s]) => /mailpit|mailhog|mailcatcher/.test(s.image ?? ''))).toBe(true);
  });

  it('names only known settings, and every file it mounts exists', () => {
    for (const [name, service] of services) {
      // The registry's image is built here, never pulled.
      if (service.image === 'onr:local') expect(service.build, name).toBe('.');
      for (const key of Object.keys(service.environment ?? {})) {
        if (key.startsWith('ONR_') || key === 'DATABASE_URL')
          expect(key in SETTINGS, `${name}: ${key}`).toBe(true);
      }
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(join(PROJECT_ROOT, source)), source).toBe(true);
      }
    }
  });

  it("every onr service's command line runs", async () => {
    const commands = services.flatMap(([, s]) =>
      Array.isArray(s.command) && s.command[0] === 'node' ? [s.command] : [],
    );
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) {
      const { stdout } = await runHere([...command, '--help']);
      expect(stdout).toMatch(/^Usage: onr /);
    }
    // The population command's file is shipped.
    const population = commands.find((c) => c.includes('population'))!;
    expect(existsSync(join(PROJECT_ROOT, population[population.indexOf('serve') + 1]!))).toBe(true);
  });
});

describe('docs/DEPLOYMENT.md', () => {
  const doc = read('docs/DEPLOYMENT.md');

  it('lists every setting the registry reads', () => {
    const missing = Object.keys(SETTINGS).filter((key) => !new RegExp(`^\\| \`${key}\` +\\|`, 'm').test(doc));
    expect(missing).toEqual([]);
  });

  it('has the sections an operator looks for, and the README links it with the container files', () => {
    for (const heading of [
      '## Topology',
      '### Scaling out',
      '### Sizing',
      '## Settings',
      '## TLS and proxies',
      '## Secrets',
      '## Backups and point-in-time recovery',
      '## Anchoring the audit chain',
      '## Upgrades and migrations',
      '## Health and monitoring',
      '### Metrics',
    ]) {
      expect(doc, heading).toContain(`\n${heading}\n`);
    }
    const readme = read('README.md');
    for (const link of ['docs/DEPLOYMENT.md', 'Dockerfile', 'compose.yaml'])
      expect(readme).toContain(`](${link})`);
    for (const file of ['../Dockerfile', '../compose.yaml', '../.dockerignore']) {
      expect(doc).toContain(`](${file})`);
      expect(existsSync(join(PROJECT_ROOT, 'docs', file))).toBe(true);
    }
  });
});
