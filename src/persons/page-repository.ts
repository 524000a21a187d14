import { type RawBuilder, sql } from 'kysely';
import type { AuditLogRow, Db, PersonRow } from '../db/index.ts';
import { criteriaSql, type SearchCriteria } from './search.ts';
import type { SummaryRow } from './view.ts';

// Queries of the officials' person endpoints: the person page, the audit trail, search.

/** The person's row, locked for the transaction of an official's change. */
export function lockPersonByOid(db: Db, oid: string): Promise<PersonRow | undefined> {
  return db.selectFrom('persons').selectAll().where('oid', '=', oid).forUpdate().executeTakeFirst();
}

export interface PageLists {
  hetus: string[];
  passports: string[];
  emails: string[];
  slaves: string[];
  active_hetu: string | null;
}

/** The person's identifiers, slaves and the active hetu the register named, in one statement. */
export async function loadPageLists(db: Db, personId: number): Promise<PageLists> {
  const result = await sql<PageLists>`
    select
      coalesce((select array_agg(h.hetu order by h.added_at, h.hetu) from person_hetus h
        where h.person_id = ${personId}), '{}') as hetus,
      coalesce((select array_agg(x.passport_number order by x.passport_number) from person_passports x
        where x.person_id = ${personId}), '{}') as passports,
      coalesce((select array_agg(x.email order by x.email) from person_emails x
        where x.person_id = ${personId}), '{}') as emails,
      coalesce((select array_agg(s.oid order by s.id) from persons s where s.master_id = ${personId}), '{}') as slaves,
      (select r.active_hetu from register_snapshots r where r.person_id = ${personId}) as active_hetu`.execute(
    db,
  );
  return result.rows[0]!;
}

/** The organisations the person is attached to, those the condition (the caller's visibility) admits. */
export async function loadPersonOrganisations(db: Db, personId: number, visible: RawBuilder<boolean>) {
  const result = await sql<{ oid: string; name: string; created_at: Date; created_by: string | null }>`
    select o.oid, o.name, po.created_at, po.created_by
    from person_organisations po join organisations o on o.oid = po.organisation_oid
    where po.person_id = ${personId} and ${visible}
    order by po.created_at, o.oid`.execute(db);
  return result.rows;
}

/** Users' display names by OID (who created or changed a person, attached it to an organisation). */
export async function loadUserNames(db: Db, oids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(oids.filter((o): o is string => o !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['oid', 'name']).where('oid', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.oid, r.name]));
}

export async function replacePassports(db: Db, personId: number, passports: string[]): Promise<void> {
  await db.deleteFrom('person_passports').where('person_id', '=', personId).execute();
  if (passports.length === 0) return;
  await db
    .insertInto('person_passports')
    .values(passports.map((passport_number) => ({ passport_number, person_id: personId })))
    .execute();
}

export async function replaceEmails(db: Db, personId: number, emails: string[]): Promise<void> {
  await db.deleteFrom('person_emails').where('person_id', '=', personId).execute();
  if (emails.length === 0) return;
  await db
    .insertInto('person_emails')
    .values(emails.map((email) => ({ email, person_id: personId })))
    .execute();
}

/** Adds a hetu to the person's history (kaikkiHetut); a hetu it had before is kept as it was. */
export async function addHetuToHistory(db: Db, personId: number, hetu: string): Promise<void> {
  await db
    .insertInto('person_hetus')
    .values({ hetu, person_id: personId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Does another person hold this hetu as its current one? */
export async function hetuTakenByOther(db: Db, hetu: string, personId: number): Promise<boolean> {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .where('hetu', '=', hetu)
    .where('id', '<>', personId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The audit records that name the person, newest first, and how many there are. */
export async function findAuditTrail(
  db: Db,
  oid: string,
  offset: number,
  limit: number,
): Promise<{ rows: AuditLogRow[]; total: number }> {
  const names = sql<boolean>`target_oids @> array[${oid}]::text[]`;
  const [rows, count] = await Promise.all([
    db
      .selectFrom('audit_log')
      .selectAll()
      .where(names)
      .orderBy('id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .where(names)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** The columns of a HenkiloSummary, for `persons p left join persons m on m.id = p.master_id`. */
export const SUMMARY_COLUMNS = sql`p.oid, p.hetu, p.first_names, p.nickname, p.surname, p.birth_date,
  p.identified, p.identified_vtj, p.identification_attempted, p.passivated, p.duplicate, p.master_id,
  p.modified_at, m.oid as master_oid, (m.identified or m.identified_vtj) as master_identified`;

/** Persons matching the criteria in scope, by name, paged; with the total. */
export async function searchPersons(
  db: Db,
  criteria: SearchCriteria,
  inScope: RawBuilder<boolean>,
  offset: number,
  limit: number,
): Promise<{ rows: SummaryRow[]; total: number }> {
  const where = sql<boolean>`${criteriaSql(criteria)} and ${inScope}`;
  const [rows, count] = await Promise.all([
    sql<SummaryRow>`
      select ${SUMMARY_COLUMNS} from persons p left join persons m on m.id = p.master_id
      where ${where}
      order by p.surname, p.first_names, p.id
      offset ${offset} limit ${limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from persons p where ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}
