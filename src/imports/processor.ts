import { type AuditActor, recordTestData, type TestDataSighting, writeAudit } from '../audit/index.ts';
import type { Db } from '../db/index.ts';
import type { NameMatchThresholds } from '../domain/index.ts';
import { generateOid } from '../domain/index.ts';
import {
  announceJobs,
  enqueueJob,
  exponentialBackoff,
  PermanentJobFailure,
  type QueueDefinition,
} from '../jobs/index.ts';
import { importRowsProcessed } from '../ops/index.ts';
import { type BatchPlan, batchKeys, planBatch } from './matching.ts';
import { notifyImportIfSettled } from './notification.ts';
import {
  attachOrganisations,
  claimChunk,
  findImport,
  findKeyHits,
  hasUnfinishedChunks,
  insertIdentifiers,
  insertPersons,
  lockIdentifierBuckets,
  lockImport,
  markDone,
  type PersonToCreate,
  type RowResult,
  saveChunkResults,
  touchPersons,
} from './repository.ts';
import {
  checkRow,
  type RowCheck,
  type StoredRow,
  toStoredRow,
  type ValidRow,
  type WireRow,
} from './validation.ts';

export const IMPORT_QUEUE = 'import';

/** What the import worker needs; a subset of AppServices, so that tests and benchmarks can tune it. */
export interface ImportWorkerDeps {
  db: Db;
  production: boolean;
  personOidNode: string;
  nameThresholds: NameMatchThresholds;
  publicUrl: string;
  /** Imports one worker processes at once. */
  concurrency: number;
  /** Chunks of one import processed side by side (each in its own transaction and connection). */
  lanes: number;
  /**
   * Called after a chunk committed, so that identification of its new persons starts soon (the
   * background wiring queues the identification worker). Best effort: a periodic scan finds
   * persons due for identification anyway.
   */
  wakeIdentification?: () => Promise<void>;
}

/**
 * Rows a chunk (and a transaction), chosen at accept time. Bounded, so memory stays flat and other
 * work gets the database in between. PGlite has one session for everyone: short transactions.
 */
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
    handler: (job, { signal }) => processImport(deps, job.payload.importId, signal),
  };
}

/**
 * Processes the import's remaining chunks in `deps.lanes` lanes, then finishes it. A stop between
 * chunks loses nothing: the next worker goes on with the chunks not done.
 */
