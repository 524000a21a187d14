/**
 * Browser tests of the officials' UI: one real server (`onr serve`, embedded PGlite in a temporary
 * data directory, demo data seeded) and Debian's Chromium driven by playwright-core. Nothing is
 * downloaded: the browser is /usr/bin/chromium or the tests skip with a notice — unless
 * ONR_TEST_REQUIRE_BROWSER=1 (CI), which makes a missing browser an error.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { childEnv } from '../support/env.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const API = '/oppijanumerorekisteri-service';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/** True when the browser tests can run; throws when CI requires them and the browser is missing. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.ONR_TEST_REQUIRE_BROWSER === '1') {
    throw new Error(`ONR_TEST_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install chromium)`);
  }
  console.warn(`NOTICE: browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium).`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  /** "METHOD /path" of every documented operation (paths as in the OpenAPI document). */
  documented: Set<string>;
  stop(): Promise<void>;
}

/** Builds the UI if stale, then starts `onr serve` as a child process and waits until it answers. */
export async function startServer(): Promise<RunningServer> {
  await ensureWebBuild({ quiet: true });
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'onr-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['src/main.ts', 'serve'], {
    cwd: ROOT,
    env: childEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      ONR_DATA_DIR: dataDir,
      ONR_ENVIRONMENT: 'test',
      ONR_LOG_LEVEL: 'warn',
      ONR_PUBLIC_URL: `http://127.0.0.1:${port}`,
      // The tests log in more often than a person would; the limit itself is tested in test/access.
      ONR_LOGIN_RATE_LIMIT: '1000',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`onr serve exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}${API}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`onr serve did not answer in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const doc = (await (await fetch(`${url}${API}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(API, '')}`),
    ),
  );
  return {
    url,
    documented,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  // Playwright gives every launch a fresh temporary profile (its own --user-data-dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function newContext(
  browser: Browser,
  server: RunningServer,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, baseURL: server.url, locale: 'fi-FI' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  return context;
}

export const DEMO_PASSWORD = (username: string) => `${username}-password`;

/** Signs in through the login form (the UI's language is whatever the page shows). */
export async function login(page: Page, username: string, password = DEMO_PASSWORD(username)): Promise<void> {
  await page.goto('/henkilo-ui/');
  await page.locator('input[autocomplete="username"]').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('nav').first().waitFor();
}

export async function setLanguage(page: Page, name: 'Suomi' | 'Svenska' | 'English'): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The demo service user's token, for preparing data through the API (imports). */
export async function serviceToken(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.url}${API}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-client-secret',
  });
  if (!res.ok) throw new Error(`token: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function api<T>(
  server: RunningServer,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${server.url}${API}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

/** A PUT /oppija import, waited for until processed; answers the results. */
export async function importPersons(
  server: RunningServer,
  rows: { tunniste: string; henkilo: Record<string, unknown> }[],
): Promise<{ henkilot: { tunniste?: string; henkilo?: { oid: string }; virhe?: unknown }[] }> {
  const token = await serviceToken(server);
  const started = await api<{ id: number }>(server, token, 'PUT', '/oppija', { henkilot: rows });
  for (let i = 0; i < 240; i += 1) {
    const progress = await api<{ kasitelty: boolean }>(
      server,
      token,
      'GET',
      `/oppija/tuonti=${started.id}/perustiedot`,
    );
    if (progress.kasitelty) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return api(server, token, 'GET', `/oppija/tuonti=${started.id}`);
}

export interface RegisterPerson {
  hetu: string;
  etunimet: string;
  sukunimi: string;
  kutsumanimi?: string;
  sukupuoli?: string;
  passivoitu?: boolean;
  kuolinpaiva?: string;
  turvakielto?: boolean;
}

/** Living, active persons of the shipped simulated population register (the server's default). */
export function registerPersons(): RegisterPerson[] {
  const all = JSON.parse(
    readFileSync(join(ROOT, 'resources', 'simulated-population-register.json'), 'utf8'),
  ) as RegisterPerson[];
  return all.filter((p) => !p.passivoitu && !p.kuolinpaiva && !p.turvakielto);
}

export const kutsumanimiOf = (p: RegisterPerson) => p.kutsumanimi ?? p.etunimet.split(' ')[0]!.split('-')[0]!;
