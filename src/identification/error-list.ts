import { type RawBuilder, sql } from 'kysely';
import { type Scope, scopeOf } from '../access/index.ts';
import { personRead, writeAudit } from '../audit/index.ts';
import type { RequestContext } from '../context.ts';
import type { Db } from '../db/index.ts';
import { RULE_ROLES } from '../domain/index.ts';
import { pagingOf } from '../http/index.ts';
import {
  criteriaSql,
  type HenkiloSummary,
  type SearchCriteria,
  SUMMARY_COLUMNS,
  type SummaryRow,
  searchCriteria,
  summaryOf,
} from '../persons/index.ts';

// The error list (SPEC §9): the persons officials must handle. Defined once, in SQL, for the list
// and its counts alike.

/** The roles of `rules.readImportReport`: whose persons the list shows. */
/** The roles of `rules.readImportReport` (src/domain/roles.ts) scope the list. */
export const IMPORT_REPORT_ROLES = RULE_ROLES.readImportReport;

/**
 * On the list: not identified (neither by hand nor against the register), not linked, not passivated,
 * and either without a hetu or tried and failed. The partial index persons_error_list_idx has the
 * same condition (migration 004).
 */
const LISTED = sql<boolean>`not p.identified and not p.identified_vtj and not p.passivated and p.master_id is null
  and (p.hetu is null or p.identification_attempted)`;

/** Organisations (alias o) in the scope, narrowed to one organisation's subtree when asked. */
function organisationsSql(scope: Scope, narrowTo: string | undefined): RawBuilder<boolean> {
  const inScope = scope.all
    ? sql<boolean>`true`
    : scope.organisations.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`o.path && ${[...scope.organisations]}::text[]`;
  return narrowTo === undefined ? inScope : sql<boolean>`${inScope} and ${narrowTo} = any(o.path)`;
}

export type ErrorReason =
  | 'HETU_PUUTTUU'
  | 'HETU_EI_VTJ'
  | 'HETU_PASSIVOITU'
  | 'HETU_EI_OIKEA'
  | 'NIMET_EIVAT_TASMAA';

export interface ErrorListItem extends HenkiloSummary {
  syy: ErrorReason;
  tuotu: string;
  tuoja: { oid: string | null; nimi: string | null };
  organisaatio: { oid: string; nimi: string };
}

interface ErrorListRow extends SummaryRow {
  reason: ErrorReason;
  attached_at: Date;
  attached_by: string | null;
  attacher_name: string | null;
  organisation_oid: string;
  organisation_name: string;
}

/**
 * The listed persons attached to the organisations, newest attachment first. A person attached to
 * several of them is one row, with its earliest attachment among them: that is when and by whom
 * it came to these organisations.
 */
async function findErrorList(
  db: Db,
  input: { organisations: RawBuilder<boolean>; criteria?: SearchCriteria; offset: number; limit: number },
): Promise<{ rows: ErrorListRow[]; total: number }> {
  const matches = input.criteria ? criteriaSql(input.criteria) : sql<boolean>`true`;
  const listed = sql`
    select p.id, a.organisation_oid, a.created_at as attached_at, a.created_by as attached_by
    from persons p
    cross join lateral (
      select po.organisation_oid, po.created_at, po.created_by
      from person_organisations po join organisations o on o.oid = po.organisation_oid
      where po.person_id = p.id and ${input.organisations}
      order by po.created_at, po.organisation_oid
      limit 1
    ) a
    where ${LISTED} and ${matches}`;
  const [rows, count] = await Promise.all([
    sql<ErrorListRow>`
      with listed as (${listed})
      select ${SUMMARY_COLUMNS},
        case when p.hetu is null then 'HETU_PUUTTUU' else coalesce(p.identification_error, 'HETU_EI_VTJ') end as reason,
        l.attached_at, l.attached_by, u.name as attacher_name,
        l.organisation_oid, o.name as organisation_name
      from listed l
      join persons p on p.id = l.id
      left join persons m on m.id = p.master_id
      join organisations o on o.oid = l.organisation_oid
      left join users u on u.oid = l.attached_by
      order by l.attached_at desc, p.id desc
      offset ${input.offset} limit ${input.limit}`.execute(db),
    sql<{ n: number }>`with listed as (${listed}) select count(*)::int as n from listed`.execute(db),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

/** GET /virhelista: the error list of the caller's organisations and their subtrees; audited as a read. */
export async function errorList(
  ctx: RequestContext,
  query: { haku?: string; organisaatio?: string; page?: string; count?: string },
): Promise<{ items: ErrorListItem[]; page: number; count: number; total: number }> {
  const { page, count } = pagingOf(query);
  const haku = query.haku?.trim();
  const criteria = haku ? searchCriteria(haku, 'haku') : undefined;
  const organisations = organisationsSql(
    scopeOf(ctx.caller, IMPORT_REPORT_ROLES),
    query.organisaatio || undefined,
  );
  const { rows, total } = await findErrorList(ctx.readDb, {
    organisations,
    criteria,
    offset: (page - 1) * count,
    limit: count,
  });
  const items = rows.map((r) => ({
    ...summaryOf(r),
    syy: r.reason,
    tuotu: new Date(r.attached_at).toISOString(),
    tuoja: { oid: r.attached_by, nimi: r.attacher_name },
    organisaatio: { oid: r.organisation_oid, nimi: r.organisation_name },
  }));
  if (items.length > 0) {
    await writeAudit(
      ctx.db,
      personRead(
        ctx,
        items.map((i) => i.oid),
      ),
    );
  }
  return { items, page, count, total };
}

export interface ErrorListSummary {
  onnistuneet: number;
  virheet: number;
  keskeneraiset: number;
  yhteensa: number;
}

/**
 * GET /virhelista/yhteenveto: identification states of the scope's active persons. `virheet` is
 * the error list's length; the three parts add up to `yhteensa`.
 */
export async function errorListSummary(ctx: RequestContext): Promise<ErrorListSummary> {
  const organisations = organisationsSql(scopeOf(ctx.caller, IMPORT_REPORT_ROLES), undefined);
  const result = await sql<ErrorListSummary>`
    select
      count(*) filter (where p.identified or p.identified_vtj)::int as onnistuneet,
      count(*) filter (where ${LISTED})::int as virheet,
      count(*) filter (where not (p.identified or p.identified_vtj) and p.hetu is not null
        and not p.identification_attempted)::int as keskeneraiset,
      count(*)::int as yhteensa
    from persons p
    where not p.passivated and p.master_id is null and p.id in (
      select po.person_id from person_organisations po join organisations o on o.oid = po.organisation_oid
      where ${organisations})`.execute(ctx.readDb);
  return result.rows[0]!;
}
