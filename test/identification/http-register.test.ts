import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import {
  type CircuitState,
  createHttpPopulationRegister,
  HetuRefusedError,
  type HttpPopulationRegister,
  type HttpRegisterOptions,
  parseRetryAfter,
} from '../../src/identification/http-register.ts';
import {
  type PopulationLookup,
  type PopulationRegister,
  PopulationRegisterUnavailableError,
} from '../../src/identification/population-register.ts';
import { type PopulationServer, startPopulationServer } from '../../src/identification/population-server.ts';
import {
  SimulatedPopulationRegister,
  type SimulatedRegisterEntry,
} from '../../src/identification/simulated-register.ts';

// The adapter against the real `onr population serve` server, started in-process on a free port.

const FOUND = '010866-9260';
const PASSIVATED_WITH_ACTIVE = '150378Y9019';
const PASSIVATED = '010100A904L';
const ACTIVE = '311299-999E';
const UNKNOWN = makeHetu('2002-02-02', 998);
/** A hetu with an ordinary individual number (not 900–999): what production sends. */
const REAL = makeHetu('1990-05-17', 123);

const ENTRIES: SimulatedRegisterEntry[] = [
  {
    hetu: FOUND,
    etunimet: 'Anna-Liisa Maria',
    sukunimi: 'Äijälä',
    kutsumanimi: 'Liisa',
    entisetSukunimet: ['Östman'],
    kotikunta: '091',
    turvakielto: true,
  },
  {
    hetu: PASSIVATED_WITH_ACTIVE,
    etunimet: 'Søren',
    sukunimi: 'Jørgensen',
    passivoitu: true,
    aktiivinenHetu: ACTIVE,
  },
  { hetu: PASSIVATED, etunimet: 'Émilie', sukunimi: 'Virtanen', passivoitu: true },
  { hetu: ACTIVE, etunimet: 'Søren', sukunimi: 'Jørgensen', kuolinpaiva: '2020-02-29' },
  { hetu: REAL, etunimet: 'Matti', sukunimi: 'Mäkinen' },
];
const register = new SimulatedPopulationRegister(ENTRIES);
const FOUND_ANSWER = (await register.lookup(FOUND)) as Extract<PopulationLookup, { kind: 'found' }>;

/** Short delays so that retries and the breaker play out in milliseconds. */
const FAST: Partial<HttpRegisterOptions> = {
  retries: 2,
  retryBaseDelayMs: 5,
  retryMaxDelayMs: 20,
  timeoutMs: 2000,
  ratePerSecond: 1000,
  concurrency: 8,
};

let server: PopulationServer;
const adapters: HttpPopulationRegister[] = [];

function adapter(options: Partial<HttpRegisterOptions> = {}, at: PopulationServer = server) {
  const created = createHttpPopulationRegister({ url: at.url, ...FAST, ...options });
  adapters.push(created);
  return created;
}

/** The rejection of a lookup that must fail. */
async function failure(promise: Promise<PopulationLookup>): Promise<Error> {
  const settled = await promise.then(
    (answer) => ({ answer }),
    (error: Error) => ({ error }),
  );
  if ('answer' in settled) throw new Error(`expected a failure, got ${JSON.stringify(settled.answer)}`);
  return settled.error;
}

beforeEach(async () => {
  server = await startPopulationServer({ register });
});

afterEach(async () => {
  for (const a of adapters.splice(0)) a.close();
  await server.close();
});

describe('answers', () => {
  it('found: the register record, as the simulated register gives it', async () => {
    const answer = await adapter().lookup(FOUND);
    expect(answer).toEqual(await register.lookup(FOUND));
    expect(answer).toMatchObject({
      kind: 'found',
      person: { hetu: FOUND, sukunimi: 'Äijälä', formerSurnames: ['Östman'], turvakielto: true },
    });
  });

  it('not found', async () => {
    expect(await adapter().lookup(UNKNOWN)).toEqual({ kind: 'not_found' });
  });

  it('passivated, with and without the active hetu', async () => {
    const a = adapter();
    expect(await a.lookup(PASSIVATED_WITH_ACTIVE)).toEqual({ kind: 'passivated', activeHetu: ACTIVE });
    expect(await a.lookup(PASSIVATED)).toEqual({ kind: 'passivated' });
  });

  it('keeps the optional fields of a found person (death date)', async () => {
    expect(await adapter().lookup(ACTIVE)).toMatchObject({
      kind: 'found',
      person: { kuolinpaiva: '2020-02-29' },
    });
  });
});

