import { sql, type UpdateObject } from 'kysely';
import type { Db, PersonRow, Tables } from '../db/index.ts';
import type { PopulationRecord } from './population-register.ts';

/** A person the worker has claimed: its hetu, and the lease that marks the claim as this worker's. */
export interface ClaimedPerson {
  id: number;
  hetu: string | null;
  /** False for a person that no longer needs it (passivated, linked, identified meanwhile): not asked. */
  needsIdentification: boolean;
  /** The person's identification_due_at while the claim lasts; a change means someone else acted. */
  leaseUntil: Date;
}

/**
 * Claims up to `limit` persons due for identification, oldest due first, by pushing their due time
 * forward by the lease: a worker that dies leaves them to be claimed again when it ends. SKIP LOCKED:
 * concurrent workers take different persons and never wait for each other. Millisecond precision,
 * so that the lease read back compares equal (JavaScript dates have no microseconds).
 */
export async function claimDuePersons(db: Db, limit: number, leaseMs: number): Promise<ClaimedPerson[]> {
  const result = await sql<{ id: number; hetu: string | null; needed: boolean; lease_until: Date }>`
    with due as (
      select id from persons
      where identification_due_at <= now()
      order by identification_due_at, id
      limit ${limit}
      for update skip locked
    )
    update persons p
    set identification_due_at = date_trunc('milliseconds', now()) + make_interval(secs => ${leaseMs / 1000})
    from due where p.id = due.id
    returning p.id, p.hetu, p.identification_due_at as lease_until,
      (p.hetu is not null and not p.identified_vtj and not p.passivated and p.master_id is null) as needed`.execute(
    db,
  );
  return result.rows.map((r) => ({
    id: r.id,
    hetu: r.hetu,
    needsIdentification: r.needed,
    leaseUntil: new Date(r.lease_until),
  }));
}

/** The persons, locked for this transaction; in id order, so that concurrent lockers cannot deadlock. */
export async function lockPersons(db: Db, ids: number[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('persons').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

/** Column values, or SQL expressions (`now()`), of a person update. */
export type PersonChange = UpdateObject<Tables, 'persons'>;

export async function updatePerson(db: Db, id: number, set: PersonChange): Promise<void> {
  await db.updateTable('persons').set(set).where('id', '=', id).execute();
}

/** Gives claimed persons back, due again after `delayMs` (0: at once); the attempt does not count. */
export async function releasePersons(db: Db, ids: number[], delayMs: number): Promise<void> {
  if (ids.length === 0) return;
  await sql`update persons set identification_due_at = now() + make_interval(secs => ${delayMs / 1000})
    where id = any(${ids}::int8[])`.execute(db);
}

/** Is anyone due for identification now? (The periodic scan: one index probe.) */
export async function hasDuePersons(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .where('identification_due_at', '<=', sql<Date>`now()`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface Snapshot {
  hetu: string;
  record: PopulationRecord | null;
  activeHetu: string | null;
  fetchedAt: Date;
}

export async function deleteSnapshot(db: Db, personId: number): Promise<void> {
  await db.deleteFrom('register_snapshots').where('person_id', '=', personId).execute();
}

export async function findSnapshot(db: Db, personId: number): Promise<Snapshot | undefined> {
  const row = await db
    .selectFrom('register_snapshots')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return undefined;
  const record = typeof row.record === 'string' ? JSON.parse(row.record) : row.record;
  return {
    hetu: row.hetu,
    record: (record as PopulationRecord | null) ?? null,
    activeHetu: row.active_hetu,
    fetchedAt: row.fetched_at,
  };
}
