import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { Invalid } from '../errors.ts';
import type { ChainedRecord } from './chain.ts';
import { type AuditActor, writeAudit } from './writer.ts';

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

/** A record as the search reads it: the chained fields but the chain's own and the user agent. */
export interface AuditSearchRow extends Omit<ChainedRecord, 'chain_seq' | 'occurred_us' | 'user_agent'> {
  occurred_at: Date;
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

/** GET /audit-log's query (the wire names of docs/API-OFFICIALS.md). */
export interface AuditLogQuery {
  henkilo?: string;
  tekija?: string;
  toiminto?: string;
  alkaen?: string;
  asti?: string;
  ennen?: string;
  maara?: string;
}

const parseJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/** What a search needs of the request (a RequestContext has it): the audit log takes no request context. */
export interface AuditReader {
  db: Db;
  readDb: Db;
  actor: AuditActor;
  endpoint: string;
}

/** The registry keeper's search (GET /audit-log): one page, newest first; the search is itself audited. */
export async function searchAuditLogAsKeeper(ctx: AuditReader, q: AuditLogQuery) {
  const limit = q.maara === undefined ? 50 : Number(q.maara);
  if (limit < 1 || limit > 200) throw Invalid.field('maara', 'must be from 1 to 200', q.maara);
  const from = q.alkaen ? new Date(q.alkaen) : undefined;
  const to = q.asti ? new Date(q.asti) : undefined;
  if (from && to && from >= to) throw Invalid.field('asti', 'must be after alkaen', q.asti);
  const rows = await searchAuditLog(ctx.readDb, {
    targetOid: q.henkilo,
    actorOid: q.tekija,
    operation: q.toiminto,
    from,
    to,
    before: q.ennen === undefined ? undefined : Number(q.ennen),
    limit,
  });
  const page = rows.slice(0, limit);
  await writeAudit(ctx.db, {
    operation: 'AUDIT_READ',
    actor: ctx.actor,
    targetOids: q.henkilo ? [q.henkilo] : [],
    details: {
      endpoint: ctx.endpoint,
      filter: {
        henkilo: q.henkilo,
        tekija: q.tekija,
        toiminto: q.toiminto,
        alkaen: q.alkaen,
        asti: q.asti,
      },
      records: page.length,
    },
  });
  return {
    items: page.map((r) => {
      const changes = parseJson(r.changes);
      const details = parseJson(r.details);
      return {
        id: r.id,
        aika: r.occurred_at.toISOString(),
        toiminto: r.operation,
        tekija: {
          oid: r.actor_oid,
          nimi: r.actor_name,
          tyyppi: r.actor_kind,
          organisaatiot: r.actor_organisations,
        },
        ip: r.ip,
        requestId: r.request_id,
        callerId: r.caller_id,
        kohteet: r.target_oids,
        ...(changes ? { muutokset: changes } : {}),
        ...(details ? { tiedot: details } : {}),
      };
    }),
    seuraava: rows.length > limit ? String(page.at(-1)!.id) : null,
  };
}