describe('HTTP Basic authentication', () => {
  const credentials = { username: 'onr', password: 'sala kala' };
  let guarded: PopulationServer;
  beforeEach(async () => {
    guarded = await startPopulationServer({ register, credentials });
  });
  afterEach(() => guarded.close());

  it('is accepted with the right credentials', async () => {
    const answer = await adapter(credentials, guarded).lookup(FOUND);
    expect(answer.kind).toBe('found');
  });

  it.each([
    ['a wrong password', { username: 'onr', password: 'wrong' }],
    ['no credentials', {}],
  ])('refuses %s: unavailable, not retried', async (_, given) => {
    const error = await failure(adapter(given, guarded).lookup(FOUND));
    expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
    expect(error.message).toMatch(/HTTP 401/);
    expect(guarded.stats().requests).toBe(1);
  });
});

describe('transient failures', () => {
  it.each([
    ['503', { kind: 'status', status: 503 }],
    ['500', { kind: 'status', status: 500 }],
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfterSeconds: 0 }],
    ['a dropped connection', { kind: 'reset' }],
    ['malformed JSON', { kind: 'answer', status: 200, body: '{"status":"found","henkilo":{' }],
  ] as const)('%s is retried and the lookup succeeds', async (_, fault) => {
    server.faults.failNext(2, fault);
    const a = adapter();
    expect((await a.lookup(FOUND)).kind).toBe('found');
    expect(server.stats().requests).toBe(3);
    expect(a.stats()).toMatchObject({
      lookups: 1,
      requests: 3,
      retries: 2,
      failedRequests: 2,
      unavailable: 0,
    });
  });

  it('a persistent failure ends in PopulationRegisterUnavailableError, never "not found"', async () => {
    server.faults.set({ failRate: 1 });
    const a = adapter({ retries: 3 });
    const error = await failure(a.lookup(UNKNOWN));
    expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
    expect(error.message).toMatch(/HTTP 503/);
    expect(server.stats().requests).toBe(4);
    expect(a.stats()).toMatchObject({ requests: 4, retries: 3, unavailable: 1 });
  });

  it('a timeout is a transient failure', async () => {
    server.faults.set({ latencyMs: 300 });
    const a = adapter({ timeoutMs: 50, retries: 1 });
    const error = await failure(a.lookup(FOUND));
    expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
    expect(error.message).toMatch(/did not answer within 50 ms/);
    expect(a.stats().requests).toBe(2);
  });

  it('a deadline (single lookups: someone is waiting) cuts the request short and stops the retries', async () => {
    server.faults.set({ latencyMs: 400 });
    const a = adapter({ timeoutMs: 1000, retries: 5, retryBaseDelayMs: 50, retryMaxDelayMs: 50 });
    const started = Date.now();
    const error = await failure(a.lookup(FOUND, { deadlineMs: 250 }));
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
    // The request timed out at the deadline, not after its own 1000 ms; no retry fits after it.
    expect(waited).toBeLessThan(900);
    expect(error.message).toMatch(/within 250 ms/);
    expect(a.stats()).toMatchObject({ requests: 1, retries: 0, unavailable: 1 });
    // Without a deadline (the identification worker) the same register is waited for.
    server.faults.set({ latencyMs: 100 });
    expect((await a.lookup(FOUND)).kind).toBe('found');
  });

  it('a timed-out first attempt is retried', async () => {
    const a = adapter({ timeoutMs: 100 });
    server.faults.set({ latencyMs: 300 });
    const pending = a.lookup(FOUND);
    // The first request is on its way and will time out; later ones are answered at once.
    await waitFor(() => server.stats().requests === 1);
    server.faults.set({ latencyMs: 0 });
    expect((await pending).kind).toBe('found');
    expect(a.stats().retries).toBeGreaterThanOrEqual(1);
  });

  it('a Retry-After longer than the adapter waits ends the lookup at once', async () => {
    server.faults.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 120 });
    const error = await failure(adapter({ maxRetryAfterMs: 1000 }).lookup(FOUND));
    expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
    expect(error.message).toMatch(/wait 120 s/);
    expect(server.stats().requests).toBe(1);
  });
});

