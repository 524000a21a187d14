import { setTimeout as sleep } from 'node:timers/promises';
import CircuitBreaker from 'opossum';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { isValidIsoDate, parseHetu } from '../domain/index.ts';
import { createLimiter } from './limiter.ts';
import {
  type LookupOptions,
  type PopulationLookup,
  type PopulationRecord,
  type PopulationRegister,
  PopulationRegisterUnavailableError,
} from './population-register.ts';

// The production adapter to the population register (SPEC §6): `GET {url}/henkilo/{hetu}` with a timeout
// per request, retries with backoff for transient failures, a circuit breaker, a rate limit and a cap on
// requests in flight. The register is slow and metered, and a wrong "not found" would put a real person
// on the error list, so anything that is not a well-formed answer is "unavailable" (retry later).

// ---------------------------------------------------------------------------------------------------------
// Wire protocol (served by `onr population serve`, see docs/POPULATION_REGISTER.md)

const Text = Type.String({ minLength: 1, maxLength: 500 });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const WireRecord = Type.Object({
  hetu: Text,
  etunimet: Text,
  kutsumanimi: Type.Optional(Text),
  sukunimi: Text,
  formerSurnames: Type.Array(Text, { maxItems: 50 }),
  sukupuoli: Type.Union([Type.Literal('1'), Type.Literal('2')]),
  syntymaaika: IsoDate,
  aidinkieli: Type.Optional(Text),
  kansalaisuudet: Type.Array(Text, { maxItems: 50 }),
  kotikunta: Type.Optional(Text),
  turvakielto: Type.Boolean(),
  kuolinpaiva: Type.Optional(IsoDate),
});

const WireAnswer = Type.Union([
  Type.Object({ status: Type.Literal('found'), henkilo: WireRecord }),
  Type.Object({ status: Type.Literal('passivated'), aktiivinenHetu: Type.Optional(Text) }),
  Type.Object({ status: Type.Literal('not_found') }),
]);
const wireAnswer = Compile(WireAnswer);

/**
 * The wire answer of `GET {url}/henkilo/{hetu}`: 200 found | 200 passivated | 404 not_found.
 * Unknown extra fields are ignored (the register may add some), known ones are checked.
 */
export type RegisterWireAnswer =
  | { status: 'not_found' }
  | { status: 'passivated'; aktiivinenHetu?: string }
  | { status: 'found'; henkilo: PopulationRecord };

// A compile-time check that the schema and the declared wire type agree.
const _wireTypesAgree: Static<typeof WireAnswer> extends RegisterWireAnswer ? true : never = true;
void _wireTypesAgree;

// ---------------------------------------------------------------------------------------------------------
// Options, state, errors

