import { createHash } from 'node:crypto';

/** The fields of an audit record that the chain protects, as read back from the database. */
export interface ChainedRecord {
  id: number;
  chain_seq: number;
  occurred_us: number;
  operation: string;
  actor_oid: string | null;
  actor_kind: string | null;
  actor_name: string | null;
  actor_organisations: string[];
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  caller_id: string | null;
  target_oids: string[];
  changes: unknown;
  details: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function recordHash(prevHash: string, record: ChainedRecord): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(record)).digest('hex');
}
