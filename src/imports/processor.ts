import { type AuditActor, recordTestData, type TestDataSighting, writeAudit } from '../audit/index.ts';
import type { Db } from '../db/database.ts';
import type { ImportRow } from '../db/tables.ts';
import type { NameMatchThresholds } from '../domain/names.ts';
import { generateOid } from '../domain/oid.ts';
import {
  announceJobs,
  enqueueJob,
  exponentialBackoff,
  PermanentJobFailure,
  type QueueDefinition,
} from '../jobs/index.ts';
import { type BatchPlan, batchKeys, planBatch } from './matching.ts';
import { queueImportNotification } from './notification.ts';
import {
  attachOrganisations,
  findKeyHits,
  insertIdentifiers,
  insertPersons,
  loadRows,
  lockImport,
  markDone,
  type PersonToCreate,
  type RowResult,
  saveResults,
} from './repository.ts';
import { checkRow, type RowCheck, type StoredRow, type ValidRow } from './validation.ts';

export const IMPORT_QUEUE = 'import';

/** What the import worker needs; a subset of AppServices, so that tests and benchmarks can tune it. */
export interface ImportWorkerDeps {
  db: Db;
  production: boolean;
  personOidNode: string;
  nameThresholds: NameMatchThresholds;
  publicUrl: string;
  /** Rows a transaction. Bounded, so memory stays flat and other work gets the database in between. */
  batchSize: number;
  /** Imports one worker processes at once. */
  concurrency: number;
}

/** PostgreSQL: big batches for throughput. PGlite: one session for everyone, so short transactions. */
export const DEFAULT_BATCH_SIZE = { postgres: 5000, pglite: 500 } as const;

/** Enqueues the processing of an import (idempotent: one live job per import). */
export async function enqueueImportJob(db: Db, importId: number): Promise<void> {
  await enqueueJob(db, IMPORT_QUEUE, { importId }, { singletonKey: String(importId) });
}

export function announceImportJobs(): void {
  announceJobs(IMPORT_QUEUE);
}

/** The queue definition the runner takes. */
export function importQueue(deps: ImportWorkerDeps): QueueDefinition<{ importId: number }> {
  return {
    queue: IMPORT_QUEUE,
    concurrency: deps.concurrency,
    backoffMs: (attempts) => exponentialBackoff(attempts, 2_000, 300_000),
    async handler(job, { signal }) {
      const { importId } = job.payload;
      for (;;) {
        // Between batches is the safe point: a stop here loses nothing, the next worker goes on.
        signal.throwIfAborted();
        const status = await processNextBatch(deps, importId);
        if (status === 'missing') throw new PermanentJobFailure(`import ${importId} does not exist`);
        if (status === 'done') return;
      }
    },
  };
}

class RedoBatch extends Error {}

// deadlock_detected, serialization_failure: the batch ran into a concurrent import's batch.
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const MAX_BATCH_ATTEMPTS = 5;

/**
 * Processes the import's next batch in one transaction: results, new persons, organisation links,
 * audit records and the progress counters commit together or not at all. That, and the row lock
 * on the import that serialises its batches, is the exactly-once argument (docs/IMPORTS.md).
 */
export async function processNextBatch(
  deps: ImportWorkerDeps,
  importId: number,
): Promise<'more' | 'done' | 'missing'> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction().execute((trx) => runBatch(deps, trx, importId));
    } catch (error) {
      const code = (error as { code?: string }).code;
      const retryable = error instanceof RedoBatch || (code !== undefined && RETRYABLE_CODES.has(code));
      if (!retryable || attempt >= MAX_BATCH_ATTEMPTS) throw error;
    }
  }
}

async function runBatch(
  deps: ImportWorkerDeps,
  trx: Db,
  importId: number,
): Promise<'more' | 'done' | 'missing'> {
  const current = await lockImport(trx, importId);
  if (!current) return 'missing';
  if (current.state === 'done') return 'done';
  if (current.next_row >= current.total) {
    await finish(deps, trx, await markDone(trx, importId));
    return 'done';
  }
  const from = current.next_row;
  const to = Math.min(current.total, from + deps.batchSize);
  const stored = await loadRows(trx, importId, from, to);
  if (stored.length !== to - from)
    throw new Error(`import ${importId}: rows ${from}–${to - 1} are incomplete`);

  const checks = stored.map((row) => checkRow(row, { api: current.api, production: deps.production }));
  const valid = checks.flatMap((c) => (c.ok ? [c.row] : []));
  const hits = await findKeyHits(trx, batchKeys(valid));
  const plan = planBatch(checks, hits, deps.nameThresholds);

  const actor = current.actor as AuditActor;
  const by = actor.oid ?? actor.name;
  const createdIds = await createPersons(deps, trx, plan, by);
  await attachOrganisations(trx, personIdsOf(plan, createdIds), current.organisation_oids, by);

  const { results, counts } = resultsOf(plan, createdIds);
  const done = to === current.total;
  const updated = await saveResults(trx, importId, results, { nextRow: to, ...counts, done });

  const createdOids = plan.newPersons.map((p) => p.oid!);
  if (createdOids.length > 0) {
    // One record a batch names every person the batch created and who created them (SPEC §12).
    await writeAudit(trx, {
      operation: 'PERSON_CREATE',
      actor,
      targetOids: createdOids,
      details: { importId, api: current.api, source: 'import', rows: [from, to - 1] },
    });
  }
  await recordTestData(trx, testDataSightings(stored, checks, actor, current.endpoint));
  if (done) await finish(deps, trx, updated);
  return done ? 'done' : 'more';
}

