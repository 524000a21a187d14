import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ImportRow } from '../db/tables.ts';

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

/** Persons modified after `since`, oldest first, by page (GET /oppija/muuttuneet). */
export async function findChangedPersons(
  db: Db,
  input: { scope: PersonScope; since: string; offset: number; limit: number; settleMs: number },
): Promise<ChangedRow[]> {
  const result = await sql<ChangedRow>`
    select ${CHANGED_COLUMNS}
    from persons p left join persons m on m.id = p.master_id
    where p.modified_at > ${input.since}::timestamptz and ${settled(input.settleMs)} and ${inScope(input.scope)}
    order by p.modified_at, p.id
    offset ${input.offset} limit ${input.limit}`.execute(db);
  return result.rows;
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

/** Identification states of the scope's persons (not passivated), SPEC §3. */
export async function summariseIdentification(db: Db, scope: PersonScope): Promise<SummaryRow> {
  const result = await sql<SummaryRow>`
    select
      count(*) filter (where p.identified or p.identified_vtj) as onnistuneet,
      count(*) filter (where not (p.identified or p.identified_vtj)
        and (p.hetu is null or p.identification_attempted)) as virheet,
      count(*) filter (where not (p.identified or p.identified_vtj)
        and p.hetu is not null and not p.identification_attempted) as keskeneraiset,
      count(*) as yhteensa
    from persons p
    where not p.passivated and ${inScope(scope)}`.execute(db);
  return result.rows[0]!;
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
