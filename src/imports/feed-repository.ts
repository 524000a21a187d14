import { type RawBuilder, sql } from 'kysely';
import type { Db, ImportApi, ImportRow } from '../db/index.ts';
import { codesCte, personJson } from './person-json.ts';

/** Whose persons: everyone's (the registry keeper), or those attached to these organisations' subtrees. */
export type PersonScope = 'all' | string[];

function inScope(scope: PersonScope): RawBuilder<boolean> {
  if (scope === 'all') return sql<boolean>`true`;
  if (scope.length === 0) return sql<boolean>`false`;
  // "in (subquery)" lets the planner start from the organisations' persons when they are few.
  return sql<boolean>`p.id in (
    select po.person_id from person_organisations po
    join organisations o on o.oid = po.organisation_oid
    where o.path && ${scope}::text[])`;
}

export interface ChangedRow {
  id: number;
  oid: string;
  has_hetu: boolean;
  identified: boolean;
  identified_vtj: boolean;
  identification_attempted: boolean;
  passivated: boolean;
  master_oid: string | null;
  master_identified: boolean | null;
  /** ISO 8601 in UTC with microseconds: exact, so it can serve as a cursor. */
  muokattu: string;
}

const CHANGED_COLUMNS = sql`p.id, p.oid, p.hetu is not null as has_hetu, p.identified, p.identified_vtj,
  p.identification_attempted, p.passivated, m.oid as master_oid, (m.identified or m.identified_vtj) as master_identified,
  to_char(p.modified_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as muokattu`;

/**
 * Changes only become visible once they are `settleMs` old: a transaction that started earlier
 * but commits later would otherwise slip behind a reader's position and never be seen.
 */
const settled = (settleMs: number) => sql`p.modified_at <= now() - make_interval(secs => ${settleMs / 1000})`;

/** The reference's OppijaTuontiCriteria, parsed (service.ts). */
export interface ImportedCriteria {
  scope: PersonScope;
  /** modified_at >= this (an ISO time with a zone, or a zoneless one read in Europe/Helsinki). */
  since?: { time: string; zoned: boolean };
  importId?: number;
  onlyErrors?: boolean;
  nameSearch?: string;
}

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const startsWith = (column: string, value: string) =>
  sql`lower(${sql.raw(column)}) like lower(${likePrefix(value)})`;

/** The reference's name search: a word matches a name's start, or the OID or hetu exactly. */
function nameSearch(query: string): RawBuilder<boolean> {
  const q = query.trim();
  const parts = q.split(' ').filter((w) => w !== '');
  if (parts.length <= 1) {
    return sql<boolean>`(p.oid = ${q} or p.hetu = ${q} or ${startsWith('p.first_names', q)}
      or ${startsWith('p.surname', q)} or ${startsWith('p.nickname', q)})`;
  }
  const first = parts[0]!;
  const last = parts.at(-1)!;
  const rest = parts.slice(1).join(' ');
  const init = parts.slice(0, -1).join(' ');
  return sql<boolean>`((${startsWith('p.surname', first)}
      and (${startsWith('p.first_names', rest)} or ${startsWith('p.nickname', rest)}))
    or (${startsWith('p.surname', last)}
      and (${startsWith('p.first_names', init)} or ${startsWith('p.nickname', init)}))
    or ${startsWith('p.first_names', q)})`;
}

/** Not identified and either without a hetu or tried against the register (the reference's "virheet"). */
const FAILED = sql<boolean>`(not (p.identified or p.identified_vtj)
  and (p.hetu is null or p.identification_attempted))`;

/** The criteria as one condition on `p` (persons). */
function criteriaSql(c: ImportedCriteria): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`p.imported`, inScope(c.scope)];
  if (c.since !== undefined) {
    conditions.push(
      c.since.zoned
        ? sql<boolean>`p.modified_at >= ${c.since.time}::timestamptz`
        : sql<boolean>`p.modified_at >= (${c.since.time}::timestamp at time zone 'Europe/Helsinki')`,
    );
  }
  if (c.importId !== undefined) {
    conditions.push(sql<boolean>`exists (select 1 from import_results r
      where r.import_id = ${c.importId} and r.person_id = p.id)`);
  }
  if (c.onlyErrors) conditions.push(sql<boolean>`(not p.duplicate and not p.passivated and ${FAILED})`);
  if (c.nameSearch !== undefined && c.nameSearch.trim() !== '') conditions.push(nameSearch(c.nameSearch));
  return sql.join(conditions, sql` and `) as RawBuilder<boolean>;
}

