/**
 * The registry past one machine (SPEC §17, docs/SCALING.md), on this one: a PostgreSQL primary and a
 * streaming replica (their own clusters: initdb, `pg_basebackup -R`), two API instances
 * (ONR_WORKERS=false, reads on the replica) and one `onr worker`, each in its own network namespace
 * joined to this one by a veth pair on a /30 of its own. A mass import runs while one API instance is
 * killed with SIGKILL and the worker's link is cut for longer than its job lease: the import
 * completes, every row once, no person twice; lookups keep answering through the surviving instance;
 * the change feed read from the replica agrees with the primary after catch-up.
 *
 * Needs root (network namespaces; CI runs as root). `npm run test:cluster`; not part of `npm test`.
 * Traffic stays on loopback and the test's own namespaces; everything is removed afterwards.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { makeHetu } from '../../src/domain/hetu.ts';
import { childEnv } from '../support/env.ts';
import {
  clusterUnavailableReason,
  type PgServer,
  startPrimary,
  startReplica,
  waitForReplay,
} from '../support/pg-cluster.ts';

const run = promisify(execFile);
const API = '/oppijanumerorekisteri-service';
const ROWS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function netnsUnavailableReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'not root (network namespaces need root; CI runs as root)';
  const probe = `onr-probe-${randomBytes(3).toString('hex')}`;
  try {
    await run('ip', ['netns', 'add', probe]);
    await run('ip', ['netns', 'del', probe]);
  } catch (error) {
    return `ip netns is unavailable (${(error as Error).message.split('\n')[0]})`;
  }
  return clusterUnavailableReason();
}

const unavailable = await netnsUnavailableReason();
if (unavailable && process.env.ONR_TEST_REQUIRE_CLUSTER === '1')
  throw new Error(`The cluster test is required (ONR_TEST_REQUIRE_CLUSTER=1) but cannot run: ${unavailable}`);
if (unavailable) console.warn(`\nThe cluster test is skipped: ${unavailable}.\n`);

interface Node {
  name: string;
  ns: string;
  /** This side of the veth pair (in our namespace) and the far side (in the node's). */
  hostVeth: string;
  hostIp: string;
  nodeIp: string;
}

