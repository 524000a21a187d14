import { sql } from 'kysely';
import { type AuditEntry, auditRow } from '../audit/index.ts';
import type { Db } from '../db/index.ts';
import { createBatcher } from '../db/index.ts';

export interface PersonRead {
  personId: number;
  /** Organisations to attach the person to (the caller's). */
  organisationOids: string[];
  attachedBy: string | null;
  audit: AuditEntry;
}

export interface ReadRecorder {
  /** Attaches and audits; resolves once both are committed. */
  record(read: PersonRead): Promise<void>;
}

/**
 * The single lookup's write path: attach the caller's organisations and audit the read. Concurrent
 * lookups share one statement (group commit), which keeps the hot path at one round trip a batch.
 */
export function createReadRecorder(db: Db): ReadRecorder {
  const batcher = createBatcher<PersonRead>(
    async (reads) => {
      const links = reads.flatMap((r) =>
        r.organisationOids.map((o) => ({ p: r.personId, o, c: r.attachedBy })),
      );
      // jsonb_populate_recordset wants the JSON documents themselves, not their text.
      const audits = reads.map((r) => ({
        ...auditRow(r.audit),
        changes: r.audit.changes ?? null,
        details: r.audit.details ?? null,
      }));
      await sql`
      with attached as (
        insert into person_organisations (person_id, organisation_oid, created_by)
        select distinct l.p, l.o, l.c from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as l(p int8, o text, c text)
        on conflict do nothing
      )
      insert into audit_log (operation, actor_oid, actor_kind, actor_name, actor_organisations, ip, user_agent,
        request_id, caller_id, target_oids, changes, details)
      select operation, actor_oid, actor_kind, actor_name, actor_organisations, ip, user_agent,
        request_id, caller_id, target_oids, changes, details
      from jsonb_populate_recordset(null::audit_log, ${JSON.stringify(audits)}::jsonb)`.execute(db);
    },
    // One flush at a time: while it commits, the next requests gather into one larger batch (fewer
    // statements and commits per request; measured better than two or four in bench/lookup.ts).
    { concurrency: 1 },
  );
  return { record: (read) => batcher.add(read) };
}