export interface HttpRegisterOptions {
  /** Base URL; lookups go to `{url}/henkilo/{hetu}`. */
  url: string;
  /** HTTP Basic credentials. */
  username?: string;
  password?: string;
  /** Requests a second at most, retries included (the register is metered). Default 20. */
  ratePerSecond?: number;
  /** Requests in flight at most. Default 4. */
  concurrency?: number;
  /** Time for one request, from sending to the end of the body. Default 5000 ms. */
  timeoutMs?: number;
  /** Further attempts after a transient failure. Default 3. */
  retries?: number;
  /** Backoff before retry n (0-based) is base·2ⁿ, capped at max, half of it random. Defaults 200 / 5000 ms. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /**
   * The longest Retry-After (429, 503) worth waiting for here. A longer one ends the lookup as unavailable
   * at once: the caller's own retry schedule is the better place to wait minutes. Default 30 000 ms.
   */
  maxRetryAfterMs?: number;
  circuitBreaker?: {
    /** Opens when this percentage of requests in the window failed… Default 50. */
    errorThresholdPercentage?: number;
    /** …and the window holds at least this many requests. Default 10. */
    volumeThreshold?: number;
    /** Length of the statistics window. Default 10 000 ms. */
    windowMs?: number;
    /** Open this long before one trial request (half-open). Default 30 000 ms. */
    resetTimeoutMs?: number;
  };
  /**
   * Refuse test hetus (individual number 900–999) without sending them: set in production, where a test
   * hetu must never reach the real register. The identification worker checks first; this is the backstop.
   */
  refuseTestHetus?: boolean;
  /**
   * Limits shared with the deployment's other processes (src/limits): a slot and a rate token are
   * taken there too, inside this adapter's own limits. Without it the limits hold per process.
   */
  sharedLimits?: {
    acquire(deadline: number, signal: AbortSignal): Promise<(() => Promise<void>) | undefined>;
  };
  /** Called on every circuit state change, e.g. for a log line. */
  onCircuitStateChange?: (state: CircuitState) => void;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface HttpRegisterStats {
  circuit: CircuitState;
  /** Calls of lookup(). */
  lookups: number;
  /** HTTP requests sent (first attempts and retries). */
  requests: number;
  retries: number;
  /** Requests that failed (no answer, error status, malformed answer). */
  failedRequests: number;
  /** Lookups failed fast because the circuit was open. */
  rejected: number;
  /** Lookups that ended in PopulationRegisterUnavailableError (rejected ones included). */
  unavailable: number;
  /** Requests in flight now, and lookups waiting for a slot or for the rate limit. */
  inFlight: number;
  queued: number;
}

export interface HttpPopulationRegister extends PopulationRegister {
  stats(): HttpRegisterStats;
  /** Stops the breaker's timers; pending and later lookups fail as unavailable. */
  close(): void;
}

/** The adapter refused to send a hetu: a test hetu in production, or not a hetu at all. Not retryable. */
export class HetuRefusedError extends Error {
  readonly reason: 'test_hetu' | 'invalid_hetu';

