import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { GENESIS_HASH } from './chain.ts';

/**
 * The sealed audit chain's newest entry. Kept outside the database (an external log, a ticket, a
 * notary service), it is what shows a truncation of the newest records: the chain inside the
 * database can be cut at its end without breaking any link, but then the anchored position is
 * missing or carries another hash (docs/DEPLOYMENT.md, "Anchoring the audit chain").
 */
export interface AuditTip {
  /** Chain position of the newest sealed record; 0 when nothing is sealed yet. */
  position: number;
  /** Its hash (sha256 hex); the genesis hash of zeros when nothing is sealed yet. */
  hash: string;
  /** The audit record it seals, and when that record was written. */
  auditId: number | null;
  occurredAt: string | null;
  /** Records written but not yet sealed (they are not covered by this tip). */
  unsealed: number;
}

/** The tip, or with `position` the chain entry at that position (undefined when there is none). */
export async function readAuditTip(db: Db, position?: number): Promise<AuditTip | undefined> {
  const rows = await sql<{ chain_seq: number; hash: string; audit_id: number; occurred_at: Date }>`
    select c.chain_seq, c.hash, c.audit_id, a.occurred_at
    from audit_chain c left join audit_log a on a.id = c.audit_id
    where ${position === undefined ? sql`true` : sql`c.chain_seq = ${position}`}
    order by c.chain_seq desc limit 1`.execute(db);
  const pending = await db
    .selectFrom('audit_pending')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const unsealed = Number(pending.n);
  const row = rows.rows[0];
  if (!row) {
    if (position !== undefined && position !== 0) return undefined;
    return { position: 0, hash: GENESIS_HASH, auditId: null, occurredAt: null, unsealed };
  }
  return {
    position: row.chain_seq,
    hash: row.hash,
    auditId: row.audit_id,
    occurredAt: row.occurred_at ? new Date(row.occurred_at).toISOString() : null,
    unsealed,
  };
}
