import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { maskHetu } from '../domain/index.ts';
import type { AuditActor } from './writer.ts';

export interface TestDataSighting {
  reason: 'TEST_HETU' | 'TEST_NAME';
  actor: AuditActor;
  endpoint: string;
  hetu?: string | null;
  names?: string;
}

/**
 * Records a test person that reached production (refused test hetu, or names that look like test
 * data) for the registry keeper's report. Only the masked hetu is kept.
 */
export async function recordTestData(db: Db, sightings: TestDataSighting[]): Promise<void> {
  if (sightings.length === 0) return;
  await db
    .insertInto('test_data_reports')
    .values(
      sightings.map((s) => ({
        reason: s.reason,
        organisation_oid: s.actor.organisations[0] ?? null,
        actor_oid: s.actor.oid,
        actor_name: s.actor.name,
        endpoint: s.endpoint,
        masked_hetu: s.hetu ? maskHetu(s.hetu) : null,
        names: s.names ?? null,
        request_id: s.actor.requestId ?? null,
      })),
    )
    .execute();
}

export interface TestDataReportFilter {
  /** That organisation and the ones below it. */
  organisationOid?: string;
  since?: Date;
  page: number;
  pageSize: number;
}

export interface TestDataActorGroup {
  actorOid: string | null;
  actorName: string | null;
  count: number;
  testHetus: number;
  testNames: number;
  latest: string;
}

export interface TestDataOrganisationGroup {
  organisationOid: string | null;
  organisationName: string | null;
  count: number;
  latest: string;
  actors: TestDataActorGroup[];
}

export interface TestDataEntry {
  id: number;
  occurredAt: string;
  reason: 'TEST_HETU' | 'TEST_NAME';
  organisationOid: string | null;
  organisationName: string | null;
  actorOid: string | null;
  actorName: string | null;
  endpoint: string;
  maskedHetu: string | null;
  names: string | null;
  requestId: string | null;
}

export interface TestDataReport {
  /** Every organisation with entries, and within it every actor (service user or official). */
  organisations: TestDataOrganisationGroup[];
  /** The entries themselves, newest first, one page. */
  entries: TestDataEntry[];
  total: number;
  page: number;
  pageSize: number;
}

const MAX_GROUPS = 2000;

/** The registry keeper's report (SPEC §11): grouped by organisation and actor, entries paged. */
export async function readTestDataReport(db: Db, filter: TestDataReportFilter): Promise<TestDataReport> {
  let base = db
    .selectFrom('test_data_reports as r')
    .leftJoin('organisations as o', 'o.oid', 'r.organisation_oid');
  if (filter.organisationOid) base = base.where(sql<boolean>`${filter.organisationOid} = any(o.path)`);
  if (filter.since) base = base.where('r.occurred_at', '>=', filter.since);

  const [groupRows, entryRows, totalRow] = await Promise.all([
    base
      .select([
        'r.organisation_oid',
        'o.name as organisation_name',
        'r.actor_oid',
        sql<string | null>`max(r.actor_name)`.as('actor_name'),
        sql<number>`count(*)`.as('n'),
        sql<number>`count(*) filter (where r.reason = 'TEST_HETU')`.as('test_hetus'),
        sql<number>`count(*) filter (where r.reason = 'TEST_NAME')`.as('test_names'),
        sql<Date>`max(r.occurred_at)`.as('latest'),
      ])
      .groupBy(['r.organisation_oid', 'o.name', 'r.actor_oid'])
      .orderBy(sql`o.name nulls last`)
      .orderBy('r.organisation_oid')
      .orderBy(sql`max(r.occurred_at)`, 'desc')
      .limit(MAX_GROUPS)
      .execute(),
    base
      .selectAll('r')
      .select('o.name as organisation_name')
      .orderBy('r.occurred_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);

  const organisations: TestDataOrganisationGroup[] = [];
  for (const g of groupRows) {
    let org = organisations.at(-1);
    if (!org || org.organisationOid !== g.organisation_oid) {
      org = {
        organisationOid: g.organisation_oid,
        organisationName: g.organisation_name,
        count: 0,
        latest: '',
        actors: [],
      };
      organisations.push(org);
    }
    const latest = new Date(g.latest).toISOString();
    org.count += Number(g.n);
    if (latest > org.latest) org.latest = latest;
    org.actors.push({
      actorOid: g.actor_oid,
      actorName: g.actor_name,
      count: Number(g.n),
      testHetus: Number(g.test_hetus),
      testNames: Number(g.test_names),
      latest,
    });
  }
  return {
    organisations,
    entries: entryRows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at.toISOString(),
      reason: r.reason,
      organisationOid: r.organisation_oid,
      organisationName: r.organisation_name,
      actorOid: r.actor_oid,
      actorName: r.actor_name,
      endpoint: r.endpoint,
      maskedHetu: r.masked_hetu,
      names: r.names,
      requestId: r.request_id,
    })),
    total: Number(totalRow.n),
    page: filter.page,
    pageSize: filter.pageSize,
  };
}
