import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { type ChainedRecord, GENESIS_HASH, recordHash } from './chain.ts';
import { CHAINED_COLUMNS } from './sealer.ts';

export interface VerifyResult {
  ok: boolean;
  /** Sealed records checked. */
  checked: number;
  /** Records not yet sealed (written in the last moments, or no sealer running). */
  unsealed: number;
  firstBroken?: { id: number; chainSeq: number; reason: string };
}

/** Walks the chain from the start and names the first record whose content or link does not hold. */
export async function verifyAuditLog(db: Db, pageSize = 10_000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    // A left join: a chain entry whose record was deleted must show up, not vanish.
    const page = await sql<
      ChainedRecord & { prev_hash: string; hash: string; audit_id: number; id: number | null }
    >`
      select c.chain_seq, c.audit_id, c.prev_hash, c.hash, ${CHAINED_COLUMNS}
      from audit_chain c left join audit_log a on a.id = c.audit_id
      where c.chain_seq >= ${expectedSeq} order by c.chain_seq limit ${pageSize}`.execute(db);
    for (const row of page.rows) {
      const { prev_hash, hash, audit_id, ...record } = row;
      const broken = (reason: string) => ({
        ok: false,
        checked,
        unsealed: 0,
        firstBroken: { id: audit_id, chainSeq: row.chain_seq, reason },
      });
      if (row.chain_seq !== expectedSeq) {
        return withUnsealed(db, broken(`record ${expectedSeq} of the chain is missing`));
      }
      if (row.id === null) return withUnsealed(db, broken('the record was deleted'));
      if (prev_hash !== prev) return withUnsealed(db, broken('link to the previous record does not match'));
      if (recordHash(prev, record as ChainedRecord) !== hash)
        return withUnsealed(db, broken('content does not match its hash'));
      prev = hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (page.rows.length < pageSize) break;
  }
  return withUnsealed(db, { ok: true, checked, unsealed: 0 });
}

async function withUnsealed(db: Db, result: VerifyResult): Promise<VerifyResult> {
  const row = await db
    .selectFrom('audit_pending')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { ...result, unsealed: Number(row.n) };
}
