/**
 * Embedded-mode start benchmark (SPEC §15: "npm start on a fresh checkout serves the UI within 15 s"):
 * clones the committed HEAD into a temporary directory, runs `npm ci` there once, then times
 * `npm start` — with no data directory and no UI build, as on a fresh checkout — until
 * `/henkilo-ui/` answers 200, `--runs` times. Each run is stopped with SIGTERM to the npm process,
 * as a terminal or process manager stops it. Prints one line a figure and writes bench/results/start.json.
 *
 *   npm run bench:start -- [--runs 3]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, ROOT, writeResult } from './support.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(args.runs);

async function timeStart(dir: string): Promise<number> {
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  rmSync(join(dir, 'web', 'dist'), { recursive: true, force: true });
  const port = await freePort();
  const started = performance.now();
  const npm = spawn('npm', ['start'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => npm.once('exit', resolve));
  try {
    for (;;) {
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/henkilo-ui/`)).status === 200) break;
      } catch {}
      if (performance.now() - started > 120_000) throw new Error('no UI within 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    return (performance.now() - started) / 1000;
  } finally {
    npm.kill('SIGTERM');
    await exited;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'onr-bench-start-'));
try {
  execFileSync('git', ['clone', '-q', ROOT, dir]);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  const seconds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    seconds.push(await timeStart(dir));
    console.log(`npm start → UI served, run ${i + 1}: ${seconds.at(-1)!.toFixed(1)} s (target <= 15 s)`);
  }
  writeResult('start', {
    benchmark: 'start',
    date: new Date().toISOString(),
    commit,
    node: execFileSync(join(dir, 'node_modules', '.bin', 'node'), ['--version'], { encoding: 'utf8' }).trim(),
    secondsToUi: seconds.map((s) => Math.round(s * 10) / 10),
    targets: { secondsToUi: 15 },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
