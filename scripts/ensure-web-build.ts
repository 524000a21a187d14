/**
 * Builds the officials' UI (web/ → web/dist) when the build is missing or stale; `npm start` runs
 * it before the server, so a fresh checkout serves the UI without a separate build step.
 *
 * Stale means: the SHA-256 over the UI's sources (web/ without dist, the server's pure domain rules
 * that the UI imports, and the lock file that pins the build tools) differs from the one written
 * beside the last build. Hashing the contents, not comparing mtimes, keeps a fresh clone (where
 * every file is as new as any other) and a `git checkout` of older sources honest. Hashing ~60
 * small files takes milliseconds, so a current build costs `npm start` almost nothing.
 *
 * Usage: tsx scripts/ensure-web-build.ts [--force] [--quiet]
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIR = join(ROOT, 'web');
export const DIST_DIR = join(WEB_DIR, 'dist');
const STAMP = join(DIST_DIR, '.source-hash');
const INPUTS = [WEB_DIR, join(ROOT, 'src', 'domain'), join(ROOT, 'package-lock.json')];
const SKIP = new Set(['dist', 'node_modules', '.vite']);

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  const entries = readdirSync(path, { withFileTypes: true });
  return entries.flatMap((entry) => {
    const full = join(path, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : files(full);
    return entry.isFile() ? [full] : [];
  });
}

/** SHA-256 over the relative paths and contents of every input, in a stable order. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  const all = INPUTS.flatMap((input) => (input.endsWith('.json') ? [input] : files(input))).sort();
  for (const file of all) {
    hash.update(relative(ROOT, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function buildIsCurrent(hash = sourceHash()): boolean {
  return (
    existsSync(join(DIST_DIR, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash
  );
}

/** Builds when needed; answers whether it built. */
export async function ensureWebBuild(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  const hash = sourceHash();
  if (!options.force && buildIsCurrent(hash)) return false;
  const started = Date.now();
  if (!options.quiet) console.log('Building the officials\u2019 UI (web/ \u2192 web/dist) \u2026');
  // Imported only when a build is needed: loading Vite costs more than the check itself.
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: options.quiet ? 'error' : 'warn' });
  writeFileSync(STAMP, hash);
  if (!options.quiet) console.log(`UI built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  ensureWebBuild({ force: args.includes('--force'), quiet: args.includes('--quiet') }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
