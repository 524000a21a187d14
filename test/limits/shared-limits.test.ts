/**
 * Limits shared by every process of a deployment through the database (docs/SCALING.md): the login
 * and token rate limits across API instances, and the population register's rate and concurrency
 * across the instances and workers that call it.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createHttpPopulationRegister } from '../../src/identification/http-register.ts';
import { type PopulationServer, startPopulationServer } from '../../src/identification/population-server.ts';
import { SimulatedPopulationRegister } from '../../src/identification/simulated-register.ts';
import { createSharedRegisterLimits } from '../../src/limits/index.ts';
import { hitWindow, releaseSlot, takeSlot } from '../../src/limits/repository.ts';
import { API, createTestApp, PERSONS } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

describeEachDatabase('shared limits', (database) => {
  it('counts concurrent hits of a window exactly, and starts a new window when it is over', async () => {
    const db = database().db;
    const counts = await Promise.all(
      Array.from({ length: 30 }, () => hitWindow(db, 'test:concurrent', 60_000)),
    );
    expect(counts.map((c) => c.hits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    expect(counts.every((c) => c.ttlMs > 0 && c.ttlMs <= 60_000)).toBe(true);
    await hitWindow(db, 'test:short', 200);
    expect((await hitWindow(db, 'test:short', 200)).hits).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await hitWindow(db, 'test:short', 200)).hits).toBe(1);
  });

  it('hands out each register slot to one holder at a time; a lapsed lease comes back', async () => {
    const db = database().db;
    const taken = await Promise.all(
      Array.from({ length: 6 }, (_, i) => takeSlot(db, 3, `holder-${i}`, 60_000)),
    );
    const slots = taken.filter((s) => s !== undefined);
    expect(slots.sort()).toEqual([0, 1, 2]);
    expect(await takeSlot(db, 3, 'late', 60_000)).toBeUndefined();
    // Only its holder releases a slot.
    const holderOf0 = `holder-${taken.indexOf(0)}`;
    await releaseSlot(db, 0, 'someone-else');
    expect(await takeSlot(db, 3, 'late', 60_000)).toBeUndefined();
    await releaseSlot(db, 0, holderOf0);
    expect(await takeSlot(db, 3, 'late', 100)).toBe(0);
    // The new holder "dies": its short lease lapses and the slot is free again.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await takeSlot(db, 3, 'after', 60_000)).toBe(0);
  });

  it("keeps the register's concurrency and rate for all processes together", async () => {
    const db = database().db;
    // The slots the test above left leased.
    await sql`delete from register_slots`.execute(db);
    const server: PopulationServer = await startPopulationServer({
      register: new SimulatedPopulationRegister([
        { hetu: PERSONS.matti.hetu, etunimet: PERSONS.matti.etunimet, sukunimi: PERSONS.matti.sukunimi },
      ]),
    });
    // Two processes' adapters (each with its own holder id), each allowed 4 in flight by itself.
    const adapters = [0, 1].map(() =>
      createHttpPopulationRegister({
        url: server.url,
        concurrency: 4,
        ratePerSecond: 1000,
        sharedLimits: createSharedRegisterLimits(db, {
          ratePerSecond: 1000,
          concurrency: 2,
          leaseMs: 10_000,
        }),
      }),
    );
    try {
      server.faults.set({ latencyMs: 60 });
      await Promise.all(
        adapters.flatMap((a) => Array.from({ length: 6 }, () => a.lookup(PERSONS.matti.hetu))),
      );
      expect(server.stats().requests).toBe(12);
      expect(server.stats().maxInFlight).toBe(2);

      // Rate: 5 a second for the deployment, 10 lookups from two processes → three windows.
      server.faults.set({ latencyMs: 0 });
      const rated = [0, 1].map(() =>
        createHttpPopulationRegister({
          url: server.url,
          sharedLimits: createSharedRegisterLimits(db, {
            ratePerSecond: 5,
            concurrency: 10,
            leaseMs: 10_000,
          }),
        }),
      );
      adapters.push(...rated);
      const before = server.stats().arrivals.length;
      const started = performance.now();
      await Promise.all(rated.flatMap((a) => Array.from({ length: 5 }, () => a.lookup(PERSONS.matti.hetu))));
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
      const arrivals = server.stats().arrivals.slice(before);
      expect(arrivals).toHaveLength(10);
      // The first window admits 5 from both processes together; the rest wait for the next one.
      expect(arrivals.filter((u) => u < arrivals[0]! + 900).length).toBeLessThanOrEqual(5);
    } finally {
      for (const a of adapters) a.close();
      await server.close();
    }
  });

  it('holds the login and token limits across API instances (and both token paths)', async () => {
    const env = { ONR_LOGIN_RATE_LIMIT: '3', ONR_TOKEN_RATE_LIMIT: '3' };
    const a = await createTestApp(database(), { env });
    const b = await createTestApp(database(), { env });
    try {
      const login = (t: typeof a) =>
        t.app.inject({
          method: 'POST',
          url: `${API}/session`,
          remoteAddress: '10.9.8.7',
          payload: { username: 'x', password: 'y' },
        });
      const logins = [
        (await login(a)).statusCode,
        (await login(b)).statusCode,
        (await login(a)).statusCode,
        (await login(b)).statusCode,
      ];
      expect(logins).toEqual([401, 401, 401, 429]);

      const token = (t: typeof a, url: string) =>
        t.app.inject({
          method: 'POST',
          url,
          remoteAddress: '10.9.8.6',
          payload: { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' },
        });
      const tokens = [
        (await token(a, `${API}/oauth2/token`)).statusCode,
        (await token(b, '/oauth2/token')).statusCode,
        (await token(b, `${API}/oauth2/token`)).statusCode,
        (await token(a, '/oauth2/token')).statusCode,
      ];
      expect(tokens).toEqual([401, 401, 401, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
