import { sql } from 'kysely';
import { type AuditEntry, auditRow } from '../audit/index.ts';
import type { Db } from '../db/database.ts';
import type { ImportApi, ImportOutcome, ImportRow } from '../db/tables.ts';
import type { Candidate, KeyHits } from './matching.ts';
import { emptyKeyHits } from './matching.ts';
import type { StoredRow } from './validation.ts';

export interface NewImport {
  api: ImportApi;
  total: number;
  organisationOids: string[];
  email: string | null;
  actor: unknown;
  createdBy: string | null;
  endpoint: string;
  /** An empty import is finished the moment it is accepted. */
  done: boolean;
}

export async function insertImport(db: Db, input: NewImport): Promise<ImportRow> {
  return db
    .insertInto('imports')
    .values({
      api: input.api,
      total: input.total,
      organisation_oids: input.organisationOids,
      email: input.email,
      actor: JSON.stringify(input.actor),
      created_by: input.createdBy,
      endpoint: input.endpoint,
      ...(input.done ? { state: 'done' as const, finished_at: new Date() } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One multi-row insert (arrays through unnest: one statement, one round trip, whatever the count). */
export async function insertRows(db: Db, importId: number, rows: StoredRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof StoredRow>(key: K) => rows.map((r) => r[key]);
  await sql`
    insert into import_rows (import_id, row_no, tunniste, oid, hetu, passport_number, email, first_names,
      nickname, surname, birth_date, sex, mother_tongue, nationalities)
    select ${importId}, r.row_no, r.tunniste, r.oid, r.hetu, r.passport_number, r.email, r.first_names,
      r.nickname, r.surname, r.birth_date, r.sex, r.mother_tongue, r.nationalities::text[]
    from unnest(${col('rowNo')}::int4[], ${col('tunniste')}::text[], ${col('oid')}::text[], ${col('hetu')}::text[],
      ${col('passportNumber')}::text[], ${col('email')}::text[], ${col('firstNames')}::text[],
      ${col('nickname')}::text[], ${col('surname')}::text[], ${col('birthDate')}::text[], ${col('sex')}::text[],
      ${col('motherTongue')}::text[], ${rows.map((r) => arrayLiteral(r.nationalities))}::text[])
      as r(row_no, tunniste, oid, hetu, passport_number, email, first_names, nickname, surname, birth_date, sex,
        mother_tongue, nationalities)`.execute(db);
}

/**
 * A text[] as a PostgreSQL array literal, so that a list of lists travels as one text[] parameter
 * (unnest cannot take ragged two-dimensional arrays).
 */
export function arrayLiteral(values: string[] | null): string | null {
  if (values === null) return null;
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

export function findImport(db: Db, id: number): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The import, locked for this transaction: batches of one import never run side by side. */
export function lockImport(db: Db, id: number): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function loadRows(db: Db, importId: number, from: number, to: number): Promise<StoredRow[]> {
  const rows = await db
    .selectFrom('import_rows')
    .selectAll()
    .where('import_id', '=', importId)
    .where('row_no', '>=', from)
    .where('row_no', '<', to)
    .orderBy('row_no')
    .execute();
  return rows.map((r) => ({
    rowNo: r.row_no,
    tunniste: r.tunniste,
    oid: r.oid,
    hetu: r.hetu,
    passportNumber: r.passport_number,
    email: r.email,
    firstNames: r.first_names,
    nickname: r.nickname,
    surname: r.surname,
    birthDate: r.birth_date,
    sex: r.sex,
    motherTongue: r.mother_tongue,
    nationalities: r.nationalities,
  }));
}

interface HitRow {
  kind: keyof KeyHits;
  key: string;
  id: number;
  oid: string;
  first_names: string;
  surname: string;
  former_surnames: string[];
}

/**
 * Every registered person that one of the identifiers points to, in one statement. A history hetu,
 * passport or e-mail may belong to several persons: the oldest one is taken, so that the answer
 * does not depend on the plan the database picks.
 */
export async function findKeyHits(
  db: Db,
  keys: { oids: string[]; hetus: string[]; passports: string[]; emails: string[] },
): Promise<KeyHits> {
  const hits = emptyKeyHits();
  if (keys.oids.length + keys.hetus.length + keys.passports.length + keys.emails.length === 0) return hits;
  const person = sql`p.id, p.oid, p.first_names, p.surname, p.former_surnames`;
  const result = await sql<HitRow>`
    select 'oid' as kind, p.oid as key, ${person} from persons p where p.oid = any(${keys.oids}::text[])
    union all
    select 'hetu', p.hetu, ${person} from persons p where p.hetu = any(${keys.hetus}::text[])
    union all
    select * from (
      select distinct on (h.hetu) 'hetuHistory', h.hetu, ${person}
      from person_hetus h join persons p on p.id = h.person_id
      where h.hetu = any(${keys.hetus}::text[]) order by h.hetu, p.id) history
    union all
    select * from (
      select distinct on (x.passport_number) 'passport', x.passport_number, ${person}
      from person_passports x join persons p on p.id = x.person_id
      where x.passport_number = any(${keys.passports}::text[]) order by x.passport_number, p.id) passports
    union all
    select * from (
      select distinct on (x.email) 'email', x.email, ${person}
      from person_emails x join persons p on p.id = x.person_id
      where x.email = any(${keys.emails}::text[]) order by x.email, p.id) emails`.execute(db);
  for (const r of result.rows) {
    const candidate: Candidate = {
      id: r.id,
      oid: r.oid,
      firstNames: r.first_names,
      surname: r.surname,
      formerSurnames: r.former_surnames,
    };
    hits[r.kind].set(r.key, candidate);
  }
  return hits;
}

export interface PersonToCreate {
  oid: string;
  hetu: string | null;
  firstNames: string;
  nickname: string;
  surname: string;
  birthDate: string | null;
  sex: '1' | '2' | null;
  motherTongue: string | null;
  nationalities: string[];
}

/**
 * Creates the persons, unidentified (identification_attempted stays false, so the identification
 * worker finds those with a hetu). A person whose hetu or OID is taken meanwhile (another import
 * created it) is skipped: the caller sees fewer ids than persons and redoes the batch.
 */
export async function insertPersons(
  db: Db,
  persons: PersonToCreate[],
  createdBy: string | null,
): Promise<Map<string, number>> {
  if (persons.length === 0) return new Map();
  const col = <K extends keyof PersonToCreate>(key: K) => persons.map((p) => p[key]);
  const result = await sql<{ id: number; oid: string }>`
    insert into persons (oid, hetu, first_names, nickname, surname, birth_date, sex, mother_tongue, nationalities,
      created_by, modified_by)
    select p.oid, p.hetu, p.first_names, p.nickname, p.surname, p.birth_date::date, p.sex, p.mother_tongue,
      p.nationalities::text[], ${createdBy}, ${createdBy}
    from unnest(${col('oid')}::text[], ${col('hetu')}::text[], ${col('firstNames')}::text[],
      ${col('nickname')}::text[], ${col('surname')}::text[], ${col('birthDate')}::text[], ${col('sex')}::text[],
      ${col('motherTongue')}::text[], ${persons.map((p) => arrayLiteral(p.nationalities))}::text[])
      as p(oid, hetu, first_names, nickname, surname, birth_date, sex, mother_tongue, nationalities)
    on conflict do nothing
    returning id, oid`.execute(db);
  return new Map(result.rows.map((r) => [r.oid, r.id]));
}

export interface CreatedIdentifiers {
  personId: number;
  hetu: string | null;
  passportNumber: string | null;
  email: string | null;
}

/** The new persons' identifiers (hetu history, passport, e-mail), one statement. */
export async function insertIdentifiers(db: Db, created: CreatedIdentifiers[]): Promise<void> {
  const withHetu = created.filter((c) => c.hetu !== null);
  const withPassport = created.filter((c) => c.passportNumber !== null);
  const withEmail = created.filter((c) => c.email !== null);
  if (withHetu.length + withPassport.length + withEmail.length === 0) return;
  await sql`
    with hetus as (
      insert into person_hetus (hetu, person_id)
      select * from unnest(${withHetu.map((c) => c.hetu)}::text[], ${withHetu.map((c) => c.personId)}::int8[])
    ), passports as (
      insert into person_passports (passport_number, person_id)
      select * from unnest(${withPassport.map((c) => c.passportNumber)}::text[],
        ${withPassport.map((c) => c.personId)}::int8[])
      on conflict do nothing
    )
    insert into person_emails (email, person_id)
    select * from unnest(${withEmail.map((c) => c.email)}::text[], ${withEmail.map((c) => c.personId)}::int8[])
    on conflict do nothing`.execute(db);
}

/** Attaches every person to every organisation (no-op for existing links). */
export async function attachOrganisations(
  db: Db,
  personIds: number[],
  organisationOids: string[],
  createdBy: string | null,
): Promise<void> {
  if (personIds.length === 0 || organisationOids.length === 0) return;
  await sql`
    insert into person_organisations (person_id, organisation_oid, created_by)
    select p, o, ${createdBy}
    from unnest(${personIds}::int8[]) as p cross join unnest(${organisationOids}::text[]) as o
    on conflict do nothing`.execute(db);
}

export interface RowResult {
  rowNo: number;
  personId: number | null;
  outcome: ImportOutcome;
  errorField: string | null;
  errorMessage: string | null;
}

export interface ProgressDelta {
  nextRow: number;
  created: number;
  matched: number;
  conflicts: number;
  errors: number;
  done: boolean;
}

/**
 * The batch's results and the import's progress, in one statement: the counters can never disagree
 * with the results. The primary key of import_results refuses a second result for a row.
 */
export async function saveResults(
  db: Db,
  importId: number,
  results: RowResult[],
  delta: ProgressDelta,
): Promise<ImportRow> {
  const col = <K extends keyof RowResult>(key: K) => results.map((r) => r[key]);
  const updated = await sql<ImportRow>`
    with saved as (
      insert into import_results (import_id, row_no, person_id, outcome, error_field, error_message)
      select ${importId}, r.row_no, r.person_id, r.outcome, r.error_field, r.error_message
      from unnest(${col('rowNo')}::int4[], ${col('personId')}::int8[], ${col('outcome')}::text[],
        ${col('errorField')}::text[], ${col('errorMessage')}::text[])
        as r(row_no, person_id, outcome, error_field, error_message)
    )
    update imports set
      next_row = ${delta.nextRow},
      created_persons = created_persons + ${delta.created},
      matched_persons = matched_persons + ${delta.matched},
      conflicts = conflicts + ${delta.conflicts},
      row_errors = row_errors + ${delta.errors},
      state = case when ${delta.done} then 'done' else 'processing' end,
      started_at = coalesce(started_at, now()),
      finished_at = case when ${delta.done} then now() end
    where id = ${importId}
    returning *`.execute(db);
  return updated.rows[0]!;
}

/** Marks a finished import done (an import whose rows were all processed before a crash). */
export async function markDone(db: Db, importId: number): Promise<ImportRow> {
  return db
    .updateTable('imports')
    .set({ state: 'done', finished_at: new Date() })
    .where('id', '=', importId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ResultRow {
  row_no: number;
  tunniste: string | null;
  outcome: ImportOutcome;
  error_field: string | null;
  error_message: string | null;
  oid: string | null;
  identified: boolean | null;
  passivated: boolean | null;
  master_oid: string | null;
  master_identified: boolean | null;
  linked: string[] | null;
}

/**
 * A page of results in row order with what the answer needs of each person: own state, master, and
 * the other OIDs of its link group. Link groups are few; they are gathered for the page at once.
 */
export async function loadResultPage(
  db: Db,
  importId: number,
  from: number,
  to: number,
): Promise<ResultRow[]> {
  const result = await sql<ResultRow>`
    with page as (
      select r.row_no, i.tunniste, r.outcome, r.error_field, r.error_message, r.person_id
      from import_results r
      join import_rows i on i.import_id = r.import_id and i.row_no = r.row_no
      where r.import_id = ${importId} and r.row_no >= ${from} and r.row_no < ${to}
    ), people as (
      select pg.row_no, p.id, p.oid, (p.identified or p.identified_vtj) as identified, p.passivated,
        p.master_id, coalesce(p.master_id, p.id) as group_id
      from page pg join persons p on p.id = pg.person_id
    ), members as (
      -- Two index-friendly halves instead of one OR: the slaves of the page's groups, and their masters.
      select g.master_id as group_id, g.id, g.oid from persons g
      where g.master_id in (select group_id from people)
      union all
      select g.id, g.id, g.oid from persons g
      where g.id in (select master_id from people where master_id is not null)
    ), groups as (
      select group_id, array_agg(oid order by id) as oids from members group by group_id
    )
    select pg.row_no, pg.tunniste, pg.outcome, pg.error_field, pg.error_message,
      pe.oid, pe.identified, pe.passivated,
      m.oid as master_oid, (m.identified or m.identified_vtj) as master_identified,
      gr.oids as linked
    from page pg
    left join people pe on pe.row_no = pg.row_no
    left join persons m on m.id = pe.master_id
    left join groups gr on gr.group_id = pe.group_id
    order by pg.row_no`.execute(db);
  return result.rows;
}

/** Does one of the import's organisations lie in the subtree of one of these organisations? */
export async function importInSubtreeOf(
  db: Db,
  importRow: ImportRow,
  organisationOids: string[],
): Promise<boolean> {
  if (organisationOids.length === 0) return false;
  const row = await sql<{ ok: boolean }>`
    select exists (
      select 1 from organisations
      where oid = any(${importRow.organisation_oids}::text[]) and path && ${organisationOids}::text[]
    ) as ok`.execute(db);
  return row.rows[0]?.ok === true;
}

/**
 * The audit record of a results read: one record naming every person OID the answer contains
 * (SPEC §12), gathered by the database so that a 100 000-row answer never sits in memory.
 */
export async function auditImportRead(
  db: Db,
  entry: AuditEntry,
  importId: number,
  upTo: number,
): Promise<void> {
  const a = auditRow(entry);
  await sql`
    insert into audit_log (operation, actor_oid, actor_kind, actor_name, actor_organisations, ip, user_agent,
      request_id, caller_id, target_oids, details)
    values (${a.operation}, ${a.actor_oid}, ${a.actor_kind}, ${a.actor_name}, ${a.actor_organisations}::text[],
      ${a.ip}, ${a.user_agent}, ${a.request_id}, ${a.caller_id},
      coalesce((select array_agg(distinct p.oid) from import_results r join persons p on p.id = r.person_id
        where r.import_id = ${importId} and r.row_no < ${upTo}), '{}'),
      ${a.details}::jsonb)`.execute(db);
}
