/**
 * ONR_DATABASE_REPLICA_URL on a real streaming replica (a primary and a `pg_basebackup -R` replica
 * of the test's own): the stale-tolerant reads come from the replica, writes and the reads they depend
 * on from the primary; reads fall back to the primary while the replica is down and return to it when
 * it is back and caught up (docs/SCALING.md).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import {
  API,
  createOrganisations,
  createTestApp,
  lookUp,
  lookupBody,
  PERSONS,
  serviceUser,
  type TestApp,
} from '../support/app.ts';
import {
  clusterUnavailableReason,
  type PgServer,
  startPrimary,
  startReplica,
  waitForReplay,
} from '../support/pg-cluster.ts';

const unavailable = clusterUnavailableReason();
// CI installs the PostgreSQL server, so there the test must run.
if (unavailable && process.env.ONR_TEST_REQUIRE_POSTGRES === '1')
  throw new Error(`The read-replica test cannot run: ${unavailable}`);
if (unavailable) console.warn(`\nThe read-replica test is skipped: ${unavailable}.\n`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function onReplica(replica: PgServer, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: replica.url('onr') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe.skipIf(!!unavailable)('read replica', () => {
  let primary: PgServer;
  let replica: PgServer;
  let database: Database;
  let t: TestApp;
  let keeper: { authorization: string };
  let client: Awaited<ReturnType<typeof serviceUser>>;
  const switches: string[] = [];

  beforeAll(async () => {
    primary = await startPrimary();
    try {
      const admin = new pg.Client({ connectionString: primary.url() });
      await admin.connect();
      await admin.query('create database onr');
      await admin.end();
      replica = await startReplica(primary);
      database = await openDatabase({
        kind: 'postgres',
        url: primary.url('onr'),
        replicaUrl: replica.url('onr'),
        replicaRetrySeconds: 1,
        onReadTargetChange: (target) => switches.push(target),
      });
      await migrate(database);
      t = await createTestApp(database);
      const orgs = await createOrganisations(t.services);
      client = await serviceUser(t, orgs.provider, ['YLEISTUNNISTE_LUONTI']);
      keeper = (await serviceUser(t, ROOT_ORGANISATION_OID, ['REKISTERINPITAJA'])).auth;
      await waitForReplay(primary, replica);
    } catch (error) {
      await replica?.drop();
      await primary.drop();
      throw error;
    }
  });

  afterAll(async () => {
    await t?.close();
    await database?.close();
    await replica?.drop();
    await primary?.drop();
  });

  const get = (url: string) => t.app.inject({ url: `${API}${url}`, headers: keeper });

  it('reads the stale-tolerant queries on the replica and writes on the primary', async () => {
    const where = async (db: Database['db']) =>
      (
        await db
          .selectNoFrom((eb) => eb.fn<boolean>('pg_is_in_recovery', []).as('r'))
          .executeTakeFirstOrThrow()
      ).r;
    expect(await where(t.services.readDb)).toBe(true);
    expect(await where(t.services.db)).toBe(false);
    expect(database.readTarget()).toBe('replica');
  });

  it('serves searches, the feed and the audit-log search from the replica; the person page from the primary', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    // The replica stops replaying: whatever the primary writes now, the replica does not have.
    await onReplica(replica, 'select pg_wal_replay_pause()');
    try {
      const created = await lookUp(t, client.auth, PERSONS.matti);
      expect(created.statusCode, created.body).toBe(200);
      const oid = created.json().oid as string;
      // The feeds show a change once it has settled (5 s), whichever database they read.
      await sleep(5_500);

      // A write and the reads around it are the primary's: the person page shows the person at once.
      expect((await get(`/henkilo/${oid}`)).statusCode).toBe(200);
      const stale = {
        search: (await get('/henkilo/haku?q=Virtanen')).json().items,
        feed: (await get(`/henkilo/changedSince?since=${since}`)).json().results,
        audit: (await get(`/audit-log?henkilo=${oid}`)).json().items,
      };
      expect(stale).toEqual({ search: [], feed: [], audit: [] });
    } finally {
      await onReplica(replica, 'select pg_wal_replay_resume()');
    }
    await waitForReplay(primary, replica);
    const search = (await get('/henkilo/haku?q=Virtanen')).json().items as { oid: string }[];
    expect(search).toHaveLength(1);
    const feed = (await get(`/henkilo/changedSince?since=${since}`)).json().results as { oid: string }[];
    expect(feed.map((r) => r.oid)).toEqual([search[0]!.oid]);
    const audit = (await get(`/audit-log?henkilo=${search[0]!.oid}`)).json().items as unknown[];
    expect(audit.length).toBeGreaterThan(0);
  });

  it('finds an import the replica does not have yet on the primary (an importer polls at once)', async () => {
    await onReplica(replica, 'select pg_wal_replay_pause()');
    try {
      const put = await t.app.inject({
        method: 'PUT',
        url: `${API}/yleistunniste`,
        headers: client.auth,
        payload: { henkilot: [{ tunniste: 'r-1', henkilo: lookupBody(PERSONS.aino) }] },
      });
      expect(put.statusCode, put.body).toBe(200);
      const id = put.json().id as number;
      const progress = await t.app.inject({
        url: `${API}/yleistunniste/tuonti=${id}/perustiedot`,
        headers: client.auth,
      });
      expect(progress.statusCode, progress.body).toBe(200);
      expect(progress.json()).toMatchObject({ id, kasiteltavia: 1 });
      const results = await t.app.inject({ url: `${API}/yleistunniste/tuonti=${id}`, headers: client.auth });
      expect(results.statusCode, results.body).toBe(200);
      expect(results.json()).toMatchObject({ id, henkilot: [] });
    } finally {
      await onReplica(replica, 'select pg_wal_replay_resume()');
    }
  });

  it('answers a read whose replica session is killed under it from the primary', async () => {
    const admin = new pg.Client({ connectionString: replica.url() });
    await admin.connect();
    try {
      const reading = sql<{
        r: boolean;
      }>`select pg_sleep(1) is null as slept, pg_is_in_recovery() as r`.execute(t.services.readDb);
      await sleep(300);
      const killed = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = 'onr' and state = 'active' and pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBeGreaterThan(0);
      expect((await reading).rows[0]!.r).toBe(false);
      expect(database.readTarget()).toBe('primary');
    } finally {
      await admin.end();
    }
    await sleep(1_200); // the replica's time out (replicaRetrySeconds)
    expect((await get('/henkilo/haku?q=Virtanen')).statusCode).toBe(200);
    expect(database.readTarget()).toBe('replica');
    switches.length = 0;
  });

  it('falls back to the primary while the replica is down and returns once it is back and caught up', async () => {
    await replica.stop('fast');
    // The first read after the fault may be the one that finds it; it is answered all the same.
    for (let i = 0; i < 3; i++) expect((await get('/henkilo/haku?q=Virtanen')).statusCode).toBe(200);
    expect(database.readTarget()).toBe('primary');
    expect((await get('/henkilo/haku?q=Virtanen')).json().items).toHaveLength(1);

    await replica.start();
    await waitForReplay(primary, replica);
    await sleep(1_200); // the replica's time out (replicaRetrySeconds)
    expect((await get('/henkilo/haku?q=Virtanen')).statusCode).toBe(200);
    expect(database.readTarget()).toBe('replica');
    expect(switches).toEqual(['primary', 'replica']);
  });
});
