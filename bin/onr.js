#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx onr …` works without a build step.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// A larger young generation: the server allocates a little for every request, and with V8's default
// (16 MB) semi-spaces it collected every ~100 ms, promoting requests still in flight; with 64 MB the
// lookup benchmark serves ~15 % more at 64 connections (docs/PERFORMANCE.md).
const result = spawnSync(
  process.execPath,
  ['--max-semi-space-size=64', '--import', 'tsx', join(root, 'src', 'main.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
