/**
 * Issue 11's acceptance: an integration written against the reference's DTOs only
 * (examples/reference-integration.ts) runs unchanged against the registry as `npm start` runs it — the
 * test environment's demo data on an embedded database — and every step answers as the reference would.
 * Beside it, the client whose types openapi-typescript generated from onr's OpenAPI document
 * (examples/typed-client.ts, docs/OPENAPI.md) runs against the same registry.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { childEnv } from '../support/env.ts';
import { type ServingProcess, startServing } from '../support/process.ts';

function run(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  return { child, output: () => output };
}

describe('a reference integration against the demo registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onr-compat-demo-'));
  let server: ServingProcess | undefined;
  let url = '';

  beforeAll(async () => {
    server = await startServing(process.execPath, [join('src', 'main.ts'), 'serve'], {
      ONR_DATA_DIR: dir,
      ONR_LOG_LEVEL: 'warn',
    });
    url = server.url;
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every step unchanged (examples/reference-integration.ts)', async () => {
    const example = run([join('examples', 'reference-integration.ts'), url], {});
    const code = await new Promise<number | null>((resolve) => example.child.once('exit', resolve));
    expect(example.output(), example.output()).toContain('steps answered as the reference would');
    expect(code).toBe(0);
  });

  it('the client typed from the OpenAPI document alone runs too (examples/typed-client.ts)', async () => {
    const example = run([join('examples', 'typed-client.ts'), url], {});
    const code = await new Promise<number | null>((resolve) => example.child.once('exit', resolve));
    const output = example.output();
    expect(output, output).toMatch(/^token for \d+ s$/m);
    expect(output, output).toMatch(/^import \d+ rivi-1: 1\.2\.246\.562\./m);
    expect(output, output).toMatch(/^change feed: \d+ persons$/m);
    expect(code).toBe(0);
  });
});
