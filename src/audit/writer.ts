import type { Db } from '../db/index.ts';
import type { AuditOperation } from '../domain/index.ts';

/** Who did it, from where. Every audit record names one. */
export interface AuditActor {
  oid: string | null;
  kind: 'official' | 'service' | 'system' | 'cli';
  name: string | null;
  organisations: string[];
  ip?: string;
  userAgent?: string;
  requestId?: string;
  callerId?: string;
}

export { AUDIT_OPERATIONS, type AuditOperation } from '../domain/index.ts';

export interface FieldChange {
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  operation: AuditOperation;
  actor: AuditActor;
  targetOids?: string[];
  changes?: Record<string, FieldChange>;
  details?: Record<string, unknown>;
}

/** Who asks, through which endpoint: a RequestContext is one. */
export interface AuditRequest {
  actor: AuditActor;
  endpoint: string;
}

/**
 * The one audit-entry helper for a request's records: the caller as actor, the endpoint first in the
 * details.
 */
export function auditEntry(
  request: AuditRequest,
  operation: AuditOperation,
  targetOids: string[],
  more: { changes?: Record<string, FieldChange>; details?: Record<string, unknown> } = {},
): AuditEntry {
  return {
    operation,
    actor: request.actor,
    targetOids,
    ...(more.changes ? { changes: more.changes } : {}),
    details: { endpoint: request.endpoint, ...more.details },
  };
}

/** The record of a request reading persons (every read of a person is audited). */
export function personRead(
  request: AuditRequest,
  targetOids: string[],
  details: Record<string, unknown> = {},
): AuditEntry {
  return auditEntry(request, 'PERSON_READ', targetOids, { details });
}

export const SYSTEM_ACTOR: AuditActor = { oid: null, kind: 'system', name: 'onr', organisations: [] };

export function auditRow(entry: AuditEntry) {
  const a = entry.actor;
  return {
    operation: entry.operation,
    actor_oid: a.oid,
    actor_kind: a.kind,
    actor_name: a.name,
    actor_organisations: a.organisations,
    ip: a.ip ?? null,
    user_agent: a.userAgent ?? null,
    request_id: a.requestId ?? null,
    caller_id: a.callerId ?? null,
    target_oids: entry.targetOids ?? [],
    changes: entry.changes ? JSON.stringify(entry.changes) : null,
    details: entry.details ? JSON.stringify(entry.details) : null,
  };
}

/** Appends records; call it with the transaction of the change it records, so both stand or fall together. */
export async function writeAudit(db: Db, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.insertInto('audit_log').values(list.map(auditRow)).execute();
}