export interface FeedRow {
  id: number;
  oid: string;
  master_oid: string;
  /** Position for the cursor: ISO 8601 in UTC with microseconds. */
  position: string;
  /** `{oid, master: OppijaReadDto}` as JSON text. */
  json: string;
}

/**
 * The importers' change feed (GET /oppija/muuttuneet): imported persons of the scope matching the
 * criteria, oldest change first, each with its master's data; a page by offset, or the rows after a
 * position (the cursor extension), and the number of rows in all.
 */
export async function findChangedImported(
  db: Db,
  input: {
    criteria: ImportedCriteria;
    after?: { time: string; id: number };
    offset: number;
    limit: number;
    settleMs: number;
  },
): Promise<{ rows: FeedRow[]; total: number }> {
  const where = sql`${criteriaSql(input.criteria)} and ${settled(input.settleMs)}${
    input.after
      ? sql` and (p.modified_at, p.id) > (${input.after.time}::timestamptz, ${input.after.id}::int8)`
      : sql``
  }`;
  const rows = await sql<FeedRow>`
    with ${codesCte()}
    select p.id, p.oid, mp.oid as master_oid,
      to_char(p.modified_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position,
      '{"oid":' || to_json(p.oid)::text || ',"master":' || ${personJson('mp', 'mm')} || '}' as json
    from persons p
    join persons mp on mp.id = coalesce(p.master_id, p.id)
    left join persons mm on mm.id = mp.master_id
    cross join codes
    where ${where}
    order by p.modified_at, p.id
    offset ${input.offset} limit ${input.limit}`.execute(db);
  const total = await sql<{ n: number }>`
    select count(*)::int8 as n from persons p where ${where}`.execute(db);
  return { rows: rows.rows, total: Number(total.rows[0]!.n) };
}

/** Persons modified after a position (time, id), oldest first (the registry keeper's feed). */
export async function findChangesAfter(
  db: Db,
  input: { after: { time: string; id: number }; limit: number; settleMs: number },
): Promise<ChangedRow[]> {
  const result = await sql<ChangedRow>`
    select ${CHANGED_COLUMNS}
    from persons p left join persons m on m.id = p.master_id
    where (p.modified_at, p.id) > (${input.after.time}::timestamptz, ${input.after.id}::int8)
      and ${settled(input.settleMs)}
    order by p.modified_at, p.id
    limit ${input.limit}`.execute(db);
  return result.rows;
}

export interface SummaryRow {
  onnistuneet: number;
  virheet: number;
  keskeneraiset: number;
  yhteensa: number;
}

/**
 * GET /oppija/yhteenveto, counted as the reference counts: imported persons matching the criteria;
 * identified, linked and passivated ones are successes; the others failed (no hetu, or tried) or
 * wait for their first identification attempt.
 */
export async function summariseImported(db: Db, criteria: ImportedCriteria): Promise<SummaryRow> {
  const result = await sql<SummaryRow>`
    select
      count(*) filter (where p.duplicate or p.passivated or p.identified or p.identified_vtj) as onnistuneet,
      count(*) filter (where not p.duplicate and not p.passivated and ${FAILED}) as virheet,
      count(*) filter (where not (p.duplicate or p.passivated or p.identified or p.identified_vtj)
        and p.hetu is not null and not p.identification_attempted) as keskeneraiset,
      count(*) as yhteensa
    from persons p
    where ${criteriaSql(criteria)}`.execute(db);
  const row = result.rows[0]!;
  return {
    onnistuneet: Number(row.onnistuneet),
    virheet: Number(row.virheet),
    keskeneraiset: Number(row.keskeneraiset),
    yhteensa: Number(row.yhteensa),
  };
}

