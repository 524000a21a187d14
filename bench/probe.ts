/**
 * Preloaded into the server by the benchmarks (`node --import ./bench/probe.ts … serve`, never in
 * production): measures, inside the server process, what the load generator cannot see — the event
 * loop's own delay (perf_hooks.monitorEventLoopDelay, 1 ms resolution), the time spent in garbage
 * collection (PerformanceObserver 'gc' entries, by kind) and the process's CPU time. It answers on its
 * own loopback port (BENCH_PROBE_PORT): `POST /reset` starts a measurement window, `GET /report` returns
 * the figures since then as JSON. The port's few requests are its only cost.
 */
import { createServer } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const port = Number(process.env.BENCH_PROBE_PORT);
if (Number.isInteger(port) && port > 0) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let gcMs = 0;
  let gcCount = 0;
  let gcMaxMs = 0;
  const gcByKind: Record<string, number> = {};
  // Node's `detail.kind` numbers (perf_hooks constants NODE_PERFORMANCE_GC_*).
  const kinds: Record<number, string> = {
    1: 'scavenge',
    2: 'markSweepCompact',
    4: 'incremental',
    8: 'weakcb',
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcCount += 1;
      gcMaxMs = Math.max(gcMaxMs, entry.duration);
      const kind = kinds[(entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      gcByKind[kind] = (gcByKind[kind] ?? 0) + entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });

  let since = performance.now();
  let cpuSince = process.cpuUsage();
  const reset = () => {
    delay.reset();
    gcMs = 0;
    gcCount = 0;
    gcMaxMs = 0;
    for (const key of Object.keys(gcByKind)) delete gcByKind[key];
    since = performance.now();
    cpuSince = process.cpuUsage();
  };
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/reset') reset();
    const wallMs = performance.now() - since;
    const cpu = process.cpuUsage(cpuSince);
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        wallMs: Math.round(wallMs),
        eventLoopDelay: {
          p50Ms: ms(delay.percentile(50)),
          p99Ms: ms(delay.percentile(99)),
          p999Ms: ms(delay.percentile(99.9)),
          maxMs: ms(delay.max),
        },
        gc: {
          count: gcCount,
          totalMs: Math.round(gcMs),
          maxMs: Math.round(gcMaxMs * 10) / 10,
          share: wallMs > 0 ? gcMs / wallMs : 0,
          byKindMs: Object.fromEntries(Object.entries(gcByKind).map(([k, v]) => [k, Math.round(v)])),
        },
        cpu: { userMs: Math.round(cpu.user / 1000), systemMs: Math.round(cpu.system / 1000) },
      }),
    );
  });
  server.listen(port, '127.0.0.1');
  server.unref();
}