describe('answers that are not retried', () => {
  it('404 not found is an answer: one request', async () => {
    const a = adapter();
    expect(await a.lookup(UNKNOWN)).toEqual({ kind: 'not_found' });
    expect(server.stats().requests).toBe(1);
    expect(a.stats()).toMatchObject({ requests: 1, retries: 0, failedRequests: 0 });
  });

  it.each([400, 403])('%i: unavailable after one request', async (status) => {
    server.faults.failNext(1, { kind: 'status', status });
    const error = await failure(adapter().lookup(FOUND));
    expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
    expect(server.stats().requests).toBe(1);
  });
});

describe('malformed answers are unavailable, never "not found"', () => {
  const { person: henkilo } = FOUND_ANSWER;
  it.each([
    ['a 404 that is not the protocol (wrong path, proxy page)', 404, '<html>Not Found</html>'],
    ['a 404 with another JSON body', 404, '{"error":"no such path"}'],
    ['not_found with 200', 200, '{"status":"not_found"}'],
    ['found with 404', 404, JSON.stringify({ status: 'found', henkilo: { ...henkilo, hetu: FOUND } })],
    ['an unknown status', 200, '{"status":"maybe"}'],
    ['found without a person', 200, '{"status":"found"}'],
    [
      'a person of another hetu',
      200,
      JSON.stringify({ status: 'found', henkilo: { ...henkilo, hetu: ACTIVE } }),
    ],
    ['an impossible sex', 200, JSON.stringify({ status: 'found', henkilo: { ...henkilo, sukupuoli: '3' } })],
    ['an impossible active hetu', 200, '{"status":"passivated","aktiivinenHetu":"311299-999X"}'],
    ['an empty body', 200, ''],
  ])('%s', async (_, status, body) => {
    server.faults.set({ failRate: 1, failWith: { kind: 'answer', status, body } });
    const error = await failure(adapter({ retries: 1 }).lookup(FOUND));
    expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
    expect(error.message).toMatch(/malformed answer/);
    // Malformed answers are transient: retried like any other.
    expect(server.stats().requests).toBe(2);
  });

  it('ignores fields the register adds, keeping only the known ones', async () => {
    const body = JSON.stringify({ status: 'found', henkilo: { ...FOUND_ANSWER.person, lempiruoka: 'kala' } });
    server.faults.failNext(1, { kind: 'answer', status: 200, body });
    expect(await adapter().lookup(FOUND)).toEqual(FOUND_ANSWER);
  });
});

describe('circuit breaker', () => {
  const breaker = { volumeThreshold: 4, resetTimeoutMs: 300 };

  it('opens after repeated failures, fails fast while open, and closes once the register recovers', async () => {
    const states: CircuitState[] = [];
    const a = adapter({
      retries: 0,
      circuitBreaker: breaker,
      onCircuitStateChange: (state) => states.push(state),
    });
    server.faults.set({ failRate: 1 });
    for (let i = 0; i < 4; i++) await failure(a.lookup(FOUND));
    expect(a.stats().circuit).toBe('open');
    expect(server.stats().requests).toBe(4);

    // Open: the register is not asked at all.
    for (let i = 0; i < 5; i++) {
      const error = await failure(a.lookup(FOUND));
      expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
      expect(error.message).toMatch(/circuit open/);
    }
    expect(server.stats().requests).toBe(4);
    expect(a.stats().rejected).toBe(5);

    server.faults.clear();
    await waitFor(() => a.stats().circuit === 'half_open');
    // Half-open: one trial request; its success closes the circuit.
    expect((await a.lookup(FOUND)).kind).toBe('found');
    expect(a.stats().circuit).toBe('closed');
    expect(server.stats().requests).toBe(5);
    expect(states).toEqual(['open', 'half_open', 'closed']);
  });

  it('a failed half-open trial opens the circuit again', async () => {
    const a = adapter({ retries: 0, circuitBreaker: breaker });
    server.faults.set({ failRate: 1 });
    for (let i = 0; i < 4; i++) await failure(a.lookup(FOUND));
    await waitFor(() => a.stats().circuit === 'half_open');
    await failure(a.lookup(FOUND));
    expect(a.stats().circuit).toBe('open');
    expect(server.stats().requests).toBe(5);
  });

  it('stops retrying a lookup once the circuit opens', async () => {
    server.faults.set({ failRate: 1 });
    const a = adapter({ retries: 10, circuitBreaker: breaker });
    const error = await failure(a.lookup(FOUND));
    expect(error.message).toMatch(/circuit open/);
    expect(server.stats().requests).toBe(4);
  });

  it('answers (found, not found, passivated) keep it closed', async () => {
    const a = adapter({ retries: 0, circuitBreaker: breaker });
    for (let i = 0; i < 3; i++) {
      for (const hetu of [FOUND, UNKNOWN, PASSIVATED]) await a.lookup(hetu);
    }
    expect(a.stats().circuit).toBe('closed');
  });
});

