import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RegisterWireAnswer } from './http-register.ts';
import type { PopulationLookup, PopulationRegister } from './population-register.ts';

// A population register served over HTTP (`onr population serve`): the stand-in for the real register in
// test deployments, and the far end of the HTTP adapter's tests. Plain node:http: two routes do not need a
// framework. Fault injection lets tests and demos make it slow or failing on purpose.

/** A failure the server answers with instead of the register's answer. */
export type Fault =
  /** An HTTP error status with a small JSON body; Retry-After when given (429, 503). */
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** An arbitrary raw answer: malformed JSON, a proxy's HTML page, a wrong shape. */
  | { kind: 'answer'; status: number; body: string; contentType?: string }
  /** The connection is dropped without an answer. */
  | { kind: 'reset' };

export interface FaultSettings {
  /** Delay before every lookup answer, faulted or not. */
  latencyMs?: number;
  /** Probability (0–1) that a lookup fails with `failWith`. */
  failRate?: number;
  /** The fault of failRate and of failNext without a fault (default: 503). */
  failWith?: Fault;
}

export interface FaultControl {
  /** The next n lookups fail with this fault (default: `failWith`). Queued faults are used in order. */
  failNext(n: number, fault?: Fault): void;
  /** Changes the standing settings (latency, failure rate); unspecified ones keep their values. */
  set(settings: FaultSettings): void;
  /** No latency, no failures, nothing queued. */
  clear(): void;
}

export interface PopulationServerStats {
  /** Lookup requests received (including refused and faulted ones). */
  requests: number;
  /** Lookup requests being handled now, and the most at any one time. */
  inFlight: number;
  maxInFlight: number;
  /** Arrival times of the latest 10 000 lookup requests (performance.now() ms), for rate checks. */
  arrivals: number[];
}

export interface PopulationServerOptions {
  register: PopulationRegister;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When given, lookups need HTTP Basic authentication with these. */
  credentials?: { username: string; password: string };
  faults?: FaultSettings;
}

export interface PopulationServer {
  /** Base URL, e.g. http://127.0.0.1:40123 — the adapter's `url`. */
  url: string;
  faults: FaultControl;
  stats(): PopulationServerStats;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const MAX_ARRIVALS = 10_000;
const DEFAULT_FAULT: Fault = { kind: 'status', status: 503 };

function createFaults(
  initial: FaultSettings = {},
): FaultControl & { take(): Fault | undefined; readonly latencyMs: number } {
  let settings: Required<FaultSettings> = { latencyMs: 0, failRate: 0, failWith: DEFAULT_FAULT };
  const queued: Fault[] = [];
  const control = {
    failNext(n: number, fault?: Fault) {
      for (let i = 0; i < n; i++) queued.push(fault ?? settings.failWith);
    },
    set(changes: FaultSettings) {
      if (changes.failRate !== undefined && !(changes.failRate >= 0 && changes.failRate <= 1)) {
        throw new RangeError('failRate must be from 0 to 1');
      }
      if (changes.latencyMs !== undefined && !(changes.latencyMs >= 0)) {
        throw new RangeError('latencyMs must not be negative');
      }
      settings = { ...settings, ...stripUndefined(changes) };
    },
    clear() {
      queued.length = 0;
      settings = { latencyMs: 0, failRate: 0, failWith: DEFAULT_FAULT };
    },
    take(): Fault | undefined {
      const next = queued.shift();
      if (next) return next;
      return settings.failRate > 0 && Math.random() < settings.failRate ? settings.failWith : undefined;
    },
    get latencyMs() {
      return settings.latencyMs;
    },
  };
  control.set(initial);
  return control;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares the Basic credentials in constant time (hashing first makes the lengths equal). */
function authorised(header: string | undefined, expected: { username: string; password: string }): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'base64').toString('utf8');
  return timingSafeEqual(sha256(given), sha256(`${expected.username}:${expected.password}`));
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): void {
  if (res.destroyed) return;
  // Answers carry personal data: no caching anywhere on the way.
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function toWire(answer: PopulationLookup): { status: number; body: RegisterWireAnswer } {
  switch (answer.kind) {
    case 'found':
      return { status: 200, body: { status: 'found', henkilo: answer.person } };
    case 'passivated':
      return {
        status: 200,
        body:
          answer.activeHetu === undefined
            ? { status: 'passivated' }
            : { status: 'passivated', aktiivinenHetu: answer.activeHetu },
      };
    case 'not_found':
      return { status: 404, body: { status: 'not_found' } };
  }
}

/** Starts serving `register` over HTTP; resolves once it listens. */
export async function startPopulationServer(options: PopulationServerOptions): Promise<PopulationServer> {
  const { register, credentials } = options;
  const faults = createFaults(options.faults);
  const stats: PopulationServerStats = { requests: 0, inFlight: 0, maxInFlight: 0, arrivals: [] };
  // Aborts the latency sleeps of requests still waiting when the server closes.
  const stopping = new AbortController();

  async function lookup(req: IncomingMessage, res: ServerResponse, encodedHetu: string): Promise<void> {
    stats.requests++;
    stats.arrivals.push(performance.now());
    // Bounded: `population serve` may run for days.
    if (stats.arrivals.length > MAX_ARRIVALS) stats.arrivals.splice(0, stats.arrivals.length - MAX_ARRIVALS);
    if (req.method !== 'GET') return send(res, 405, JSON.stringify({ error: 'GET only' }), { allow: 'GET' });
    if (credentials && !authorised(req.headers.authorization, credentials)) {
      return send(res, 401, JSON.stringify({ error: 'authentication required' }), {
        'www-authenticate': 'Basic realm="population register", charset="UTF-8"',
      });
    }
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs, undefined, { signal: stopping.signal });
      const fault = faults.take();
      if (fault?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        const headers: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        return send(res, fault.status, JSON.stringify({ error: 'injected fault' }), headers);
      }
      if (fault?.kind === 'answer') return send(res, fault.status, fault.body, {}, fault.contentType);

      let hetu: string;
      try {
        hetu = decodeURIComponent(encodedHetu);
      } catch {
        hetu = '';
      }
      // Anything the register does not hold, malformed strings included, is simply not found.
      const { status, body } = toWire(hetu ? await register.lookup(hetu) : { kind: 'not_found' });
      send(res, status, JSON.stringify(body));
    } finally {
      stats.inFlight--;
    }
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const henkilo = /^\/henkilo\/([^/]+)$/.exec(path);
    const handled = henkilo
      ? lookup(req, res, henkilo[1]!)
      : Promise.resolve(
          path === '/health'
            ? send(res, 200, JSON.stringify({ status: 'ok' }))
            : send(res, 404, JSON.stringify({ error: 'no such path' })),
        );
    handled.catch(() => {
      if (stopping.signal.aborted) return;
      // The message is not echoed: it might name the person looked up.
      send(res, 500, JSON.stringify({ error: 'internal error' }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    faults: { failNext: faults.failNext, set: faults.set, clear: faults.clear },
    stats: () => ({ ...stats, arrivals: [...stats.arrivals] }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        stopping.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
