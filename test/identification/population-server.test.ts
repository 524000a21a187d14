import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type PopulationServer, startPopulationServer } from '../../src/identification/population-server.ts';
import { SimulatedPopulationRegister } from '../../src/identification/simulated-register.ts';
import { childEnv } from '../support/env.ts';

// The wire protocol of `onr population serve`, spoken by hand, and the command itself.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHIPPED_FILE = 'resources/simulated-population-register.json';
const SHIPPED_PERSON = '091060-9190';

const register = new SimulatedPopulationRegister([
  { hetu: '010866-9260', etunimet: 'Anna-Liisa', sukunimi: 'Äijälä' },
  {
    hetu: '150378Y9019',
    etunimet: 'Søren',
    sukunimi: 'Jørgensen',
    passivoitu: true,
    aktiivinenHetu: '311299-999E',
  },
  { hetu: '010100A904L', etunimet: 'Émilie', sukunimi: 'Virtanen', passivoitu: true },
]);

const servers: PopulationServer[] = [];
async function start(options: Partial<Parameters<typeof startPopulationServer>[0]> = {}) {
  const server = await startPopulationServer({ register, ...options });
  servers.push(server);
  return server;
}

async function get(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('the wire protocol', () => {
  it('found → 200 with the person', async () => {
    const server = await start();
    const answer = await get(`${server.url}/henkilo/010866-9260`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      status: 'found',
      henkilo: {
        hetu: '010866-9260',
        etunimet: 'Anna-Liisa',
        sukunimi: 'Äijälä',
        formerSurnames: [],
        sukupuoli: '2',
        syntymaaika: '1966-08-01',
        aidinkieli: 'fi',
        kansalaisuudet: ['246'],
        turvakielto: false,
      },
    });
  });

  it('passivated → 200, with the active hetu when known', async () => {
    const server = await start();
    expect((await get(`${server.url}/henkilo/150378Y9019`)).body).toEqual({
      status: 'passivated',
      aktiivinenHetu: '311299-999E',
    });
    expect((await get(`${server.url}/henkilo/010100A904L`)).body).toEqual({ status: 'passivated' });
  });

  it('unknown, malformed or badly encoded → 404 not_found', async () => {
    const server = await start();
    for (const path of ['311299-999E', 'nonsense', '%E0%A4%A']) {
      expect(await get(`${server.url}/henkilo/${path}`)).toMatchObject({
        status: 404,
        body: { status: 'not_found' },
      });
    }
  });

  it('other paths and methods are errors that do not look like answers', async () => {
    const server = await start();
    expect(await get(`${server.url}/person/010866-9260`)).toMatchObject({
      status: 404,
      body: { error: 'no such path' },
    });
    const post = await get(`${server.url}/henkilo/010866-9260`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(await get(`${server.url}/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('Basic authentication when credentials are given; /health stays open', async () => {
    const server = await start({ credentials: { username: 'vtj', password: 'pässwörd' } });
    const refused = await get(`${server.url}/henkilo/010866-9260`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = Buffer.from('vtj:password').toString('base64');
    expect(
      (await get(`${server.url}/henkilo/010866-9260`, { headers: { authorization: `Basic ${wrong}` } }))
        .status,
    ).toBe(401);
    const right = Buffer.from('vtj:pässwörd').toString('base64');
    expect(
      (await get(`${server.url}/henkilo/010866-9260`, { headers: { authorization: `Basic ${right}` } }))
        .status,
    ).toBe(200);
    expect((await get(`${server.url}/health`)).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('queued faults come first, in order, then normal answers', async () => {
    const server = await start();
    server.faults.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 3 });
    server.faults.failNext(1, { kind: 'answer', status: 200, body: 'not json', contentType: 'text/plain' });
    server.faults.failNext(1);
    const url = `${server.url}/henkilo/010866-9260`;
    const first = await get(url);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(await get(url)).toMatchObject({ status: 200, body: 'not json' });
    expect((await get(url)).status).toBe(503);
    expect((await get(url)).status).toBe(200);
    expect(server.stats().requests).toBe(4);
  });

  it('reset drops the connection; failRate and latency are standing settings; clear() ends them', async () => {
    const server = await start({ faults: { failRate: 1, failWith: { kind: 'reset' } } });
    const url = `${server.url}/henkilo/010866-9260`;
    await expect(fetch(url)).rejects.toThrow();
    server.faults.set({ failWith: { kind: 'status', status: 500 }, latencyMs: 50 });
    const started = performance.now();
    expect((await get(url)).status).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    server.faults.clear();
    expect((await get(url)).status).toBe(200);
    expect(() => server.faults.set({ failRate: 2 })).toThrow(RangeError);
  });

  it('counts requests in flight', async () => {
    const server = await start({ faults: { latencyMs: 50 } });
    await Promise.all([1, 2, 3].map(() => get(`${server.url}/henkilo/010866-9260`)));
    expect(server.stats()).toMatchObject({ requests: 3, inFlight: 0, maxInFlight: 3 });
  });

  it('close() does not wait for slow answers', async () => {
    const server = await startPopulationServer({ register, faults: { latencyMs: 60_000 } });
    const pending = fetch(`${server.url}/henkilo/010866-9260`).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('onr population serve', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
  });

  /** Runs the CLI in one process (node itself, no npx wrapper) so that killing it ends it. */
  function onr(...args: string[]): ChildProcess {
    child = spawn(process.execPath, ['src/main.ts', ...args], {
      cwd: ROOT,
      env: childEnv({ ONR_POPULATION_REGISTER_USERNAME: '', ONR_POPULATION_REGISTER_PASSWORD: '' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return child;
  }

  async function output(stream: NodeJS.ReadableStream, until: (text: string) => boolean): Promise<string> {
    let text = '';
    for await (const chunk of stream) {
      text += String(chunk);
      if (until(text)) break;
    }
    return text;
  }

  it('serves the shipped register and stops on SIGTERM', async () => {
    const proc = onr('population', 'serve', SHIPPED_FILE, '--port', '0', '--json');
    const text = await output(proc.stdout!, (t) => t.trimEnd().endsWith('}'));
    const started = JSON.parse(text) as { url: string; persons: number; authentication: boolean };
    expect(started.persons).toBeGreaterThan(100);
    expect(started.authentication).toBe(false);
    const answer = await get(`${started.url}/henkilo/${SHIPPED_PERSON}`);
    expect(answer).toMatchObject({
      status: 200,
      body: { status: 'found', henkilo: { hetu: SHIPPED_PERSON } },
    });
    proc.kill('SIGTERM');
    const [code] = await once(proc, 'exit');
    expect(code).toBe(0);
  });

  it('requires the credentials it is given', async () => {
    const proc = onr(
      'population',
      'serve',
      SHIPPED_FILE,
      '--port',
      '0',
      '--json',
      '--username',
      'u',
      '--password',
      'p',
    );
    const started = JSON.parse(await output(proc.stdout!, (t) => t.trimEnd().endsWith('}'))) as {
      url: string;
    };
    expect((await get(`${started.url}/henkilo/${SHIPPED_PERSON}`)).status).toBe(401);
  });

  it('names a bad file and exits with 2', async () => {
    const proc = onr('population', 'serve', 'register.txt');
    const [stderr, [code]] = await Promise.all([output(proc.stderr!, () => false), once(proc, 'exit')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^onr: .*must end in \.json or \.csv/);
  });
});