interface Instance {
  node: Node;
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** `ip` with a clear error (its stderr) when it fails. */
async function ip(...args: string[]): Promise<void> {
  try {
    await run('ip', args);
  } catch (error) {
    throw new Error(`ip ${args.join(' ')}: ${(error as { stderr?: string }).stderr ?? error}`);
  }
}

/** A namespace with one end of a veth pair; the other end stays here. A /30 of a private range. */
async function createNode(runId: string, name: string, subnet: string, index: number): Promise<Node> {
  const base = index * 4;
  const node: Node = {
    name,
    ns: `onr-${runId}-${name}`,
    hostVeth: `o${runId}${name}h`,
    hostIp: `${subnet}.${base + 1}`,
    nodeIp: `${subnet}.${base + 2}`,
  };
  const nodeVeth = `o${runId}${name}n`;
  await ip('netns', 'add', node.ns);
  await ip('link', 'add', node.hostVeth, 'type', 'veth', 'peer', 'name', nodeVeth);
  await ip('link', 'set', nodeVeth, 'netns', node.ns);
  await ip('addr', 'add', `${node.hostIp}/30`, 'dev', node.hostVeth);
  await ip('link', 'set', node.hostVeth, 'up');
  await ip('netns', 'exec', node.ns, 'ip', 'addr', 'add', `${node.nodeIp}/30`, 'dev', nodeVeth);
  await ip('netns', 'exec', node.ns, 'ip', 'link', 'set', nodeVeth, 'up');
  await ip('netns', 'exec', node.ns, 'ip', 'link', 'set', 'lo', 'up');
  return node;
}

/** Cuts (or restores) the node's link from inside its namespace: no RST, no FIN, just silence. */
async function setLink(runId: string, node: Node, up: boolean): Promise<void> {
  await ip('netns', 'exec', node.ns, 'ip', 'link', 'set', `o${runId}${node.name}n`, up ? 'up' : 'down');
}

/** `onr serve|worker --json` inside the node's namespace; resolves once it has started. */
function startInstance(
  node: Node,
  command: 'serve' | 'worker',
  env: Record<string, string>,
): Promise<Instance> {
  const child = spawn(
    'ip',
    ['netns', 'exec', node.ns, process.execPath, join(PROJECT_ROOT, 'src', 'main.ts'), command, '--json'],
    {
      cwd: PROJECT_ROOT,
      env: childEnv({ ONR_LOG_LEVEL: 'warn', HOST: node.nodeIp, PORT: '8080', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-8000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${node.name} did not start: ${out} ${errors}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-20_000);
      const start = out.search(/^\{$/m);
      if (start < 0) return;
      try {
        JSON.parse(out.slice(start, out.indexOf('\n}', start) + 2));
        clearTimeout(timer);
        resolve({ node, child, url: `http://${node.nodeIp}:8080`, output: () => `${out}\n${errors}` });
      } catch {}
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${node.name} exited (${code ?? signal}): ${out} ${errors}`));
    });
  });
}

function killed(instance: Instance): Promise<void> {
  return new Promise((resolve) => {
    const { child } = instance;
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    // `ip netns exec` execs the program: this pid is node's own.
    child.kill('SIGKILL');
  });
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function token(base: string, clientId: string, secret: string): Promise<string> {
  const answer = await call<{ access_token: string }>(`${base}${API}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
  return `Bearer ${answer.access_token}`;
}

/** Rows: mostly new persons, every 10th repeats an earlier row's person, every 97th is broken (a row
 * error: the import runs in the opt-in row-error mode, so the good rows are processed). */
function importRows() {
  const hetuOf = (i: number) =>
    makeHetu(
      new Date(Date.UTC(1971, 0, 1) + Math.floor(i / 800) * 86_400_000).toISOString().slice(0, 10),
      2 + (i % 800),
    );
  return Array.from({ length: ROWS }, (_, i) => {
    const source = i % 10 === 9 ? i - 3_001 : i;
    return {
      tunniste: `row-${i}`,
      henkilo: {
        hetu: i % 97 === 0 ? 'broken' : hetuOf(Math.max(0, source)),
        etunimet: 'Aino Maria',
        kutsumanimi: 'Aino',
        sukunimi: 'Virtanen',
      },
    };
  });
}

const KARI = { hetu: '091060-9190', etunimet: 'Kari Mikko', kutsumanimi: 'Kari', sukunimi: 'Savolainen' };

describe.skipIf(!!unavailable)('scale-out on PostgreSQL replication', () => {
  const runId = randomBytes(2).toString('hex');
  const nodes: Node[] = [];
  const instances: Instance[] = [];
  let primary: PgServer | undefined;
  let replica: PgServer | undefined;
  let database: Database | undefined;

  beforeAll(async () => {
    // A /24 of 10.x that this machine does not use, cut into /30s: one a namespace.
    let subnet = '';
    const routes = (await run('ip', ['-4', 'route', 'show', 'table', 'all'])).stdout;
    for (let attempt = 0; attempt < 20 && !subnet; attempt++) {
      const candidate = `10.${randomInt(200, 250)}.${randomInt(0, 256)}`;
      if (!routes.includes(`${candidate}.`)) subnet = candidate;
    }
    if (!subnet) throw new Error('found no unused private /24 for the test network');
    for (const [i, name] of ['api1', 'api2', 'wrk'].entries())
      nodes.push(await createNode(runId, name, subnet, i));

    primary = await startPrimary({
      listen: nodes.map((n) => n.hostIp),
      trustNets: nodes.map((n) => `${n.nodeIp}/32`),
      settings: {
        // A client that went silent (its link cut) loses its session and locks within seconds, not
        // hours: what a production server should be configured with too (docs/SCALING.md).
        tcp_keepalives_idle: '2',
        tcp_keepalives_interval: '1',
        tcp_keepalives_count: '3',
      },
    });
    const admin = new pg.Client({ connectionString: primary.url() });
    await admin.connect();
    await admin.query('create database onr');
    await admin.end();
    database = await openDatabase({ kind: 'postgres', url: primary.url('onr'), poolSize: 4 });
    await migrate(database);
    replica = await startReplica(primary, { listen: nodes.map((n) => n.hostIp) });
  });

  afterAll(async () => {
    for (const instance of instances) await killed(instance);
    await database?.close();
    await replica?.drop();
    await primary?.drop();
    for (const node of nodes) {
      await run('ip', ['netns', 'del', node.ns]).catch(() => {});
      await run('ip', ['link', 'del', node.hostVeth]).catch(() => {});
    }
  });

  it('imports through a killed instance and a cut worker, every row once; the replica agrees', async () => {
    const [api1Node, api2Node, workerNode] = nodes as [Node, Node, Node];
    const common = (node: Node) => ({
      DATABASE_URL: primary!.url('onr', node.hostIp),
      ONR_JOB_LEASE_SECONDS: '3',
      ONR_IMPORT_BATCH_ROWS: '500',
      // The simulated register answers at once: identification of the imported persons is over in
      // seconds, after which the feed stands still and can be compared.
      ONR_IDENTIFICATION_RATE: '100000',
      ONR_IDENTIFICATION_CONCURRENCY: '8',
      ONR_IDENTIFICATION_BATCH: '500',
    });
    const api = (node: Node) => ({
      ...common(node),
      ONR_WORKERS: 'false',
      ONR_DATABASE_REPLICA_URL: replica!.url('onr', node.hostIp),
      ONR_SEED_DEMO_DATA: 'true',
    });
    // One after the other: the first seeds the demo data into the empty database.
    const api1 = await startInstance(api1Node, 'serve', api(api1Node));
    instances.push(api1);
    const api2 = await startInstance(api2Node, 'serve', api(api2Node));
    instances.push(api2);
    const worker = await startInstance(workerNode, 'worker', common(workerNode));
    instances.push(worker);

    const auth1 = await token(api1.url, 'demo-client', 'demo-client-secret');
    const auth2 = await token(api2.url, 'demo-client', 'demo-client-secret');
    const lookup = (instance: Instance, auth: string) =>
      call<{ oid: string }>(`${instance.url}${API}/yleistunniste/hae`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(KARI),
      });
    const since = new Date().toISOString();
    const kari = (await lookup(api1, auth1)).oid;

    const rows = importRows();
    const accepted = await call<{ id: number }>(`${api1.url}${API}/yleistunniste?rivivirheet=true`, {
      method: 'PUT',
      headers: { authorization: auth1, 'content-type': 'application/json' },
      body: JSON.stringify({ henkilot: rows }),
    });
    const progress = (instance: Instance, auth: string) =>
      call<{ kasiteltyja: number; kasitelty: boolean }>(
        `${instance.url}${API}/yleistunniste/tuonti=${accepted.id}/perustiedot`,
        { headers: { authorization: auth } },
      );
    // In the middle of the processing: the instance that accepted the import dies, the worker's
    // link goes silent.
    let atFault = 0;
    for (let i = 0; i < 3000 && atFault === 0; i++) {
      atFault = (await progress(api1, auth1)).kasiteltyja;
      if (atFault === 0) await sleep(20);
    }
    await killed(api1);
    await setLink(runId, workerNode, false);
    expect(atFault).toBeGreaterThan(0);
    expect(atFault).toBeLessThan(ROWS);

    // Lookups keep answering through the surviving instance; nothing is processed meanwhile (the
    // one worker is cut off), and the instance that went down answers nothing.
    const cutUntil = Date.now() + 8_000; // well past the 3 s job lease
    let lookups = 0;
    let stalledAt: number | undefined;
    while (Date.now() < cutUntil) {
      expect((await lookup(api2, auth2)).oid).toBe(kari);
      lookups++;
      if (stalledAt === undefined && Date.now() > cutUntil - 6_000)
        stalledAt = (await progress(api2, auth2)).kasiteltyja;
      await sleep(100);
    }
    expect(lookups).toBeGreaterThan(20);
    expect((await progress(api2, auth2)).kasiteltyja).toBe(stalledAt);
    await expect(fetch(`${api1.url}${API}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    await setLink(runId, workerNode, true);

    let done = false;
    for (let i = 0; i < 900 && !done; i++) {
      await sleep(100);
      done = (await progress(api2, auth2)).kasitelty;
    }
    expect(done, worker.output()).toBe(true);

    // Every row once, no person twice (the results read through the survivor, the counts on the primary).
    const results = await call<{
      kasiteltavia: number;
      kasiteltyja: number;
      henkilot: { tunniste: string; henkilo?: { oid: string }; virhe?: unknown }[];
    }>(`${api2.url}${API}/yleistunniste/tuonti=${accepted.id}`, { headers: { authorization: auth2 } });
    expect(results).toMatchObject({ kasiteltavia: ROWS, kasiteltyja: ROWS });
    expect(results.henkilot.map((r) => r.tunniste)).toEqual(rows.map((r) => r.tunniste));
    const oidOfHetu = new Map<string, string>();
    for (const [i, result] of results.henkilot.entries()) {
      const hetu = rows[i]!.henkilo.hetu;
      if (hetu === 'broken') {
        expect(result.virhe).toBeDefined();
        continue;
      }
      const oid = result.henkilo!.oid;
      expect(oidOfHetu.get(hetu) ?? oid).toBe(oid);
      oidOfHetu.set(hetu, oid);
    }
    const db = database!.db;
    const counts = await sql<{ results: number; rows: number; persons: number; hetus: number }>`
      select
        (select count(*)::int from import_results where import_id = ${accepted.id}) as results,
        (select count(distinct row_no)::int from import_results where import_id = ${accepted.id}) as rows,
        (select count(*)::int from persons where hetu = any(${[...oidOfHetu.keys()]}::text[])) as persons,
        ${oidOfHetu.size}::int as hetus`.execute(db);
    expect(counts.rows[0]).toEqual({
      results: ROWS,
      rows: ROWS,
      persons: oidOfHetu.size,
      hetus: oidOfHetu.size,
    });

    // The feed: once identification has gone quiet and the last change has settled, the replica
    // (read through the surviving instance) has caught up and gives what the primary has. Persons
    // whose identification claim was lost with the cut link wait for their claim to run out
    // (minutes): nobody changes them in the meantime.
    for (let i = 0; i < 300; i++) {
      const busy = await sql<{ n: number }>`
        select (select count(*)::int from persons where identification_due_at < now() + interval '1 minute')
          + (select count(*)::int from jobs where queue = 'identification' and state in ('queued', 'running')) as n`.execute(
        db,
      );
      if (busy.rows[0]!.n === 0) break;
      await sleep(200);
    }
    await sleep(5_500);
    await waitForReplay(primary!, replica!);
    const feed: string[] = [];
    for (let page = 1; ; page++) {
      const answer = await call<{ results: { oid: string; master: { muokattu: number } }[]; last: boolean }>(
        `${api2.url}${API}/oppija/muuttuneet?muokattuJalkeen=${since}&page=${page}&count=5000`,
        { headers: { authorization: auth2 } },
      );
      feed.push(...answer.results.map((r) => `${r.oid} ${r.master.muokattu}`));
      if (answer.last) break;
    }
    // The importers' feed (SPEC §7a): the imported persons changed at or after the time, oldest first,
    // each with its master's epoch-ms muokattu (no person here is linked: its own).
    const onPrimary = await sql<{ line: string }>`
      select p.oid || ' ' || floor(extract(epoch from p.modified_at) * 1000)::int8 as line
      from persons p where p.imported and p.modified_at >= ${since}::timestamptz
      order by p.modified_at, p.id`.execute(db);
    expect(feed.length).toBe(oidOfHetu.size);
    expect(feed).toEqual(onPrimary.rows.map((r) => r.line));
    // …and it was the replica that answered: the survivor holds connections to it.
    const replicaClient = new pg.Client({ connectionString: replica!.url('onr') });
    await replicaClient.connect();
    const sessions = await replicaClient.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = 'onr' and client_addr = $1`,
      [api2Node.nodeIp],
    );
    await replicaClient.end();
    expect(sessions.rows[0]!.n).toBeGreaterThan(0);
  });
});
