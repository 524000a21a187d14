import { sql, type UpdateObject } from 'kysely';
import { type AuditEntry, auditRow } from '../audit/index.ts';
import type { Db, NewPerson, PersonRow, Tables } from '../db/index.ts';
import { generateOid } from '../domain/index.ts';

export function findPersonByHetu(db: Db, hetu: string): Promise<PersonRow | undefined> {
  return db.selectFrom('persons').selectAll().where('hetu', '=', hetu).executeTakeFirst();
}

export function findPersonByOid(db: Db, oid: string): Promise<PersonRow | undefined> {
  return db.selectFrom('persons').selectAll().where('oid', '=', oid).executeTakeFirst();
}

export function findPersonById(db: Db, id: number): Promise<PersonRow | undefined> {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The master and every slave of the person's link group, the person included. */
export function findLinkGroup(db: Db, person: Pick<PersonRow, 'id' | 'master_id'>) {
  const masterId = person.master_id ?? person.id;
  return db
    .selectFrom('persons')
    .select(['id', 'oid', 'master_id', 'identified', 'identified_vtj', 'passivated'])
    .where((eb) => eb.or([eb('id', '=', masterId), eb('master_id', '=', masterId)]))
    .orderBy('id')
    .execute();
}

/**
 * Inserts the person unless its hetu or OID is taken; `undefined` then. The hetu also goes to
 * the person's hetu history.
 */
/** How many random OIDs a creation draws before it gives up (a collision is one in billions). */
const MAX_OID_ATTEMPTS = 5;

/**
 * The one OID-collision retry of person creation: runs `attempt` (one transaction, inserting with
 * `insertPersonIfAbsent`) with a fresh random OID of the node until it returns something; undefined
 * means the OID was taken and nothing was written — draw another.
 */
export async function withFreshOid<T>(
  node: string,
  attempt: (oid: string) => Promise<T | undefined>,
): Promise<T> {
  for (let i = 0; i < MAX_OID_ATTEMPTS; i++) {
    const result = await attempt(generateOid(node));
    if (result !== undefined) return result;
  }
  throw new Error('could not allocate a unique OID');
}

export async function insertPersonIfAbsent(db: Db, person: NewPerson): Promise<PersonRow | undefined> {
  const row = await db
    .insertInto('persons')
    .values(person)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row?.hetu) {
    await db.insertInto('person_hetus').values({ hetu: row.hetu, person_id: row.id }).execute();
  }
  return row;
}

/** Is the hetu anyone's current or former hetu? (person_hetus holds the current ones too.) */
export async function hetuInUse(db: Db, hetu: string): Promise<boolean> {
  const row = await sql<{ used: boolean }>`
    select exists (select 1 from persons where hetu = ${hetu})
      or exists (select 1 from person_hetus where hetu = ${hetu}) as used`.execute(db);
  return row.rows[0]?.used === true;
}

export async function oidExists(db: Db, oid: string): Promise<boolean> {
  const row = await db.selectFrom('persons').select('id').where('oid', '=', oid).executeTakeFirst();
  return row !== undefined;
}

/**
 * Attaches the person to organisations and appends an audit record, in one round trip: this is
 * the hot path of the single lookup.
 */
export async function attachAndAudit(
  db: Db,
  personId: number,
  organisationOids: string[],
  createdBy: string | null,
  entry: AuditEntry,
): Promise<void> {
  const a = auditRow(entry);
  await sql`
    with attached as (
      insert into person_organisations (person_id, organisation_oid, created_by)
      select ${personId}, o, ${createdBy} from unnest(${organisationOids}::text[]) as o
      on conflict do nothing
    )
    insert into audit_log (operation, actor_oid, actor_kind, actor_name, actor_organisations, ip, user_agent,
      request_id, caller_id, target_oids, changes, details)
    values (${a.operation}, ${a.actor_oid}, ${a.actor_kind}, ${a.actor_name}, ${a.actor_organisations}::text[],
      ${a.ip}, ${a.user_agent}, ${a.request_id}, ${a.caller_id}, ${a.target_oids}::text[],
      ${a.changes}::jsonb, ${a.details}::jsonb)`.execute(db);
}

/** Changes a person's columns, stamping who changed it and when. */
export async function updatePersonRow(
  db: Db,
  personId: number,
  set: UpdateObject<Tables, 'persons'>,
  modifiedBy: string | null,
): Promise<void> {
  await db
    .updateTable('persons')
    .set({ ...set, modified_at: sql<Date>`now()`, modified_by: modifiedBy })
    .where('id', '=', personId)
    .execute();
}

/** Is the person the master of linked duplicates? */
export async function hasLinkedDuplicates(db: Db, personId: number): Promise<boolean> {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .where('master_id', '=', personId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Attaches a new person to organisations (SPEC §11: who may see it). */
export async function attachToOrganisations(
  db: Db,
  personId: number,
  organisationOids: readonly string[],
  createdBy: string | null,
): Promise<void> {
  await db
    .insertInto('person_organisations')
    .values(
      organisationOids.map((o) => ({ person_id: personId, organisation_oid: o, created_by: createdBy })),
    )
    .execute();
}
