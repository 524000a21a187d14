#!/usr/bin/env node
// `onr`: runs the TypeScript CLI (src/main.ts) on the project's own Node.js 24 — the `node` package pinned in
// devDependencies — with Node's built-in type stripping, so it works without a build step and whatever Node
// the shell that started it has. The CLI runs in a child process because V8 heap flags (the young generation
// below) can only be given at start; SIGINT, SIGTERM and SIGHUP sent to this process are passed on to it, and
// this process ends as it ends, so a process manager that signals `onr` stops the registry gracefully.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ownNode = join(root, 'node_modules', 'node', 'bin', 'node');
const node = existsSync(ownNode) ? ownNode : process.execPath;

// A larger young generation: the server allocates a little for every request, and with V8's default
// (16 MB) semi-spaces it collected every ~100 ms, promoting requests still in flight; with 64 MB the
// lookup benchmark serves ~15 % more at 64 connections (docs/PERFORMANCE.md).
const child = spawn(
  node,
  ['--max-semi-space-size=64', join(root, 'src', 'main.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);

const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of forwarded) {
  process.on(signal, () => {
    // A terminal's Ctrl-C reaches the whole process group, the child included: it handles the repeat.
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.on('error', (error) => {
  process.stderr.write(`onr: cannot run ${node}: ${error.message}\n`);
  process.exit(2);
});

child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, as a shell expects of a child killed by it.
    for (const s of forwarded) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
