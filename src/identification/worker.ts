import { writeAudit } from '../audit/index.ts';
import type { Db, PersonRow } from '../db/index.ts';
import type { NameMatchThresholds } from '../domain/index.ts';
import { notifyImportIfSettled } from '../imports/index.ts';
import { announceJobs, enqueueJob, type JobLogger, type QueueDefinition } from '../jobs/index.ts';
import { identificationOutcomes } from '../ops/index.ts';
import {
  IDENTIFICATION_ACTOR,
  type PlannedOutcome,
  planOutcome,
  writeOutcomes as writePlanned,
} from './apply.ts';
import { HetuRefusedError } from './http-register.ts';
import { createLimiter } from './limiter.ts';
import { decideOutcome, type LookupResult, mayLookUp, type Outcome } from './outcome.ts';
import { type PopulationRegister, PopulationRegisterUnavailableError } from './population-register.ts';
import {
  type ClaimedPerson,
  claimDuePersons,
  hasDuePersons,
  lockPersons,
  releasePersons,
  updatePerson,
} from './repository.ts';

// The identification worker (SPEC §9): persons due for identification are claimed in batches, looked
// up in the population register at a bounded rate, and the outcome is written with its audit record.

export const IDENTIFICATION_QUEUE = 'identification';
const SWEEP_KEY = 'sweep';

export interface IdentificationWorkerDeps {
  db: Db;
  register: PopulationRegister;
  production: boolean;
  nameThresholds: NameMatchThresholds;
  publicUrl: string;
  /** Persons claimed at a time (one transaction writes their outcomes). */
  batchSize: number;
  /** Lookups in flight at most, and started a second at most (the register is slow and metered). */
  concurrency: number;
  ratePerSecond: number;
  /** How long a claim lasts: a dead worker's persons are due again after it. Default 10 min. */
  leaseMs?: number;
  /** After the register failed, the persons not yet asked wait this long. Default 1 min. */
  pauseMs?: number;
  logger?: JobLogger;
}

/** The pace of one process's lookups; shared by the sweeps the process runs, one after another. */
export interface LookupPace {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function createLookupPace(ratePerSecond: number, concurrency: number): LookupPace {
  return createLimiter(concurrency, ratePerSecond);
}

/** Queues a sweep unless one is queued or running (one live sweep a deployment; see the docs). */
export async function enqueueIdentification(db: Db): Promise<void> {
  await enqueueJob(db, IDENTIFICATION_QUEUE, {}, { singletonKey: SWEEP_KEY });
}

/** Starts identification soon: after an import's chunk created persons, or a hetu was corrected. */
export async function wakeIdentification(db: Db): Promise<void> {
  await enqueueIdentification(db);
  announceJobs(IDENTIFICATION_QUEUE);
}

/** The periodic scan: queues a sweep when someone is due (retries whose time came, missed wake-ups). */
export async function scanForDuePersons(db: Db): Promise<boolean> {
  if (!(await hasDuePersons(db))) return false;
  await wakeIdentification(db);
  return true;
}

export function identificationQueue(deps: IdentificationWorkerDeps): QueueDefinition {
  const pace = createLookupPace(deps.ratePerSecond, deps.concurrency);
  return {
    queue: IDENTIFICATION_QUEUE,
    concurrency: 1,
    handler: async (_job, { signal }) => {
      await runIdentification(deps, pace, signal);
    },
  };
}

export interface SweepStats {
  claimed: number;
  /** Outcomes written, by kind. */
  identified: number;
  failed: number;
  retried: number;
  /** Claimed but given back unasked (the register failed, or the worker is stopping). */
  released: number;
}

/**
 * Claims and identifies batches until nobody is due. When the register fails (unavailable after the
 * adapter's own retries, or its circuit is open), the sweep stops: the persons being asked get their
 * retry schedule, the rest of the batch goes back unasked for `pauseMs` — an outage of the register
 * must not use up everybody's attempts. Stopping the worker gives the unasked persons back at once.
 */
export async function runIdentification(
  deps: IdentificationWorkerDeps,
  pace: LookupPace = createLookupPace(deps.ratePerSecond, deps.concurrency),
  signal?: AbortSignal,
): Promise<SweepStats> {
  const stats: SweepStats = { claimed: 0, identified: 0, failed: 0, retried: 0, released: 0 };
  for (;;) {
    if (signal?.aborted) throw signal.reason;
    const claimed = await claimDuePersons(deps.db, deps.batchSize, deps.leaseMs ?? 600_000);
    if (claimed.length === 0) return stats;
    stats.claimed += claimed.length;
    const { results, paused } = await lookUpAll(deps, pace, claimed, signal);
    const reasons = await writeOutcomes(deps, claimed, results, paused ? (deps.pauseMs ?? 60_000) : 0, stats);
    // Counted once committed, by reason (OK = identified, VTJ_EI_VASTAA = retried later).
    for (const reason of reasons) identificationOutcomes.inc({ reason });
    if (paused) {
      deps.logger?.warn(
        { queue: IDENTIFICATION_QUEUE },
        'population register unavailable; identification paused',
      );
      return stats;
    }
  }
}

/**
 * Looks the claimed persons up, `concurrency` at a time at the pace's rate. After the first transient
 * failure no new lookup starts (those in flight finish). Results are missing for persons not asked.
 */
async function lookUpAll(
  deps: IdentificationWorkerDeps,
  pace: LookupPace,
  claimed: ClaimedPerson[],
  signal?: AbortSignal,
): Promise<{ results: Map<number, LookupResult>; paused: boolean }> {
  const results = new Map<number, LookupResult>();
  let paused = false;
  let next = 0;
  const lane = async () => {
    while (next < claimed.length && !paused && !signal?.aborted) {
      const person = claimed[next++]!;
      if (person.hetu === null || !person.needsIdentification) continue;
      const result = await lookUp(deps, pace, person.hetu, () => paused || signal?.aborted === true);
      if (result === undefined) continue;
      if (result.kind === 'unavailable') paused = true;
      results.set(person.id, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency, claimed.length) }, lane));
  return { results, paused };
}

