import { sql } from 'kysely';
import { identificationWorkerDeps } from '../../src/background.ts';
import type { AppServices } from '../../src/context.ts';
import type { Db } from '../../src/db/database.ts';
import type { PersonRow } from '../../src/db/tables.ts';
import { makeHetu } from '../../src/domain/hetu.ts';
import { generateOid } from '../../src/domain/oid.ts';
import {
  createLookupPace,
  type IdentificationWorkerDeps,
  type PopulationRegister,
  runIdentification,
} from '../../src/identification/index.ts';

let serial = 0;
/**
 * A valid hetu no other test of the run uses: the pid spreads concurrent files; 900+ makes it a test
 * hetu when asked (production tests), non-test otherwise.
 */
export function uniqueHetu(options: { test?: boolean; birthDate?: string } = {}): string {
  serial += 1;
  const day =
    options.birthDate ??
    new Date(Date.UTC(1970, 0, 1) + ((process.pid * 13 + serial * 17) % 15000) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  const base = options.test ? 900 : 2;
  const span = options.test ? 100 : 898;
  return makeHetu(day, base + ((process.pid + serial * 31) % span));
}

export interface NewPerson {
  hetu?: string | null;
  etunimet: string;
  sukunimi: string;
  kutsumanimi?: string;
  organisationOid?: string;
  /** Due for identification now (an imported person with a hetu). Default: when it has a hetu. */
  due?: boolean;
  importId?: number;
  createdBy?: string;
}

/** A person as an import leaves it: unidentified, attached to an organisation, due when it has a hetu. */
export async function insertPerson(db: Db, p: NewPerson): Promise<PersonRow> {
  const hetu = p.hetu ?? null;
  const row = await db
    .insertInto('persons')
    .values({
      oid: generateOid('98'),
      hetu,
      first_names: p.etunimet,
      nickname: p.kutsumanimi ?? p.etunimet.split(' ')[0]!,
      surname: p.sukunimi,
      created_by: p.createdBy ?? 'test',
      import_id: p.importId ?? null,
      identification_due_at: (p.due ?? hetu !== null) ? sql<Date>`now()` : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (hetu) await db.insertInto('person_hetus').values({ hetu, person_id: row.id }).execute();
  if (p.organisationOid) {
    await db
      .insertInto('person_organisations')
      .values({ person_id: row.id, organisation_oid: p.organisationOid, created_by: p.createdBy ?? null })
      .execute();
  }
  return row;
}

export async function personById(db: Db, id: number): Promise<PersonRow> {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The worker's dependencies for tests: the app's, fast (no rate limit worth the name). */
export function workerDeps(
  services: AppServices,
  overrides: Partial<IdentificationWorkerDeps> = {},
): IdentificationWorkerDeps {
  return { ...identificationWorkerDeps(services), ratePerSecond: 1000, concurrency: 4, ...overrides };
}

/** One sweep until nobody is due. */
export function sweep(services: AppServices, overrides: Partial<IdentificationWorkerDeps> = {}) {
  const deps = workerDeps(services, overrides);
  return runIdentification(deps, createLookupPace(deps.ratePerSecond, deps.concurrency));
}

/** Makes a person due now (as if its retry time had come). */
export async function makeDue(db: Db, id: number): Promise<void> {
  await sql`update persons set identification_due_at = now() - interval '1 second' where id = ${id}`.execute(
    db,
  );
}

/** A register that records what it was asked and answers through another. */
export function spyRegister(inner: PopulationRegister): PopulationRegister & { asked: string[] } {
  const asked: string[] = [];
  return {
    name: 'spy',
    asked,
    lookup(hetu) {
      asked.push(hetu);
      return inner.lookup(hetu);
    },
  };
}

export async function auditOf(db: Db, oid: string, operation?: string) {
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .where(sql<boolean>`target_oids @> array[${oid}]::text[]`)
    .orderBy('id');
  if (operation) q = q.where('operation', '=', operation);
  const rows = await q.execute();
  return rows.map((r) => ({
    ...r,
    changes: typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes,
    details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
  }));
}