export async function processImport(
  deps: ImportWorkerDeps,
  importId: number,
  signal?: AbortSignal,
): Promise<void> {
  const stopLanes = new AbortController();
  const onAbort = () => stopLanes.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort);
  const lane = async () => {
    for (;;) {
      stopLanes.signal.throwIfAborted();
      const status = await processNextChunk(deps, importId);
      if (status === 'missing') throw new PermanentJobFailure(`import ${importId} does not exist`);
      if (status === 'none') return;
      await deps.wakeIdentification?.().catch(() => {});
    }
  };
  try {
    const lanes = await Promise.allSettled(
      Array.from({ length: Math.max(1, deps.lanes) }, () =>
        lane().catch((error) => {
          // One lane failing stops the others at their next chunk; the job is retried as a whole.
          stopLanes.abort(error);
          throw error;
        }),
      ),
    );
    const failed = lanes.find((l) => l.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (!(await finishImport(deps, importId))) {
    // Only a worker that lost its lease but still runs could hold a chunk now: try again later.
    throw new Error(`import ${importId}: chunks are still being processed elsewhere`);
  }
}

class RedoBatch extends Error {}

// deadlock_detected, serialization_failure: the chunk ran into a concurrent chunk's locks.
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const MAX_BATCH_ATTEMPTS = 5;

/**
 * Processes the import's next chunk in one transaction: results, new persons, organisation links,
 * audit record, the chunk's done mark and the counters commit together or not at all. With the
 * chunk's row lock (no two transactions process one chunk) that is the exactly-once argument
 * (docs/IMPORTS.md).
 */
export async function processNextChunk(
  deps: ImportWorkerDeps,
  importId: number,
): Promise<'processed' | 'none' | 'missing'> {
  for (let attempt = 1; ; attempt++) {
    let done: { api: string; counts: ChunkCounts } | undefined;
    try {
      const status = await deps.db
        .transaction()
        .execute((trx) => runChunk(deps, trx, importId, (api, counts) => (done = { api, counts })));
      // Counted once committed: a rolled-back attempt processed nothing.
      if (done) countImportRows(done.api, done.counts);
      return status;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const retryable = error instanceof RedoBatch || (code !== undefined && RETRYABLE_CODES.has(code));
      if (!retryable || attempt >= MAX_BATCH_ATTEMPTS) throw error;
    }
  }
}

type ChunkCounts = ReturnType<typeof resultsOf>['counts'];

function countImportRows(api: string, counts: ChunkCounts): void {
  importRowsProcessed.inc({ api, outcome: 'created' }, counts.created);
  importRowsProcessed.inc({ api, outcome: 'matched' }, counts.matched);
  importRowsProcessed.inc({ api, outcome: 'conflict' }, counts.conflicts);
  importRowsProcessed.inc({ api, outcome: 'error' }, counts.errors);
}

async function runChunk(
  deps: ImportWorkerDeps,
  trx: Db,
  importId: number,
  onProcessed: (api: string, counts: ChunkCounts) => void,
): Promise<'processed' | 'none' | 'missing'> {
  const current = await findImport(trx, importId);
  if (!current) return 'missing';
  const chunk = await claimChunk(trx, importId);
  if (!chunk) return 'none';
  const stored = chunk.rows.map((row, i) => toStoredRow(current.api, row as WireRow, chunk.firstRow + i));

  const checks = stored.map((row) => checkRow(row, { api: current.api, production: deps.production }));
  const valid = checks.flatMap((c) => (c.ok ? [c.row] : []));
  const keys = batchKeys(valid);
  await lockIdentifierBuckets(trx, [
    ...keys.passports.map((p) => `p:${p}`),
    ...keys.emails.map((e) => `e:${e}`),
  ]);
  const hits = await findKeyHits(trx, keys);
  const plan = planBatch(checks, hits, deps.nameThresholds);

  const actor = current.actor as AuditActor;
  const by = actor.oid ?? actor.name;
  const createdIds = await createPersons(deps, trx, plan, by, importId);
  await attachOrganisations(trx, personIdsOf(plan, createdIds), current.organisation_oids, by);
  // As in the reference, a person an import finds counts as modified: it shows on the importer's feed.
  await touchPersons(trx, existingPersonIds(plan), by);

  const createdOids = plan.newPersons.map((p) => p.oid!);
  if (createdOids.length > 0) {
    // One record a chunk names every person it created and who created them (SPEC §12).
    const last = chunk.firstRow + stored.length - 1;
    await writeAudit(trx, {
      operation: 'PERSON_CREATE',
      actor,
      targetOids: createdOids,
      details: { importId, api: current.api, source: 'import', rows: [chunk.firstRow, last] },
    });
  }
  await recordTestData(trx, testDataSightings(stored, checks, actor, current.endpoint));
  const { results, counts } = resultsOf(plan, createdIds, stored);
  await saveChunkResults(trx, importId, chunk.chunkNo, results, counts);
  onProcessed(current.api, counts);
  return 'processed';
}

/**
 * Marks the import done when every chunk is, and queues its notification if its new persons have
 * all been tried against the population register (else the identification worker queues it when
 * they have). The import's row lock orders concurrent finishers: the second finds it done. False
 * when chunks remain.
 */
export async function finishImport(deps: ImportWorkerDeps, importId: number): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockImport(trx, importId);
    if (!current || current.state === 'done') return true;
    if (await hasUnfinishedChunks(trx, importId)) return false;
    await markDone(trx, importId);
    await notifyImportIfSettled(trx, importId, deps.publicUrl);
    return true;
  });
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
  importId: number,
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
    const inserted = await insertPersons(trx, batch, createdBy, importId);
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

/** The registered persons rows of the batch resolved to, once. */
function existingPersonIds(plan: BatchPlan): number[] {
  const ids = new Set<number>();
  for (const row of plan.rows) if (row.kind === 'existing') ids.add(row.person.id);
  return [...ids];
}

/** Every person a row of the batch resolved to, once. */
function personIdsOf(plan: BatchPlan, createdIds: Map<number, number>): number[] {
  const ids = new Set<number>(createdIds.values());
  for (const row of plan.rows) if (row.kind === 'existing') ids.add(row.person.id);
  return [...ids];
}

function resultsOf(plan: BatchPlan, createdIds: Map<number, number>, stored: StoredRow[]) {
  const counts = { rows: stored.length, created: 0, matched: 0, conflicts: 0, errors: 0 };
  const tunnisteOf = new Map(stored.map((row) => [row.rowNo, row.tunniste]));
  const results: RowResult[] = plan.rows.map((row) => {
    if (row.kind === 'error') {
      counts.errors += 1;
      return {
        rowNo: row.error.rowNo,
        tunniste: tunnisteOf.get(row.error.rowNo) ?? null,
        personId: null,
        personOid: null,
        outcome: 'error',
        errorField: row.error.field,
        errorMessage: row.error.message,
      };
    }
    const personId = row.kind === 'existing' ? row.person.id : createdIds.get(row.person)!;
    const personOid = row.kind === 'existing' ? row.person.oid : plan.newPersons[row.person]!.oid!;
    const outcome = row.kind === 'new' && row.creates ? 'created' : row.conflict ? 'conflict' : 'matched';
    if (outcome === 'created') counts.created += 1;
    else if (outcome === 'conflict') counts.conflicts += 1;
    else counts.matched += 1;
    return {
      rowNo: row.rowNo,
      tunniste: tunnisteOf.get(row.rowNo) ?? null,
      personId,
      personOid,
      outcome,
      errorField: null,
      errorMessage: null,
    };
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
