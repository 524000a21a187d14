import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest PostgreSQL installed the Debian way (/usr/lib/postgresql/<version>/bin). */
function serverBin(): string {
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(a) - Number(b));
    return `/usr/lib/postgresql/${versions.at(-1) ?? '15'}/bin`;
  } catch {
    return '/usr/lib/postgresql/15/bin';
  }
}
const BIN = serverBin();

/** A free TCP port on loopback (the OS picks it; closed again at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/** Whether this machine can make a throwaway PostgreSQL cluster (root, with a PostgreSQL server installed). */
export function canMakeCluster(): boolean {
  try {
    readFileSync(`${BIN}/initdb`);
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, its own port on loopback),
 * to be stopped and crashed at will without disturbing anyone else's database. Runs as the postgres
 * user (the server refuses to run as root).
 */
export class ThrowawayCluster {
  readonly dir: string;
  readonly data: string;
  port = 0;

  private constructor(dir: string) {
    this.dir = dir;
    this.data = join(dir, 'data');
  }

  static async create(): Promise<ThrowawayCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'onr-cluster-'));
    chownSync(dir, uid('postgres'), gid('postgres'));
    const cluster = new ThrowawayCluster(dir);
    await cluster.pg('initdb', [
      '-D',
      cluster.data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    cluster.port = await freePort();
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    await this.pg('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
  }

  /** `pg_ctl stop -m fast` (sessions end with 57P01) or `-m immediate` (no shutdown checkpoint: a crash). */
  async stop(mode: 'fast' | 'immediate' | 'smart' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  /** SIGKILL one server process: the postmaster ends every session (57P02) and recovers (57P03 meanwhile). */
  async crashBackend(pid: number): Promise<void> {
    process.kill(pid, 'SIGKILL');
  }

  async drop(): Promise<void> {
    await this.stop('immediate').catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async pg(command: string, args: string[]): Promise<void> {
    try {
      await run('runuser', ['-u', 'postgres', '--', `${BIN}/${command}`, ...args], { timeout: 120_000 });
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${command} failed: ${e.stderr || e.stdout || e.message}`);
    }
  }
}

function idOf(file: string, name: string): number {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no ${name} in ${file}`);
  return Number(line.split(':')[2]);
}
const uid = (name: string) => idOf('/etc/passwd', name);
const gid = (name: string) => idOf('/etc/group', name);

/**
 * PostgreSQL's answer to a connection it cannot take now (SQLSTATE 57P03), as the server sends it while
 * starting up, in recovery or shutting down: an ErrorResponse ('E') after the client's startup message.
 */
function cannotConnectNow(): Buffer {
  const fields = Buffer.concat([
    ...[
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', '57P03'],
      ['M', 'the database system is starting up'],
    ].map(([type, value]) => Buffer.from(`${type}${value}\0`)),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/**
 * A TCP relay in front of a server, for faults the server itself cannot make on demand: `reset()`
 * tears every relayed connection down with a TCP RST (ECONNRESET on the client's side); in mode
 * `cannot-connect-now` new connections are answered with PostgreSQL's 57P03 and closed.
 */
export class FaultyRelay {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  mode: 'relay' | 'cannot-connect-now' = 'relay';

  private constructor(server: Server) {
    this.server = server;
  }

  static async start(target: () => number): Promise<FaultyRelay> {
    const relay: FaultyRelay = new FaultyRelay(
      createServer((client) => {
        if (relay.mode === 'cannot-connect-now') {
          relay.track(client);
          client.on('error', () => client.destroy());
          // The startup message first (or an SSL request, which a plain connection does not send).
          client.once('data', () => client.end(cannotConnectNow()));
          return;
        }
        const upstream = new Socket();
        relay.track(client);
        relay.track(upstream);
        upstream.connect(target(), '127.0.0.1');
        client.pipe(upstream);
        upstream.pipe(client);
        const end = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', end);
        upstream.on('error', end);
        client.on('close', end);
        upstream.on('close', end);
      }),
    );
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    relay.port = (relay.server.address() as { port: number }).port;
    return relay;
  }

  private track(socket: Socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Every relayed connection ends with a TCP RST. */
  reset(): number {
    const n = this.sockets.size;
    for (const socket of this.sockets) socket.resetAndDestroy();
    return n;
  }

  async close(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
