import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR, sealAuditLog, verifyAuditLog, writeAudit } from '../../src/audit/index.ts';
import { describeEachDatabase } from '../support/db.ts';

describeEachDatabase('audit log hash chain', (database) => {
  const db = () => database().db;

  /** Edits a sealed record behind the application's back, as an intruder with database access would. */
  async function tamper(statement: ReturnType<typeof sql>) {
    await db()
      .connection()
      .execute(async (conn) => {
        await sql`set session_replication_role = replica`.execute(conn);
        try {
          await statement.execute(conn);
        } finally {
          await sql`set session_replication_role = default`.execute(conn);
        }
      });
  }

  it('seals records in order and verifies an intact chain', async () => {
    for (let i = 0; i < 5; i++) {
      await writeAudit(db(), {
        operation: 'PERSON_READ',
        actor: { ...SYSTEM_ACTOR, requestId: `r${i}` },
        targetOids: [`1.2.246.562.98.1000000000${i}`],
        details: { n: i, nested: { b: 1, a: [1, 'x'] } },
      });
    }
    // A bounded run (the server's: so that stopping never waits for a whole backlog) seals what it
    // may, in order; the next run goes on from there.
    expect(await sealAuditLog(db(), 2, 1)).toBe(2);
    expect(await verifyAuditLog(db())).toMatchObject({ ok: true, checked: 2, unsealed: 3 });
    expect(await sealAuditLog(db())).toBe(3);
    expect(await sealAuditLog(db())).toBe(0);
    await writeAudit(db(), { operation: 'LOGIN', actor: SYSTEM_ACTOR });
    const before = await verifyAuditLog(db());
    expect(before).toMatchObject({ ok: true, checked: 5, unsealed: 1 });
    await sealAuditLog(db());
    expect(await verifyAuditLog(db())).toMatchObject({ ok: true, checked: 6, unsealed: 0 });
  });

  it('refuses updates and deletes of records and of the chain through append-only triggers', async () => {
    await expect(sql`update audit_log set operation = 'X'`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`update audit_chain set hash = 'x'`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_chain`.execute(db())).rejects.toThrow(/append-only/);
  });

  const chain = () =>
    db().selectFrom('audit_chain').select(['audit_id as id', 'chain_seq']).orderBy('chain_seq').execute();

  it('names a deleted record', async () => {
    const rows = await chain();
    await tamper(sql`delete from audit_log where id = ${rows[3]!.id}`);
    const result = await verifyAuditLog(db());
    expect(result).toMatchObject({ ok: false, checked: 3 });
    expect(result.firstBroken).toMatchObject({
      id: rows[3]!.id,
      chainSeq: 4,
      reason: expect.stringMatching(/deleted/),
    });
  });

  it('names the first edited record', async () => {
    const victim = (await chain())[1]!;
    await tamper(
      sql`update audit_log set target_oids = '{1.2.246.562.98.99999999990}' where id = ${victim.id}`,
    );
    const result = await verifyAuditLog(db());
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({
      id: victim.id,
      chainSeq: victim.chain_seq,
      reason: expect.stringMatching(/content/),
    });
  });

  it('notices chain entries that were removed', async () => {
    await tamper(sql`delete from audit_chain where chain_seq <= 2`);
    const result = await verifyAuditLog(db());
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ chainSeq: 3, reason: expect.stringMatching(/missing/) });
  });
});