describe('rate limit and concurrency', () => {
  it('sends at most ratePerSecond requests in any second', async () => {
    const rate = 4;
    const a = adapter({ ratePerSecond: rate, concurrency: 20 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => a.lookup(FOUND)));
    const arrivals = server.stats().arrivals;
    expect(arrivals).toHaveLength(10);
    // 10 requests at 4 a second: 4 at once, 4 a second later, 2 after another second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    for (const t of arrivals) {
      // Slack: the server sees arrival times, and one batch may travel slower than the next.
      expect(arrivals.filter((u) => u >= t && u < t + 800).length).toBeLessThanOrEqual(rate);
    }
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    server.faults.set({ latencyMs: 50 });
    const a = adapter({ concurrency: 2 });
    const pending = Promise.all(Array.from({ length: 8 }, () => a.lookup(FOUND)));
    await waitFor(() => a.stats().inFlight === 2);
    expect(a.stats().queued).toBeGreaterThan(0);
    await pending;
    expect(server.stats().maxInFlight).toBe(2);
    expect(a.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});

describe('hetus that are never sent', () => {
  it('refuseTestHetus: a test hetu throws HetuRefusedError without a request', async () => {
    const a = adapter({ refuseTestHetus: true });
    const error = await failure(a.lookup(FOUND));
    expect(error).toBeInstanceOf(HetuRefusedError);
    expect(error).not.toBeInstanceOf(PopulationRegisterUnavailableError);
    expect((error as HetuRefusedError).reason).toBe('test_hetu');
    expect(server.stats().requests).toBe(0);
    // An ordinary hetu still goes through.
    expect(await a.lookup(REAL)).toMatchObject({ kind: 'found', person: { hetu: REAL } });
  });

  it('without refuseTestHetus (test environment) a test hetu is looked up', async () => {
    expect((await adapter().lookup(FOUND)).kind).toBe('found');
  });

  it('an invalid hetu is refused without a request', async () => {
    const error = await failure(adapter().lookup('010866-926X'));
    expect(error).toBeInstanceOf(HetuRefusedError);
    expect((error as HetuRefusedError).reason).toBe('invalid_hetu');
    expect(server.stats().requests).toBe(0);
  });
});

describe('lifecycle and helpers', () => {
  it('after close(), lookups fail as unavailable without a request', async () => {
    const a = adapter();
    a.close();
    expect(await failure(a.lookup(FOUND))).toBeInstanceOf(PopulationRegisterUnavailableError);
    expect(server.stats().requests).toBe(0);
  });

  it('close() ends a lookup waiting to retry', async () => {
    server.faults.set({ failRate: 1 });
    const a = adapter({ retryBaseDelayMs: 10_000, retryMaxDelayMs: 10_000 });
    const pending = failure(a.lookup(FOUND));
    await waitFor(() => a.stats().retries === 1);
    a.close();
    expect(await pending).toBeInstanceOf(PopulationRegisterUnavailableError);
  });

  it('a register that is not there is unavailable', async () => {
    const gone = await startPopulationServer({ register });
    await gone.close();
    const error = await failure(adapter({ retries: 1 }, gone).lookup(FOUND));
    expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
    expect(error.message).toMatch(/no answer from the population register \(ECONNREFUSED\)/);
  });

  it('implements the port', () => {
    const port: PopulationRegister = adapter();
    expect(port.name).toBe('http');
  });

  it('parseRetryAfter reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('refuses impossible options', () => {
    expect(() => createHttpPopulationRegister({ url: server.url, ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => createHttpPopulationRegister({ url: server.url, concurrency: 1.5 })).toThrow(RangeError);
    expect(() => createHttpPopulationRegister({ url: server.url, retries: -1 })).toThrow(RangeError);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
