/**
 * SQL of the duplicates module: blocking (the candidate search), loading persons for scoring, and
 * the writes of linking, unlinking and the do-not-link list. One statement a function.
 */
import { type ColumnType, type Generated, type Kysely, sql } from 'kysely';
import { personInScopeSql, type Scope } from '../access/index.ts';
import type { Db, Tables } from '../db/index.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Tables of migration 005, known to this module only (the rest of the code never reads them). */
export interface PersonLinksTable {
  id: Generated<number>;
  master_id: number;
  slave_id: number;
  linked_at: Timestamp;
  linked_by: string | null;
  linked_by_name: string | null;
  reason: string | null;
  evidence: ColumnType<unknown, string | null, string | null>;
  passivated_before: boolean;
  moved_from: number | null;
  ended_at: Date | null;
  ended_by: string | null;
  end_reason: 'UNLINKED' | 'MOVED' | null;
  unlink_reason: string | null;
}

export interface PersonNotDuplicatesTable {
  person_a: number;
  person_b: number;
  created_at: Timestamp;
  created_by: string | null;
  created_by_name: string | null;
  reason: string | null;
}

export type DuplicateTables = {
  person_links: PersonLinksTable;
  person_not_duplicates: PersonNotDuplicatesTable;
};

const tables = (db: Db): Kysely<Tables & DuplicateTables> => db.withTables<DuplicateTables>();

/** What scoring and answering need of a person. */
export interface ComparedRow {
  id: number;
  oid: string;
  hetu: string | null;
  first_names: string;
  nickname: string | null;
  surname: string;
  former_surnames: string[];
  birth_date: string | null;
  sex: '1' | '2' | null;
  nationalities: string[];
  identified: boolean;
  identified_vtj: boolean;
  identification_attempted: boolean;
  duplicate: boolean;
  passivated: boolean;
  master_id: number | null;
  modified_at: Date;
  /** Every hetu the person has had, the current one first. */
  hetus: string[];
}

const COMPARED_COLUMNS = sql`p.id, p.oid, p.hetu, p.first_names, p.nickname, p.surname, p.former_surnames,
  p.birth_date, p.sex, p.nationalities, p.identified, p.identified_vtj, p.identification_attempted,
  p.duplicate, p.passivated, p.master_id, p.modified_at,
  array(select h.hetu from person_hetus h where h.person_id = p.id
        order by h.hetu is distinct from p.hetu, h.added_at desc) as hetus`;

export async function findComparedByOids(
  db: Db,
  oids: readonly string[],
  forUpdate = false,
): Promise<ComparedRow[]> {
  if (oids.length === 0) return [];
  const lock = forUpdate ? sql`for update of p` : sql``;
  const result = await sql<ComparedRow>`
    select ${COMPARED_COLUMNS} from persons p where p.oid = any(${[...oids]}::text[]) order by p.id ${lock}`.execute(
    db,
  );
  return result.rows;
}

/** The slaves of these masters, locked when asked. */
export async function findSlavesOf(
  db: Db,
  masterIds: readonly number[],
  forUpdate = false,
): Promise<ComparedRow[]> {
  if (masterIds.length === 0) return [];
  const lock = forUpdate ? sql`for update of p` : sql``;
  const result = await sql<ComparedRow>`
    select ${COMPARED_COLUMNS} from persons p where p.master_id = any(${[...masterIds]}::int8[]) order by p.id ${lock}`.execute(
    db,
  );
  return result.rows;
}

export async function findOidsByIds(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('persons')
    .select(['id', 'oid'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.oid]));
}

/** The blocking keys of a name, computed by the same SQL functions as the persons' own keys. */
export interface QueryKeys {
  nameKey: string;
  shortKeys: string[];
}

export async function queryKeys(db: Db, surname: string, firstNames: string): Promise<QueryKeys> {
  const result = await sql<{ name_key: string; k1: string; k2: string }>`
    select onr_normalise_name(${surname} || ' ' || ${firstNames}) as name_key,
           onr_short_key(${surname}, ${firstNames}) as k1,
           onr_short_key(${firstNames}, ${surname}) as k2`.execute(db);
  const row = result.rows[0]!;
  return { nameKey: row.name_key, shortKeys: [...new Set([row.k1, row.k2])] };
}

export interface Blocking {
  keys: QueryKeys;
  /** Birth dates searched with any similar name (the date, day and month swapped). */
  exactDates: string[];
  /** Birth dates of a mistyped year, searched with a similar name of the same initial. */
  typoDates: string[];
  /** The window of birth dates searched with a closer name of the same initial. */
  window?: { from: string; to: string };
  /** The birth year searched by the short key (with persons without a birth date); none: any year. */
  year?: { from: string; to: string };
  /** Hetus (current and earlier) whose holders are candidates whatever their names. */
  hetus: string[];
  blockingSimilarity: number;
  windowSimilarity: number;
  limit: number;
}

