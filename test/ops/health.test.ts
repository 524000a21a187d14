import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/database.ts';
import { API, createTestApp, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

const ERROR_SHAPE = ['status', 'error', 'message', 'path', 'timestamp', 'requestId'];

describeEachDatabase('health endpoints', (getDatabase) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(getDatabase());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /health/live answers 200 without looking at anything', async () => {
    const res = await t.app.inject({ url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('GET /health/ready answers 200 when the database answers and every migration is applied', async () => {
    const res = await t.app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', migrations: 'ok', pending: [] },
    });
  });

  it('is outside the API auth: broken credentials do not matter', async () => {
    for (const url of ['/health/live', '/health/ready']) {
      const res = await t.app.inject({ url, headers: { authorization: 'Bearer not-a-token' } });
      expect(res.statusCode, url).toBe(200);
    }
  });

  it('keeps the API-path health endpoint', async () => {
    const res = await t.app.inject({ url: `${API}/health` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', environment: 'test' });
  });

  it('answers 503 in the error shape, naming the pending migration, when the schema is behind', async () => {
    const db = t.services.db;
    const last = await sql<{ version: number; name: string }>`
      select version, name from schema_migrations order by version desc limit 1`.execute(db);
    const { version, name } = last.rows[0]!;
    await sql`delete from schema_migrations where version = ${version}`.execute(db);
    try {
      const res = await t.app.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(Object.keys(body)).toEqual(expect.arrayContaining(ERROR_SHAPE));
      expect(body).toMatchObject({
        status: 503,
        path: '/health/ready',
        checks: { database: 'ok', migrations: 'pending', pending: [name] },
      });
      expect(body.message).toContain(name);
    } finally {
      await sql`insert into schema_migrations (version, name) values (${version}, ${name})`.execute(db);
    }
    expect((await t.app.inject({ url: '/health/ready' })).statusCode).toBe(200);
  });
});

describe('health endpoints when the database is gone', () => {
  let t: TestApp;
  let broken: Awaited<ReturnType<typeof openDatabase>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    const { openTestDatabase } = await import('../support/db.ts');
    t = await createTestApp(await openTestDatabase('pglite'));
    // Nothing listens on port 9 (discard): every connection is refused.
    broken = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:9/none' });
    app = await buildApp({ ...t.services, db: broken.db }, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await broken?.close();
    await t?.close();
    await t?.services.database.close();
  });

  it('ready is 503 (database unavailable); live stays 200', async () => {
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      status: 503,
      error: 'Service Unavailable',
      message: 'the database is not available',
      checks: { database: 'unavailable', migrations: 'unknown', pending: [] },
    });
    expect(Object.keys(ready.json())).toEqual(expect.arrayContaining(ERROR_SHAPE));
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
  });

  it('metrics are still served, saying the database is down', async () => {
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^onr_database_up 0$/m);
  });
});
