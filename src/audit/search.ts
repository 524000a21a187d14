import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface AuditSearchFilter {
  /** Records naming this person (GIN index on target_oids). */
  targetOid?: string;
  /** Records of this actor (index on actor_oid, occurred_at). */
  actorOid?: string;
  operation?: string;
  from?: Date;
  to?: Date;
  /** Keyset paging: records older than this id. */
  before?: number;
  limit: number;
}

export interface AuditSearchRow {
  id: number;
  occurred_at: Date;
  operation: string;
  actor_oid: string | null;
  actor_kind: string | null;
  actor_name: string | null;
  actor_organisations: string[];
  ip: string | null;
  request_id: string | null;
  caller_id: string | null;
  target_oids: string[];
  changes: unknown;
  details: unknown;
}

/**
 * The audit log newest first, filtered; one row more than asked tells whether there is more. Keyset
 * paging on the id (never an offset: the log has millions of records).
 */
export async function searchAuditLog(db: Db, f: AuditSearchFilter): Promise<AuditSearchRow[]> {
  const conditions = [sql<boolean>`true`];
  if (f.targetOid !== undefined) conditions.push(sql`a.target_oids @> ${[f.targetOid]}::text[]`);
  if (f.actorOid !== undefined) conditions.push(sql`a.actor_oid = ${f.actorOid}`);
  if (f.operation !== undefined) conditions.push(sql`a.operation = ${f.operation}`);
  if (f.from !== undefined) conditions.push(sql`a.occurred_at >= ${f.from}`);
  if (f.to !== undefined) conditions.push(sql`a.occurred_at < ${f.to}`);
  if (f.before !== undefined) conditions.push(sql`a.id < ${f.before}`);
  const result = await sql<AuditSearchRow>`
    select a.id, a.occurred_at, a.operation, a.actor_oid, a.actor_kind, a.actor_name, a.actor_organisations,
      a.ip, a.request_id, a.caller_id, a.target_oids, a.changes, a.details
    from audit_log a
    where ${sql.join(conditions, sql` and `)}
    order by a.id desc
    limit ${f.limit + 1}`.execute(db);
  return result.rows.map((r) => ({ ...r, id: Number(r.id) }));
}