  constructor(reason: 'test_hetu' | 'invalid_hetu') {
    super(
      reason === 'test_hetu'
        ? 'a test hetu is never sent to the population register in production'
        : 'not a valid hetu; not sent to the population register',
    );
    this.reason = reason;
    this.name = 'HetuRefusedError';
  }
}

/** One failed request, before the retry decision. Never names the hetu: messages end up in logs. */
class RequestFailure extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(message: string, retryable: boolean, retryAfterMs?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.retryable = retryable;
    this.retryAfterMs = retryAfterMs;
    this.name = 'RequestFailure';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Answer interpretation

/** Retry-After as delta-seconds or an HTTP date → ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function malformed(why: string): RequestFailure {
  // Transient, not "not found": a truncated body or a proxy's error page says nothing about the person.
  return new RequestFailure(`malformed answer from the population register: ${why}`, true);
}

/** The body of a 200 or 404 → the port's answer; throws a RequestFailure for anything unexpected. */
function interpret(hetu: string, status: number, text: string): PopulationLookup {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformed(`status ${status} with a body that is not JSON`);
  }
  if (!wireAnswer.Check(body)) {
    const first = wireAnswer.Errors(body)[0];
    throw malformed(
      `status ${status}: ${first ? `${first.instancePath || '/'} ${first.message}` : 'invalid'}`,
    );
  }
  const answer = body as Static<typeof WireAnswer>;
  // The status code and the body must agree: a 404 from a wrong path or a proxy must not read as "not found".
  if ((answer.status === 'not_found') !== (status === 404)) {
    throw malformed(`status ${status} with "${answer.status}"`);
  }
  if (answer.status === 'not_found') return { kind: 'not_found' };
  if (answer.status === 'passivated') {
    if (answer.aktiivinenHetu === undefined) return { kind: 'passivated' };
    if (!parseHetu(answer.aktiivinenHetu).ok) throw malformed('aktiivinenHetu is not a valid hetu');
    return { kind: 'passivated', activeHetu: answer.aktiivinenHetu };
  }
  const h = answer.henkilo;
  if (h.hetu !== hetu) throw malformed('the answer is about another hetu');
  if (!isValidIsoDate(h.syntymaaika)) throw malformed('syntymaaika is not a date');
  if (h.kuolinpaiva !== undefined && !isValidIsoDate(h.kuolinpaiva))
    throw malformed('kuolinpaiva is not a date');
  // Copy the known fields only, so that whatever else the register sends stays out of snapshots.
  const person: PopulationRecord = {
    hetu: h.hetu,
    etunimet: h.etunimet,
    sukunimi: h.sukunimi,
    formerSurnames: [...h.formerSurnames],
    sukupuoli: h.sukupuoli,
    syntymaaika: h.syntymaaika,
    kansalaisuudet: [...h.kansalaisuudet],
    turvakielto: h.turvakielto,
  };
  if (h.kutsumanimi !== undefined) person.kutsumanimi = h.kutsumanimi;
  if (h.aidinkieli !== undefined) person.aidinkieli = h.aidinkieli;
  if (h.kotikunta !== undefined) person.kotikunta = h.kotikunta;
  if (h.kuolinpaiva !== undefined) person.kuolinpaiva = h.kuolinpaiva;
  return { kind: 'found', person };
}

// ---------------------------------------------------------------------------------------------------------
// Limits

function positive(name: string, value: number, integer = false): number {
  if (!(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be a positive ${integer ? 'whole ' : ''}number, got ${value}`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// The adapter

/** The population register over HTTP, for production (and test deployments against `onr population serve`). */
export function createHttpPopulationRegister(options: HttpRegisterOptions): HttpPopulationRegister {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = positive('timeoutMs', options.timeoutMs ?? 5000);
  const retries = options.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError('retries must be a whole number ≥ 0');
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
  const retryMaxDelayMs = options.retryMaxDelayMs ?? 5000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.username !== undefined) {
    const pair = `${options.username}:${options.password ?? ''}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }

  // Aborts sleeps, queued calls and requests in flight on close().
  const lifetime = new AbortController();
  const limiter = createLimiter(
    positive('concurrency', options.concurrency ?? 4, true),
    positive('ratePerSecond', options.ratePerSecond ?? 20),
    lifetime.signal,
  );
  const counts = { lookups: 0, requests: 0, retries: 0, failedRequests: 0, rejected: 0, unavailable: 0 };
  let inFlight = 0;

  /** One HTTP request; resolves to the register's answer or throws a RequestFailure. */
  async function request(hetu: string, requestTimeoutMs = timeoutMs): Promise<PopulationLookup> {
    counts.requests++;
    inFlight++;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(`${base}/henkilo/${encodeURIComponent(hetu)}`, {
        headers,
        // A redirect is a configuration error; following one could take the credentials elsewhere.
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(requestTimeoutMs), lifetime.signal]),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      // The timeout covers the body too: a register that stalls mid-answer is as good as silent.
      text = await response.text();
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      // fetch says only "fetch failed"; the cause has the useful part (ECONNREFUSED, ENOTFOUND, …).
      const reason = (error as { cause?: { code?: string } })?.cause?.code ?? (error as Error)?.message;
      throw new RequestFailure(
        timedOut
          ? `the population register did not answer within ${requestTimeoutMs} ms`
          : `no answer from the population register (${reason})`,
        true,
        undefined,
        { cause: error },
      );
    } finally {
      inFlight--;
    }
    if (status === 200 || status === 404) return interpret(hetu, status, text);
    const message = `the population register answered HTTP ${status}`;
    if (status === 429 || status === 503)
      throw new RequestFailure(message, true, parseRetryAfter(retryAfter));
    // 408 and 5xx pass; other answers (401, 403, 400, 3xx) will not change by asking again right away.
    throw new RequestFailure(message, status === 408 || status >= 500);
  }

  // Every request counts towards the breaker; answers (found, passivated, not found) are successes.
  const breaker = new CircuitBreaker(request, {
    name: 'population-register',
    timeout: false, // the request has its own (AbortSignal.timeout), which also cancels it
    errorThresholdPercentage: options.circuitBreaker?.errorThresholdPercentage ?? 50,
    volumeThreshold: options.circuitBreaker?.volumeThreshold ?? 10,
    rollingCountTimeout: options.circuitBreaker?.windowMs ?? 10_000,
    resetTimeout: options.circuitBreaker?.resetTimeoutMs ?? 30_000,
    enableSnapshots: false,
  });
  breaker.on('failure', () => counts.failedRequests++);
  if (options.onCircuitStateChange) {
    const notify = options.onCircuitStateChange;
    breaker.on('open', () => notify('open'));
    breaker.on('halfOpen', () => notify('half_open'));
    breaker.on('close', () => notify('closed'));
  }

  const circuitState = (): CircuitState =>
    breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed';
  // Closed, or half-open with its one trial request not yet taken.
  const admits = () => breaker.closed || breaker.pendingClose;

  function unavailable(message: string, cause?: unknown): PopulationRegisterUnavailableError {
    counts.unavailable++;
    return new PopulationRegisterUnavailableError(message, { cause });
  }

  function backoff(attempt: number): number {
    // "Equal jitter": half the delay fixed so that retries do back off, half random so that many callers
    // failing together do not come back together.
    const ceiling = Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** attempt);
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  async function lookup(hetu: string, lookupOptions: LookupOptions = {}): Promise<PopulationLookup> {
    const deadline =
      lookupOptions.deadlineMs === undefined
        ? Number.POSITIVE_INFINITY
        : Date.now() + lookupOptions.deadlineMs;
    const parsed = parseHetu(hetu);
    if (!parsed.ok) throw new HetuRefusedError('invalid_hetu');
    if (options.refuseTestHetus && parsed.value.test) throw new HetuRefusedError('test_hetu');
    counts.lookups++;
    for (let attempt = 0; ; attempt++) {
      if (lifetime.signal.aborted) throw unavailable('the population register adapter is closed');
      // Fail fast before queueing for the rate limit: an open circuit should cost the caller nothing.
      if (!admits()) {
        counts.rejected++;
        throw unavailable('the population register is unavailable (circuit open); try again later');
      }
      let failure: RequestFailure;
      try {
        return await limiter.run(async () => {
          const release = await options.sharedLimits?.acquire(deadline, lifetime.signal);
          if (options.sharedLimits && !release)
            throw new RequestFailure(`no answer within ${lookupOptions.deadlineMs} ms`, false);
          try {
            const left = deadline - Date.now();
            if (left <= 0) throw new RequestFailure(`no answer within ${lookupOptions.deadlineMs} ms`, false);
            return await breaker.fire(hetu, Math.min(timeoutMs, left));
          } finally {
            await release?.().catch(() => {});
          }
        });
      } catch (error) {
        const code = (error as { code?: string })?.code;
        if (code === 'EOPENBREAKER') {
          // The circuit opened (or another call took the half-open trial) while this one waited.
          counts.rejected++;
          throw unavailable('the population register is unavailable (circuit open); try again later', error);
        }
        if (!(error instanceof RequestFailure)) throw unavailable('the population register failed', error);
        failure = error;
      }
      if (!failure.retryable || attempt >= retries) throw unavailable(failure.message, failure);
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > maxRetryAfterMs) {
        const seconds = Math.ceil(failure.retryAfterMs / 1000);
        throw unavailable(`${failure.message}; it asks to wait ${seconds} s`, failure);
      }
      const delay = failure.retryAfterMs ?? backoff(attempt);
      if (Date.now() + delay >= deadline) {
        throw unavailable(
          `${failure.message}; no answer within ${lookupOptions.deadlineMs} ms, retries included`,
          failure,
        );
      }
      counts.retries++;
      try {
        await sleep(delay, undefined, { signal: lifetime.signal });
      } catch {
        throw unavailable('the population register adapter is closed', failure);
      }
    }
  }

  return {
    name: 'http',
    lookup,
    stats: () => ({
      circuit: circuitState(),
      ...counts,
      inFlight,
      queued: limiter.queued,
    }),
    close() {
      lifetime.abort();
      breaker.shutdown();
    },
  };
}