/** One lookup; undefined when it was called off while waiting for its turn. */
async function lookUp(
  deps: IdentificationWorkerDeps,
  pace: LookupPace,
  hetu: string,
  calledOff: () => boolean,
): Promise<LookupResult | undefined> {
  // A test hetu never reaches the register in production; neither does a string that is no hetu.
  if (!mayLookUp(hetu, deps.production)) return { kind: 'refused' };
  return pace.run(async () => {
    if (calledOff()) return undefined;
    try {
      return { kind: 'answer', answer: await deps.register.lookup(hetu) };
    } catch (error) {
      // The adapter's refusal is final: asking again sends nothing either.
      if (error instanceof HetuRefusedError) return { kind: 'refused' };
      if (!(error instanceof PopulationRegisterUnavailableError)) {
        // Not the register's answer: a bug or an adapter failure. Retried on the schedule, never a
        // verdict on the person. The message never holds the hetu (the adapters see to that).
        deps.logger?.error({ err: error, queue: IDENTIFICATION_QUEUE }, 'population register lookup failed');
      }
      return { kind: 'unavailable' };
    }
  });
}

/**
 * Writes the batch's outcomes in one transaction with their audit records, and queues the
 * notification of every import whose new persons have now all been tried. A person changed
 * meanwhile (an official corrected it, passivated it, …: its due time is no longer this claim's)
 * is left alone: the official's action decides what happens to it.
 */
async function writeOutcomes(
  deps: IdentificationWorkerDeps,
  claimed: ClaimedPerson[],
  results: Map<number, LookupResult>,
  releaseDelayMs: number,
  stats: SweepStats,
): Promise<string[]> {
  return deps.db.transaction().execute(async (trx) => {
    const reasons: string[] = [];
    const current = new Map(
      (
        await lockPersons(
          trx,
          claimed.map((c) => c.id),
        )
      ).map((p) => [p.id, p]),
    );
    const planned: PlannedOutcome[] = [];
    const unasked: number[] = [];
    const imports = new Set<number>();
    for (const claim of claimed) {
      const person = current.get(claim.id);
      if (!person || !stillClaimed(person, claim)) continue;
      if (!needsIdentification(person)) {
        await updatePerson(trx, person.id, { identification_due_at: null });
        continue;
      }
      const result = results.get(person.id);
      if (!result) {
        unasked.push(person.id);
        continue;
      }
      if (person.import_id !== null && person.identification_attempts === 0) imports.add(person.import_id);
      const outcome = decideOutcome(person, result, deps.nameThresholds);
      planned.push(planOutcome(person, outcome, IDENTIFICATION_ACTOR));
      if (outcome.kind === 'identified') stats.identified++;
      else if (outcome.kind === 'retry') stats.retried++;
      else stats.failed++;
      reasons.push(outcomeReason(outcome));
    }
    await writePlanned(trx, planned);
    await releasePersons(trx, unasked, releaseDelayMs);
    stats.released += unasked.length;
    await writeAudit(
      trx,
      planned.flatMap((p) => (p.audit ? [p.audit] : [])),
    );
    // Imports in id order: two sweeps never wait for each other's import locks crosswise.
    for (const importId of [...imports].sort((a, b) => a - b)) {
      await notifyImportIfSettled(trx, importId, deps.publicUrl);
    }
    return reasons;
  });
}

/** The metrics label of an outcome: the error list's reason codes, OK when identified. */
function outcomeReason(outcome: Outcome): string {
  if (outcome.kind === 'identified') return 'OK';
  if (outcome.kind === 'mismatch') return 'NIMET_EIVAT_TASMAA';
  if (outcome.kind === 'retry') return 'VTJ_EI_VASTAA';
  return outcome.reason;
}

function stillClaimed(person: PersonRow, claim: ClaimedPerson): boolean {
  return person.identification_due_at?.getTime() === claim.leaseUntil.getTime() && person.hetu === claim.hetu;
}

/** Only unidentified-against-the-register, active persons with a hetu are identified. */
function needsIdentification(person: PersonRow): boolean {
  return person.hetu !== null && !person.identified_vtj && !person.passivated && person.master_id === null;
}
