import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { type ChainedRecord, GENESIS_HASH, recordHash } from './chain.ts';

const SEAL_LOCK = 7_230_002;

/** The columns of ChainedRecord from audit_log `a`, read the same way by the sealer and the verifier. */
export const CHAINED_COLUMNS = sql`a.id,
  (extract(epoch from a.occurred_at) * 1000000)::int8 as occurred_us,
  a.operation, a.actor_oid, a.actor_kind, a.actor_name, a.actor_organisations, a.ip, a.user_agent,
  a.request_id, a.caller_id, a.target_oids, a.changes, a.details`;

/**
 * Gives pending audit records their place in the hash chain, oldest id first, in batches: an
 * append to audit_chain, the records themselves are never touched. Writers never wait for the
 * chain: a record is sealed within a moment of its commit (the sealer runs continuously in the
 * workers). One sealer at a time, across all instances (advisory lock). Returns the number sealed.
 */
export async function sealAuditLog(db: Db, batchSize = 5000, maxBatches = Infinity): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const sealed = await db.transaction().execute(async (trx) => {
      const locked = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${SEAL_LOCK}) as ok`.execute(
        trx,
      );
      if (!locked.rows[0]?.ok) return 0;
      // `= any(array(…))`: a join here may be planned as a scan of the whole log.
      const pending = await sql<Omit<ChainedRecord, 'chain_seq'>>`
        select ${CHAINED_COLUMNS} from audit_log a
        where a.id = any(array(select audit_id from audit_pending order by audit_id limit ${batchSize}))
        order by a.id`.execute(trx);
      if (pending.rows.length === 0) return 0;
      const last = await sql<{ chain_seq: number; hash: string }>`
        select chain_seq, hash from audit_chain order by chain_seq desc limit 1`.execute(trx);
      let seq = last.rows[0]?.chain_seq ?? 0;
      let prev = last.rows[0]?.hash ?? GENESIS_HASH;
      const ids: number[] = [];
      const seqs: number[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const row of pending.rows) {
        seq += 1;
        const hash = recordHash(prev, { ...row, chain_seq: seq });
        ids.push(row.id);
        seqs.push(seq);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await sql`
        with sealed as (
          insert into audit_chain (chain_seq, audit_id, prev_hash, hash)
          select * from unnest(${seqs}::int8[], ${ids}::int8[], ${prevs}::text[], ${hashes}::text[])
        )
        delete from audit_pending where audit_id = any(${ids}::int8[])`.execute(trx);
      return pending.rows.length;
    });
    total += sealed;
    if (sealed < batchSize) return total;
  }
  return total;
}