/** A person whose candidates are searched, with its blocking keys and whether the caller may see it. */
export interface SourceRow extends ComparedRow {
  keys: QueryKeys;
  /** The person or its master is attached to an organisation in the scope. */
  in_scope: boolean;
}

/** One statement: the person, its keys (its own and with the name fields swapped), and its scope. */
export async function findSource(db: Db, oid: string, scope: Scope): Promise<SourceRow | undefined> {
  const result = await sql<ComparedRow & { name_key: string; k1: string; k2: string; in_scope: boolean }>`
    select ${COMPARED_COLUMNS}, p.name_key, p.short_key as k1, onr_short_key(p.first_names, p.surname) as k2,
      (${personInScopeSql(scope, sql.ref('p.id'))}
        or (p.master_id is not null and ${personInScopeSql(scope, sql.ref('p.master_id'))})) as in_scope
    from persons p where p.oid = ${oid}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const { name_key, k1, k2, ...rest } = row;
  return { ...rest, keys: { nameKey: name_key, shortKeys: [...new Set([k1, k2])] } };
}

export interface CandidateRow extends ComparedRow {
  /** Trigram similarity of the whole name (blocking's ranking). */
  sim: number;
  /** Attached to the caller's organisations (else only minimal data is shown). */
  in_scope: boolean;
}

/**
 * The candidate search, one statement. Blocking: person ids with the trigram similarity of their
 * whole name, best first, each branch reading one index (docs/DUPLICATES.md): persons_dup_birth_idx
 * for the birth dates, persons_dup_short_key_idx for the names, person_hetus for the hetus. Then
 * the exclusions: not passivated, not a linked duplicate, not the person itself or of its link
 * group, not both identified against the register, not on the do-not-link list with it.
 */
export async function findCandidateRows(
  db: Db,
  b: Blocking,
  scope: Scope,
  source?: Pick<ComparedRow, 'id' | 'master_id' | 'identified_vtj'>,
): Promise<CandidateRow[]> {
  const q = b.keys.nameKey;
  const branches = [];
  if (b.exactDates.length > 0) {
    branches.push(sql`(select p.id, similarity(p.name_key, ${q}) as sim from persons p
      where not p.passivated and p.birth_date = any(${b.exactDates}::date[])
        and similarity(p.name_key, ${q}) >= ${b.blockingSimilarity})`);
  }
  // A date typo and a typo in the name's first letter at once is left to the name branches: the
  // initial, read from the index entry, spares the trigram similarity of most persons of the range
  // (CASE makes the planner test it first; it orders plain AND-ed conditions by its own costs).
  const initial = q.slice(0, 1);
  if (b.typoDates.length > 0) {
    branches.push(sql`(select p.id, similarity(p.name_key, ${q}) as sim from persons p
      where not p.passivated and p.birth_date = any(${b.typoDates}::date[])
        and case when left(p.name_key, 1) = ${initial} then similarity(p.name_key, ${q}) >= ${b.blockingSimilarity} end)`);
  }
  if (b.window) {
    branches.push(sql`(select p.id, similarity(p.name_key, ${q}) as sim from persons p
      where not p.passivated and p.birth_date between ${b.window.from}::date and ${b.window.to}::date
        and case when left(p.name_key, 1) = ${initial} then similarity(p.name_key, ${q}) >= ${b.windowSimilarity} end)`);
  }
  if (b.year) {
    branches.push(sql`(select p.id, similarity(p.name_key, ${q}) as sim from persons p
      where not p.passivated and p.short_key = any(${b.keys.shortKeys}::text[])
        and p.birth_date between ${b.year.from}::date and ${b.year.to}::date
      limit ${b.limit})`);
    branches.push(sql`(select p.id, similarity(p.name_key, ${q}) as sim from persons p
      where not p.passivated and p.short_key = any(${b.keys.shortKeys}::text[]) and p.birth_date is null
      limit ${b.limit})`);
  } else {
    branches.push(sql`(select p.id, similarity(p.name_key, ${q}) as sim from persons p
      where not p.passivated and p.short_key = any(${b.keys.shortKeys}::text[])
      limit ${b.limit})`);
  }
  if (b.hetus.length > 0) {
    branches.push(sql`(select h.person_id as id, 1.0::real as sim from person_hetus h
      where h.hetu = any(${b.hetus}::text[]))`);
  }
  const pairExclusions = source
    ? sql`and p.id <> ${source.id} and p.id is distinct from ${source.master_id}::int8
        and not (p.identified_vtj and ${source.identified_vtj})
        and not exists (select 1 from person_not_duplicates n
          where n.person_a = least(p.id, ${source.id}::int8) and n.person_b = greatest(p.id, ${source.id}::int8))`
    : sql``;
  const result = await sql<CandidateRow>`
    with blocked as (
      select c.id, max(c.sim) as sim from (${sql.join(branches, sql` union all `)}) c
      group by c.id order by max(c.sim) desc, c.id limit ${b.limit}
    )
    select ${COMPARED_COLUMNS}, b.sim, ${personInScopeSql(scope, sql.ref('p.id'))} as in_scope
    from blocked b join persons p on p.id = b.id
    where not p.passivated and not p.duplicate and p.master_id is null ${pairExclusions}`.execute(db);
  return result.rows;
}

/** Which of these persons are in the scope. */
export async function idsInScope(db: Db, scope: Scope, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const result = await sql<{ id: number }>`
    select p.id from persons p where p.id = any(${[...ids]}::int8[]) and ${personInScopeSql(scope, sql.ref('p.id'))}`.execute(
    db,
  );
  return new Set(result.rows.map((r) => r.id));
}

/** Pairs of these persons that are on the do-not-link list. */
export async function notDuplicatePairs(db: Db, ids: readonly number[]): Promise<[number, number][]> {
  if (ids.length < 2) return [];
  const rows = await tables(db)
    .selectFrom('person_not_duplicates')
    .select(['person_a', 'person_b'])
    .where('person_a', 'in', [...ids])
    .where('person_b', 'in', [...ids])
    .execute();
  return rows.map((r) => [r.person_a, r.person_b]);
}

export async function addNotDuplicatePair(
  db: Db,
  a: number,
  b: number,
  by: { oid: string | null; name: string | null },
  reason: string | null,
): Promise<boolean> {
  const row = await tables(db)
    .insertInto('person_not_duplicates')
    .values({
      person_a: Math.min(a, b),
      person_b: Math.max(a, b),
      created_by: by.oid,
      created_by_name: by.name,
      reason,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('person_a')
    .executeTakeFirst();
  return row !== undefined;
}

export interface NotDuplicateEntry {
  other_oid: string;
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
  reason: string | null;
}

/** The do-not-link pairs of one person, newest first, naming the other person. */
export async function notDuplicatesOf(db: Db, personId: number): Promise<NotDuplicateEntry[]> {
  const result = await sql<NotDuplicateEntry>`
    select o.oid as other_oid, n.created_at, n.created_by, n.created_by_name, n.reason
    from person_not_duplicates n
    join persons o on o.id = case when n.person_a = ${personId} then n.person_b else n.person_a end
    where n.person_a = ${personId} or n.person_b = ${personId}
    order by n.created_at desc, o.oid`.execute(db);
  return result.rows;
}

/** Takes a pair off the do-not-link list; answers whether it was on it. */
export async function removeNotDuplicatePair(db: Db, a: number, b: number): Promise<boolean> {
  const row = await tables(db)
    .deleteFrom('person_not_duplicates')
    .where('person_a', '=', Math.min(a, b))
    .where('person_b', '=', Math.max(a, b))
    .returning('person_a')
    .executeTakeFirst();
  return row !== undefined;
}

export type ActiveLink = { id: number; master_id: number; passivated_before: boolean };

/** The active link rows of these slaves. */
export async function activeLinks(db: Db, slaveIds: readonly number[]): Promise<Map<number, ActiveLink>> {
  if (slaveIds.length === 0) return new Map();
  const rows = await tables(db)
    .selectFrom('person_links')
    .select(['id', 'slave_id', 'master_id', 'passivated_before'])
    .where('slave_id', 'in', [...slaveIds])
    .where('ended_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.slave_id, r]));
}

export async function endLink(
  db: Db,
  linkId: number,
  by: string | null,
  endReason: 'UNLINKED' | 'MOVED',
  unlinkReason: string | null,
): Promise<void> {
  await tables(db)
    .updateTable('person_links')
    .set({ ended_at: sql`now()`, ended_by: by, end_reason: endReason, unlink_reason: unlinkReason })
    .where('id', '=', linkId)
    .execute();
}

export async function insertLink(
  db: Db,
  link: {
    masterId: number;
    slaveId: number;
    by: { oid: string | null; name: string | null };
    reason: string | null;
    evidence: unknown;
    passivatedBefore: boolean;
    movedFrom: number | null;
  },
): Promise<number> {
  const row = await tables(db)
    .insertInto('person_links')
    .values({
      master_id: link.masterId,
      slave_id: link.slaveId,
      linked_by: link.by.oid,
      linked_by_name: link.by.name,
      reason: link.reason,
      evidence: JSON.stringify(link.evidence),
      passivated_before: link.passivatedBefore,
      moved_from: link.movedFrom,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Puts a person under a master (or frees it: master null), with its duplicate and passivation flags. */
export async function setLinkState(
  db: Db,
  personId: number,
  state: { masterId: number | null; duplicate: boolean; passivated: boolean },
  modifiedBy: string | null,
): Promise<void> {
  await db
    .updateTable('persons')
    .set({
      master_id: state.masterId,
      duplicate: state.duplicate,
      passivated: state.passivated,
      modified_at: sql`now()`,
      modified_by: modifiedBy,
    })
    .where('id', '=', personId)
    .execute();
}
