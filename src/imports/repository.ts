import { sql } from 'kysely';
import { type AuditEntry, auditRow } from '../audit/index.ts';
import type { Db, ImportApi, ImportOutcome, ImportRow } from '../db/index.ts';
import type { Candidate, KeyHits } from './matching.ts';
import { emptyKeyHits } from './matching.ts';
import { codesCte, linkedJson, oppijanumeroJson, personJson } from './person-json.ts';

export interface NewImport {
  api: ImportApi;
  total: number;
  organisationOids: string[];
  email: string | null;
  actor: unknown;
  createdBy: string | null;
  endpoint: string;
  batchSize: number;
  /** An empty import is finished the moment it is accepted. */
  done: boolean;
}

export async function insertImport(db: Db, input: NewImport): Promise<ImportRow> {
  return db
    .insertInto('imports')
    .values({
      api: input.api,
      total: input.total,
      batch_size: input.batchSize,
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

/**
 * The rows as received, `batchSize` rows a chunk: one tuple a chunk, JSON text (json, not jsonb:
 * checked but not converted, so storing is cheap; the worker reads a chunk whole).
 */
export async function insertChunks(
  db: Db,
  importId: number,
  rows: unknown[],
  batchSize: number,
): Promise<void> {
  for (let chunkNo = 0, first = 0; first < rows.length; chunkNo++, first += batchSize) {
    const chunk = rows.slice(first, first + batchSize);
    await db
      .insertInto('import_chunks')
      .values({
        import_id: importId,
        chunk_no: chunkNo,
        first_row: first,
        row_count: chunk.length,
        rows: JSON.stringify(chunk),
      })
      .execute();
  }
}

export function findImport(db: Db, id: number): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The import, locked for this transaction (finishing it; adding a chunk's counts). */
export function lockImport(db: Db, id: number): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface ClaimedChunk {
  chunkNo: number;
  firstRow: number;
  rows: unknown[];
}

/**
 * The next unprocessed chunk, locked for this transaction. SKIP LOCKED: concurrent lanes (and a
 * zombie worker that lost its lease) each get a different chunk and never wait for each other;
 * the lock lasts until the transaction that marks the chunk done commits (or rolls back).
 */
export async function claimChunk(db: Db, importId: number): Promise<ClaimedChunk | undefined> {
  const row = await db
    .selectFrom('import_chunks')
    .select(['chunk_no', 'first_row', 'rows'])
    .where('import_id', '=', importId)
    .where('done_at', 'is', null)
    .orderBy('chunk_no')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!row) return undefined;
  const rows = typeof row.rows === 'string' ? JSON.parse(row.rows) : row.rows;
  return { chunkNo: row.chunk_no, firstRow: row.first_row, rows: rows as unknown[] };
}

export async function hasUnfinishedChunks(db: Db, importId: number): Promise<boolean> {
  const row = await db
    .selectFrom('import_chunks')
    .select('chunk_no')
    .where('import_id', '=', importId)
    .where('done_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

const IDENTIFIER_LOCKS = 7_230_003;

/**
 * Serialises the creation of persons by passport number or e-mail across concurrent batches (of
 * one import or several): there is no unique index to meet at, as there is for hetus. Keys are
 * hashed into 64 buckets (a bounded number of locks), taken in ascending order (no deadlocks
 * between lock takers), held until commit. Whoever comes second then finds the first one's person.
 */
export async function lockIdentifierBuckets(db: Db, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const buckets = [...new Set(keys.map(bucketOf))].sort((a, b) => a - b);
  await sql`select pg_advisory_xact_lock(${IDENTIFIER_LOCKS}, b)
    from unnest(${buckets}::int4[]) with ordinality as u(b, n) order by n`.execute(db);
}

function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & 63;
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
 * Creates the persons, unidentified; those with a hetu are due for identification at once (the
 * identification worker picks them up). A person whose hetu or OID is taken meanwhile (another
 * import created it) is skipped: the caller sees fewer ids than persons and redoes the batch.
 *
 * This is the hottest statement of an import. Its values travel as one tab-separated text that
 * the database splits (string_to_table, split_part): parsing it costs a fifth of parsing one text[]
 * a column, and the insert as a whole got 15–30 % cheaper. Every value here is validated (no
 * control characters: validation.ts) or generated; tsvLine checks.
 */
export async function insertPersons(
  db: Db,
  persons: PersonToCreate[],
  createdBy: string | null,
  importId: number | null = null,
): Promise<Map<string, number>> {
  if (persons.length === 0) return new Map();
  const lines = persons.map((p) =>
    tsvLine([
      p.oid,
      p.hetu,
      p.firstNames,
      p.nickname,
      p.surname,
      p.birthDate,
      p.sex,
      p.motherTongue,
      p.nationalities.join(','),
    ]),
  );
  // An empty field is a null: no value of these columns is an empty string.
  const field = (n: number) => sql.raw(`nullif(split_part(l, E'\\t', ${n}), '')`);
  const result = await sql<{ id: number; oid: string }>`
    insert into persons (oid, hetu, first_names, nickname, surname, birth_date, sex, mother_tongue, nationalities,
      created_by, modified_by, import_id, imported, identification_due_at)
    select ${field(1)}, ${field(2)}, ${field(3)}, ${field(4)}, ${field(5)}, ${field(6)}::date, ${field(7)}, ${field(8)},
      coalesce(string_to_array(${field(9)}, ','), '{}'), ${createdBy}, ${createdBy}, ${importId}::int8,
      ${importId !== null}, case when ${field(2)} is not null then now() end
    from string_to_table(${lines.join('\n')}, E'\n') as l
    on conflict do nothing
    returning id, oid`.execute(db);
  return new Map(result.rows.map((r) => [r.oid, r.id]));
}

function tsvLine(values: (string | null)[]): string {
  for (const value of values) {
    if (value !== null && /[\t\n]/.test(value))
      throw new Error('a value for a tab-separated line holds a tab or a line break');
  }
  return values.map((v) => v ?? '').join('\t');
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

/**
 * Marks persons an import found as imported and modified now (by whom); locked in id order, so
 * that concurrent batches take the locks in one order.
 */
export async function touchPersons(db: Db, personIds: number[], modifiedBy: string | null): Promise<void> {
  if (personIds.length === 0) return;
  await sql`
    update persons p set modified_at = now(), modified_by = ${modifiedBy}, imported = true
    from (select id from persons where id = any(${personIds}::int8[]) order by id for update) t
    where p.id = t.id`.execute(db);
}

export interface RowResult {
  rowNo: number;
  tunniste: string | null;
  personId: number | null;
  personOid: string | null;
  outcome: ImportOutcome;
  errorField: string | null;
  errorMessage: string | null;
}

export interface ChunkCounts {
  rows: number;
  created: number;
  matched: number;
  conflicts: number;
  errors: number;
}

/**
 * A chunk's results, its done mark and the import's counters, in one statement: the counters can
 * never disagree with the results. The primary key of import_results refuses a second result for
 * a row. The import's row is locked from here to the commit, so keep this the batch's last write.
 */
export async function saveChunkResults(
  db: Db,
  importId: number,
  chunkNo: number,
  results: RowResult[],
  counts: ChunkCounts,
): Promise<void> {
  const col = <K extends keyof RowResult>(key: K) => results.map((r) => r[key]);
  await sql`
    with saved as (
      insert into import_results (import_id, row_no, tunniste, person_id, person_oid, outcome, error_field,
        error_message)
      select ${importId}, r.row_no, r.tunniste, r.person_id, r.person_oid, r.outcome, r.error_field, r.error_message
      from unnest(${col('rowNo')}::int4[], ${col('tunniste')}::text[], ${col('personId')}::int8[],
        ${col('personOid')}::text[], ${col('outcome')}::text[], ${col('errorField')}::text[],
        ${col('errorMessage')}::text[])
        as r(row_no, tunniste, person_id, person_oid, outcome, error_field, error_message)
    ), chunk as (
      update import_chunks set done_at = now() where import_id = ${importId} and chunk_no = ${chunkNo}
    )
    update imports set
      processed = processed + ${counts.rows},
      created_persons = created_persons + ${counts.created},
      matched_persons = matched_persons + ${counts.matched},
      conflicts = conflicts + ${counts.conflicts},
      row_errors = row_errors + ${counts.errors},
      state = 'processing',
      started_at = coalesce(started_at, now())
    where id = ${importId}`.execute(db);
}

/** Marks the import done; the caller holds its lock and has checked that every chunk is done. */
export async function markDone(db: Db, importId: number): Promise<ImportRow> {
  return db
    .updateTable('imports')
    .set({ state: 'done', finished_at: new Date() })
    .where('id', '=', importId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The import with the chunks done so far, read in one statement (one snapshot: they agree). */
export async function findImportWithDoneChunks(
  db: Db,
  id: number,
): Promise<(ImportRow & { done_chunks: number[] }) | undefined> {
  const result = await sql<ImportRow & { done_chunks: number[] }>`
    select i.*, coalesce((select array_agg(c.chunk_no order by c.chunk_no) from import_chunks c
      where c.import_id = i.id and c.done_at is not null), '{}') as done_chunks
    from imports i where i.id = ${id}`.execute(db);
  return result.rows[0];
}

/**
 * Results of rows [from, to) as JSON text: the array elements, comma-separated, in row order
 * (SPEC §7a result rows). The database builds the JSON: the server only forwards text, so a
 * 100 000-row answer costs it no objects. `/yleistunniste` rows carry the person's OID, learner
 * number, passivation and link group; `/oppija` rows the whole person (the reference's
 * OppijaReadDto, person-json.ts).
 */
export async function loadResultsJson(
  db: Db,
  importId: number,
  api: ImportApi,
  from: number,
  to: number,
): Promise<string> {
  const henkilo =
    api === 'oppija'
      ? personJson('p', 'm')
      : sql.raw(`'{"oid":' || to_json(p.oid)::text
          || ',"oppijanumero":' || ${oppijanumeroJson('p', 'm')}
          || ',"passivoitu":' || p.passivated::text
          || ',"linked":' || ${linkedJson('p')} || '}'`);
  // Built as text (json, not jsonb) to keep the field order of the wire format and to stay cheap.
  const result = await sql<{ json: string | null }>`
    with ${codesCte()}
    select string_agg(x.item, ',' order by x.row_no) as json from (
      select r.row_no, '{'
        || case when r.tunniste is null then '' else '"tunniste":' || to_json(r.tunniste)::text || ',' end
        || case when p.id is null
          then '"virhe":' || json_build_object('field', r.error_field, 'message', r.error_message)::text
          else '"henkilo":' || ${henkilo}
            || case when r.outcome = 'conflict' then ',"conflict":true' else '' end
          end
        || '}' as item
      from import_results r
      cross join codes
      left join persons p on p.id = r.person_id
      left join persons m on m.id = p.master_id
      where r.import_id = ${importId} and r.row_no >= ${from} and r.row_no < ${to}
    ) x`.execute(db);
  return result.rows[0]?.json ?? '';
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
  importRow: Pick<ImportRow, 'id' | 'batch_size'>,
  chunks: number[],
): Promise<void> {
  const a = auditRow(entry);
  await sql`
    insert into audit_log (operation, actor_oid, actor_kind, actor_name, actor_organisations, ip, user_agent,
      request_id, caller_id, target_oids, details)
    values (${a.operation}, ${a.actor_oid}, ${a.actor_kind}, ${a.actor_name}, ${a.actor_organisations}::text[],
      ${a.ip}, ${a.user_agent}, ${a.request_id}, ${a.caller_id},
      coalesce((select array_agg(r.person_oid) from import_results r
        where r.import_id = ${importRow.id} and r.person_oid is not null
          and r.row_no / ${importRow.batch_size} = any(${chunks}::int4[])), '{}'),
      ${a.details}::jsonb)`.execute(db);
}
