/**
 * PostgreSQL clusters of a test's own: a primary (initdb) and streaming replicas of it
 * (`pg_basebackup -R`), in temporary directories, on ports the test picks, dropped afterwards. As
 * root the servers run as the `postgres` user (`runuser`), as anyone else as that user itself.
 */
import { execFile } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  }
  return undefined;
}

const BIN = binDir();
const asRoot = process.getuid?.() === 0;

/** Why clusters of our own cannot be made here, or undefined when they can. */
export function clusterUnavailableReason(): string | undefined {
  if (!BIN) return 'no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) under /usr/lib/postgresql';
  if (
    asRoot &&
    !readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .some((l) => l.startsWith('postgres:'))
  )
    return 'running as root, and there is no postgres user to run the servers as';
  return undefined;
}

async function pgTool(tool: string, args: string[]): Promise<string> {
  const file = join(BIN!, tool);
  const { stdout } = asRoot
    ? await run('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: '/' })
    : await run(file, args, { cwd: '/' });
  return stdout;
}

/** A free TCP port on the loopback interface (the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function ownDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  return dir;
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres user');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export interface PgServer {
  readonly port: number;
  readonly dataDir: string;
  /** Where clients reach it: the loopback address, or `host` of the options. */
  url(database?: string, host?: string): string;
  /** The postmaster's pid while it runs. */
  pid(): number | undefined;
  start(): Promise<void>;
  /** pg_ctl stop: `fast` (57P01 to the clients), `immediate` (a crash). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server (immediately) and removes its directory. */
  drop(): Promise<void>;
}

export interface ServerOptions {
  /** Interfaces to listen on, besides 127.0.0.1. */
  listen?: string[];
  /** Extra `-c` settings. */
  settings?: Record<string, string>;
}

function serverOf(dataDir: string, port: number, options: ServerOptions): PgServer {
  const socketDir = dataDir; // the unix socket stays inside the test's own directory
  const settings: Record<string, string> = {
    port: String(port),
    listen_addresses: ['127.0.0.1', ...(options.listen ?? [])].join(','),
    unix_socket_directories: socketDir,
    // Durability is not under test here; speed is.
    fsync: 'off',
    full_page_writes: 'off',
    synchronous_commit: 'off',
    max_connections: '100',
    shared_buffers: '32MB',
    wal_level: 'replica',
    max_wal_senders: '5',
    hot_standby: 'on',
    ...options.settings,
  };
  const serverArgs = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const server: PgServer = {
    port,
    dataDir,
    url: (database = 'postgres', host = '127.0.0.1') => `postgres://postgres@${host}:${port}/${database}`,
    pid() {
      try {
        const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
        return Number.isInteger(pid) && pid > 0 ? pid : undefined;
      } catch {
        return undefined;
      }
    },
    async start() {
      await pgTool('pg_ctl', [
        '-D',
        dataDir,
        '-l',
        join(dataDir, 'server.log'),
        '-o',
        serverArgs,
        '-w',
        'start',
      ]);
    },
    async stop(mode = 'fast') {
      if (!server.pid()) return;
      await pgTool('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']).catch(() => {});
    },
    async drop() {
      await server.stop('immediate');
      const pid = server.pid();
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
      rmSync(dirname(dataDir), { recursive: true, force: true });
    },
  };
  return server;
}

const HBA = [
  'local all all trust',
  'host all all 127.0.0.1/32 trust',
  'local replication all trust',
  'host replication all 127.0.0.1/32 trust',
];

/** A new primary, started. `trustNets` (CIDRs) may connect too (the cluster test's namespaces). */
export async function startPrimary(
  options: ServerOptions & { trustNets?: string[] } = {},
): Promise<PgServer> {
  const dataDir = join(ownDir('onr-pg-primary-'), 'data');
  await pgTool('initdb', [
    '-D',
    dataDir,
    '--auth=trust',
    '--username=postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const hba = [
    ...HBA,
    ...(options.trustNets ?? []).flatMap((n) => [
      `host all all ${n} trust`,
      `host replication all ${n} trust`,
    ]),
  ];
  await writeAsOwner(join(dataDir, 'pg_hba.conf'), `${hba.join('\n')}\n`);
  const server = serverOf(dataDir, await freePort(), options);
  await server.start();
  return server;
}

/** A streaming replica of the primary (pg_basebackup -R), started and accepting read-only queries. */
export async function startReplica(primary: PgServer, options: ServerOptions = {}): Promise<PgServer> {
  const dataDir = join(ownDir('onr-pg-replica-'), 'data');
  await pgTool('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dataDir,
    '-R',
    '-X',
    'stream',
    '--no-sync',
    // The default (spread) checkpoint can make the backup wait minutes.
    '--checkpoint=fast',
  ]);
  const server = serverOf(dataDir, await freePort(), options);
  await server.start();
  return server;
}

async function writeAsOwner(file: string, text: string): Promise<void> {
  writeFileSync(file, text);
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(file, uid, gid);
  }
}

/** Waits until the replica has replayed everything the primary had written when this was called. */
export async function waitForReplay(primary: PgServer, replica: PgServer, timeoutMs = 30_000): Promise<void> {
  const p = new pg.Client({ connectionString: primary.url() });
  const r = new pg.Client({ connectionString: replica.url() });
  await p.connect();
  await r.connect();
  try {
    const lsn = (await p.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!.lsn;
    const until = Date.now() + timeoutMs;
    for (;;) {
      const ok = (
        await r.query<{ ok: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn])
      ).rows[0]?.ok;
      if (ok) return;
      if (Date.now() > until) throw new Error(`the replica did not replay up to ${lsn} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await p.end();
    await r.end();
  }
}