async function finish(deps: ImportWorkerDeps, trx: Db, finished: ImportRow): Promise<void> {
  await queueImportNotification(trx, finished, deps.publicUrl);
}

const MAX_OID_DRAWS = 10;

/**
 * Inserts the planned persons with fresh OIDs. An OID that collides with an existing one (the
 * chance grows with the registry: ~0.1 % a draw at 10 million persons) is drawn again for that
 * person only. A hetu that another import registered meanwhile means the plan is stale: the whole
 * batch is redone, and the person is then found instead of created.
 */
async function createPersons(
  deps: ImportWorkerDeps,
  trx: Db,
  plan: BatchPlan,
  createdBy: string | null,
): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  let pending = plan.newPersons.map((_, index) => index);
  const used = new Set<string>();
  for (let draw = 0; pending.length > 0; draw++) {
    if (draw >= MAX_OID_DRAWS) throw new Error('could not allocate unique OIDs');
    const batch: PersonToCreate[] = pending.map((index) => {
      const person = plan.newPersons[index]!;
      person.oid = freshOid(deps.personOidNode, used);
      return toPerson(person.oid, person.row);
    });
    const inserted = await insertPersons(trx, batch, createdBy);
    const missing: number[] = [];
    for (const index of pending) {
      const id = inserted.get(plan.newPersons[index]!.oid!);
      if (id === undefined) missing.push(index);
      else ids.set(index, id);
    }
    if (missing.some((index) => plan.newPersons[index]!.row.hetu !== null)) {
      const taken = await hetusTaken(
        trx,
        missing.flatMap((index) => plan.newPersons[index]!.row.hetu?.hetu ?? []),
      );
      if (taken) throw new RedoBatch();
    }
    pending = missing;
  }
  await insertIdentifiers(
    trx,
    plan.newPersons.map((person, index) => ({
      personId: ids.get(index)!,
      hetu: person.row.hetu?.hetu ?? null,
      passportNumber: person.row.passportNumber,
      email: person.row.email,
    })),
  );
  return ids;
}

async function hetusTaken(trx: Db, hetus: string[]): Promise<boolean> {
  if (hetus.length === 0) return false;
  const row = await trx.selectFrom('persons').select('id').where('hetu', 'in', hetus).executeTakeFirst();
  return row !== undefined;
}

function freshOid(node: string, used: Set<string>): string {
  for (;;) {
    const oid = generateOid(node);
    if (!used.has(oid)) {
      used.add(oid);
      return oid;
    }
  }
}

function toPerson(oid: string, row: ValidRow): PersonToCreate {
  return {
    oid,
    hetu: row.hetu?.hetu ?? null,
    firstNames: row.firstNames,
    nickname: row.nickname,
    surname: row.surname,
    birthDate: row.birthDate,
    sex: row.sex,
    motherTongue: row.motherTongue,
    nationalities: row.nationalities,
  };
}

/** Every person a row of the batch resolved to, once. */
function personIdsOf(plan: BatchPlan, createdIds: Map<number, number>): number[] {
  const ids = new Set<number>(createdIds.values());
  for (const row of plan.rows) if (row.kind === 'existing') ids.add(row.person.id);
  return [...ids];
}

function resultsOf(plan: BatchPlan, createdIds: Map<number, number>) {
  const counts = { created: 0, matched: 0, conflicts: 0, errors: 0 };
  const results: RowResult[] = plan.rows.map((row) => {
    if (row.kind === 'error') {
      counts.errors += 1;
      return {
        rowNo: row.error.rowNo,
        personId: null,
        outcome: 'error',
        errorField: row.error.field,
        errorMessage: row.error.message,
      };
    }
    const personId = row.kind === 'existing' ? row.person.id : createdIds.get(row.person)!;
    const outcome = row.kind === 'new' && row.creates ? 'created' : row.conflict ? 'conflict' : 'matched';
    if (outcome === 'created') counts.created += 1;
    else if (outcome === 'conflict') counts.conflicts += 1;
    else counts.matched += 1;
    return { rowNo: row.rowNo, personId, outcome, errorField: null, errorMessage: null };
  });
  return { results, counts };
}

/** Production: refused test hetus and test-looking names go to the registry keeper's report. */
function testDataSightings(
  stored: StoredRow[],
  checks: RowCheck[],
  actor: AuditActor,
  endpoint: string,
): TestDataSighting[] {
  const sightings: TestDataSighting[] = [];
  checks.forEach((check, i) => {
    const row = stored[i]!;
    const names = `${row.firstNames ?? ''} ${row.surname ?? ''}`.trim();
    if (!check.ok && check.error.testHetu) {
      sightings.push({ reason: 'TEST_HETU', actor, endpoint, hetu: row.hetu, names });
    } else if (check.ok && check.row.testName) {
      sightings.push({ reason: 'TEST_NAME', actor, endpoint, hetu: row.hetu, names });
    }
  });
  return sightings;
}
