/**
 * An open-loop load generator for POST /yleistunniste/hae, run as a process of its own (so that its
 * stalls are its own, and it can be pinned to a core with `taskset`): `rate` requests a second, evenly
 * spaced, for `seconds`, each latency measured from the moment the request was due, so a stalled
 * server cannot hide its stall (no coordinated omission). Prints one JSON line with the figures and
 * the generator's own CPU time.
 *
 *   node bench/paced.ts URL TOKEN RATE SECONDS PERSONS
 */
import { Agent, request } from 'node:http';
import { benchPerson } from './sql-persons.ts';

const API = '/oppijanumerorekisteri-service';

export interface PacedResult {
  sent: number;
  errors: number;
  firstError?: string;
  p50: number;
  p99: number;
  max: number;
  achievedRate: number;
  generatorCpuMs: number;
}

export async function runPaced(
  url: string,
  token: string,
  rate: number,
  seconds: number,
  persons: number,
): Promise<PacedResult> {
  const cpuStart = process.cpuUsage();
  // Kept-alive connections, as many as the load needs (like a client with a connection pool).
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let next = 0;
  while (next < total) {
    const now = performance.now();
    for (; next < total && start + (next * 1000) / rate <= now; next++) {
      const due = start + (next * 1000) / rate;
      const body = JSON.stringify(benchPerson(1 + Math.floor(Math.random() * persons)));
      inFlight.push(
        new Promise<void>((resolve) => {
          const req = request(
            `${url}${API}/yleistunniste/hae`,
            {
              method: 'POST',
              agent,
              headers: {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(body),
                authorization: `Bearer ${token}`,
              },
            },
            (res) => {
              res.resume();
              res.on('end', () => {
                if (res.statusCode !== 200) {
                  errors += 1;
                  firstError ??= `HTTP ${res.statusCode}`;
                }
                latencies.push(performance.now() - due);
                resolve();
              });
            },
          );
          req.on('error', (error) => {
            errors += 1;
            firstError ??= String(error);
            resolve();
          });
          req.end(body);
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  const cpu = process.cpuUsage(cpuStart);
  return {
    sent: total,
    errors,
    firstError,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    achievedRate: Math.round(total / elapsed),
    generatorCpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}

if (import.meta.main) {
  const [url, token, rate, seconds, persons] = process.argv.slice(2);
  const result = await runPaced(url!, token!, Number(rate), Number(seconds), Number(persons));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
