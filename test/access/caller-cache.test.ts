import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import {
  createOrganisations,
  createTestApp,
  lookUp,
  PERSONS,
  serviceUser,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

/**
 * Bearer callers are cached per instance (src/access/caller-cache.ts). These tests hold the cache
 * to its promise: a change to a user's grants or secret counts at once in the instance that made
 * it, and within a moment (NOTIFY at commit) in every other instance, even when made behind the
 * application's back.
 */
describeEachDatabase('caller cache', (database) => {
  let a: TestApp;
  let b: TestApp;
  let orgs: Awaited<ReturnType<typeof createOrganisations>>;

  beforeAll(async () => {
    a = await createTestApp(database());
    b = await createTestApp(database());
    orgs = await createOrganisations(a.services, ' cache');
    return async () => {
      await a.close();
      await b.close();
    };
  });

  const hae = (t: TestApp, auth: { authorization: string }) => lookUp(t, auth, PERSONS.matti);

  async function eventually(check: () => Promise<boolean>): Promise<boolean> {
    for (let i = 0; i < 100; i++) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }

  it('a grant revoked in the database stops working in every instance', async () => {
    const client = await serviceUser(a, orgs.school, ['YLEISTUNNISTE_LUONTI']);
    expect((await hae(a, client.auth)).statusCode).toBe(200);
    expect((await hae(b, client.auth)).statusCode).toBe(200);
    // Behind the application's back (as the CLI or another instance would): only NOTIFY tells.
    await sql`update grants set revoked_at = now() where user_oid = ${client.oid}`.execute(a.services.db);
    expect(await eventually(async () => (await hae(a, client.auth)).statusCode === 403)).toBe(true);
    expect(await eventually(async () => (await hae(b, client.auth)).statusCode === 403)).toBe(true);
  });

  it('a grant that expires while cached stops counting at its end, without any notification', async () => {
    const client = await serviceUser(a, orgs.school, []);
    const until = new Date(Date.now() + 1500);
    await sql`insert into grants (user_oid, organisation_oid, role, valid_from, valid_until)
      values (${client.oid}, ${orgs.school}, 'YLEISTUNNISTE_LUONTI', now() - interval '1 day', ${until})`.execute(
      a.services.db,
    );
    expect(await eventually(async () => (await hae(a, client.auth)).statusCode === 200)).toBe(true);
    await new Promise((r) => setTimeout(r, Math.max(0, until.getTime() - Date.now() + 50)));
    expect((await hae(a, client.auth)).statusCode).toBe(403);
  });

  it('a new grant counts at once in another instance that had the user cached without it', async () => {
    const client = await serviceUser(a, orgs.school, ['OPPIJOIDENTUONTI']);
    expect((await hae(b, client.auth)).statusCode).toBe(403);
    await sql`insert into grants (user_oid, organisation_oid, role) values (${client.oid}, ${orgs.school}, 'YLEISTUNNISTE_LUONTI')`.execute(
      a.services.db,
    );
    expect(await eventually(async () => (await hae(b, client.auth)).statusCode === 200)).toBe(true);
  });
});