/** Which imports a caller sees: everything, or per API the subtrees of the organisations given. */
export type ImportScope = 'all' | { yleistunniste: string[]; oppija: string[] };

function importInScope(scope: ImportScope): RawBuilder<boolean> {
  if (scope === 'all') return sql<boolean>`true`;
  const under = (organisations: string[]) =>
    organisations.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`exists (select 1 from organisations o
          where o.oid = any(i.organisation_oids) and o.path && ${organisations}::text[])`;
  return sql<boolean>`((i.api = 'yleistunniste' and ${under(scope.yleistunniste)})
    or (i.api = 'oppija' and ${under(scope.oppija)}))`;
}

/** The scope's imports, newest first, and how many there are. */
export async function findImports(
  db: Db,
  input: { scope: ImportScope; offset: number; limit: number },
): Promise<{ rows: ImportRow[]; total: number }> {
  const rows = await sql<ImportRow>`
    select i.* from imports i where ${importInScope(input.scope)}
    order by i.id desc offset ${input.offset} limit ${input.limit}`.execute(db);
  const total = await sql<{ n: number }>`
    select count(*)::int as n from imports i where ${importInScope(input.scope)}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]!.n };
}

export const KOOSTE_SORT_FIELDS = [
  'id',
  'timestamp',
  'oid',
  'author',
  'total',
  'successful',
  'failures',
  'inProgress',
  'conflicts',
] as const;
export type KoosteSortField = (typeof KOOSTE_SORT_FIELDS)[number];

export interface KoosteRow {
  id: number;
  oid: string | null;
  author: string | null;
  timestamp: Date;
  total: number;
  inProgress: number;
  successful: number;
  failures: number;
  conflicts: number;
  api: ImportApi;
}

/**
 * GET /oppija/tuontikooste: the scope's imports with the reference's counts (its tuontikooste view):
 * successful = rows whose person is identified, linked or passivated; failures = the other rows
 * (also those not processed yet); inProgress = rows not processed yet.
 */
export async function findImportSummaries(
  db: Db,
  input: {
    scope: ImportScope;
    id?: number;
    author?: string;
    sort: KoosteSortField;
    descending: boolean;
    offset: number;
    limit: number;
  },
): Promise<{ rows: KoosteRow[]; total: number }> {
  const conditions: RawBuilder<boolean>[] = [importInScope(input.scope)];
  if (input.id !== undefined) conditions.push(sql<boolean>`i.id = ${input.id}`);
  if (input.author !== undefined && input.author !== '') {
    conditions.push(
      sql<boolean>`lower(i.actor ->> 'name') like lower(${`%${input.author.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`,
    );
  }
  const where = sql.join(conditions, sql` and `);
  const direction = sql.raw(input.descending ? 'desc' : 'asc');
  // The sort field is one of KOOSTE_SORT_FIELDS (checked by the route's schema): a column of k.
  const field = sql.ref(`k.${input.sort}`);
  const rows = await sql<KoosteRow>`
    select * from (
      select i.id, i.created_by as oid, i.actor ->> 'name' as author, i.created_at as timestamp,
        i.total, i.total - i.processed as "inProgress", s.successful, i.total - s.successful as failures,
        i.conflicts, i.api
      from imports i
      cross join lateral (
        select count(*)::int8 as successful from import_results r join persons p on p.id = r.person_id
        where r.import_id = i.id and (p.passivated or p.duplicate or p.identified or p.identified_vtj)) s
      where ${where}) k
    order by ${field} ${direction} nulls last, k.id ${direction}
    offset ${input.offset} limit ${input.limit}`.execute(db);
  const total = await sql<{ n: number }>`select count(*)::int8 as n from imports i where ${where}`.execute(
    db,
  );
  return {
    rows: rows.rows.map((r) => ({
      ...r,
      total: Number(r.total),
      inProgress: Number(r.inProgress),
      successful: Number(r.successful),
      failures: Number(r.failures),
      conflicts: Number(r.conflicts),
    })),
    total: Number(total.rows[0]!.n),
  };
}
