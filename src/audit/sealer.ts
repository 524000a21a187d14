import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { type ChainedRecord, GENESIS_HASH, recordHash } from './chain.ts';

const SEAL_LOCK = 7_230_002;

/** The columns of ChainedRecord, read the same way by the sealer and the verifier. */
export const CHAINED_COLUMNS = sql`id, chain_seq,
  (extract(epoch from occurred_at) * 1000000)::int8 as occurred_us,
  operation, actor_oid, actor_kind, actor_name, actor_organisations, ip, user_agent,
  request_id, caller_id, target_oids, changes, details`;

/**
 * Gives unsealed audit records their place in the hash chain, oldest id first, in batches. Writers
 * never wait for the chain: a record is sealed within a moment of its commit (the sealer runs
 * continuously in the workers). One sealer at a time, across all instances (advisory lock).
 * Returns the number of records sealed.
 */
export async function sealAuditLog(db: Db, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.transaction().execute(async (trx) => {
      const locked = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${SEAL_LOCK}) as ok`.execute(
        trx,
      );
      if (!locked.rows[0]?.ok) return 0;
      const last = await sql<{ chain_seq: number; hash: string }>`
        select chain_seq, hash from audit_log where chain_seq is not null
        order by chain_seq desc limit 1`.execute(trx);
      let seq = last.rows[0]?.chain_seq ?? 0;
      let prev = last.rows[0]?.hash ?? GENESIS_HASH;
      const pending = await sql<Omit<ChainedRecord, 'chain_seq'>>`
        select ${CHAINED_COLUMNS} from audit_log where chain_seq is null
        order by id limit ${batchSize}`.execute(trx);
      if (pending.rows.length === 0) return 0;
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
        update audit_log a set chain_seq = s.seq, prev_hash = s.prev, hash = s.hash
        from unnest(${ids}::int8[], ${seqs}::int8[], ${prevs}::text[], ${hashes}::text[]) as s(id, seq, prev, hash)
        where a.id = s.id`.execute(trx);
      return pending.rows.length;
    });
    total += sealed;
    if (sealed < batchSize) return total;
  }
}

/** Seals continuously until stopped. */
export function startAuditSealer(
  db: Db,
  options: { intervalMs?: number; onError?: (e: unknown) => void } = {},
) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = sealAuditLog(db)
      .catch((e) => options.onError?.(e))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 500);
      });
  };
  let timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
