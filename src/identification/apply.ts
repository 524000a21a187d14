import { sql } from 'kysely';
import type { AuditActor, AuditEntry } from '../audit/index.ts';
import type { Db } from '../db/database.ts';
import type { PersonRow } from '../db/tables.ts';
import { personChanges } from '../persons/index.ts';
import { type Outcome, registerFields, retryDelayMs } from './outcome.ts';
import type { PopulationRecord } from './population-register.ts';
import { deleteSnapshot, type PersonChange, saveSnapshot, updatePerson } from './repository.ts';

/** Who the worker's changes are by, in the audit log and in modified_by. */
export const IDENTIFICATION_ACTOR: AuditActor = {
  oid: null,
  kind: 'system',
  name: 'onr identification',
  organisations: [],
};

/** Who changed the person: the actor's OID, or the system's name. */
export function modifiedBy(actor: AuditActor): string | null {
  return actor.oid ?? actor.name;
}

/**
 * Makes the person identified against the population register with the register's data (SPEC §9),
 * and drops the snapshot (the person's data is the register's now). Used by the worker on a match and
 * by an official accepting the register's data. The person must be locked by the caller.
 */
export async function identifyFromRegister(
  db: Db,
  person: PersonRow,
  record: PopulationRecord,
  actor: AuditActor,
  details: Record<string, unknown>,
): Promise<AuditEntry> {
  const fields = registerFields(person, record);
  const flags = { identified_vtj: true, identification_attempted: true };
  await updatePerson(db, person.id, {
    ...fields,
    ...flags,
    ...settled(person),
    identification_error: null,
    identification_error_at: null,
    modified_at: sql<Date>`now()`,
    modified_by: modifiedBy(actor),
  });
  await deleteSnapshot(db, person.id);
  return {
    operation: 'PERSON_IDENTIFY',
    actor,
    targetOids: [person.oid],
    changes: personChanges(person, { ...fields, ...flags }),
    details: { ...details, result: 'identified' },
  };
}

/** No longer queued; the attempt counted. */
function settled(person: PersonRow): PersonChange {
  return { identification_due_at: null, identification_attempts: person.identification_attempts + 1 };
}

/**
 * Writes the worker's outcome for a locked person. Final failures set yksilointiYritetty and put the
 * person on the error list; a mismatch keeps the register's data for the officials' comparison, a
 * passivated hetu the active one the register named. A transient failure only schedules the next try.
 * Returns the audit entry (none for a transient failure: nothing about the person changed).
 */
export async function applyOutcome(
  db: Db,
  person: PersonRow,
  outcome: Outcome,
  actor: AuditActor,
): Promise<AuditEntry | undefined> {
  const details = { method: 'population-register' };
  if (outcome.kind === 'identified') return identifyFromRegister(db, person, outcome.record, actor, details);
  if (outcome.kind === 'retry') {
    const attempts = person.identification_attempts + 1;
    await updatePerson(db, person.id, {
      identification_attempts: attempts,
      identification_due_at: sql<Date>`now() + make_interval(secs => ${retryDelayMs(attempts) / 1000})`,
      identification_error: 'VTJ_EI_VASTAA',
      identification_error_at: sql<Date>`now()`,
    });
    return undefined;
  }
  const reason = outcome.kind === 'mismatch' ? 'NIMET_EIVAT_TASMAA' : outcome.reason;
  if (outcome.kind === 'mismatch') {
    await saveSnapshot(db, person.id, { hetu: person.hetu!, record: outcome.record });
  } else if (outcome.activeHetu) {
    await saveSnapshot(db, person.id, { hetu: person.hetu!, activeHetu: outcome.activeHetu });
  } else {
    await deleteSnapshot(db, person.id);
  }
  await updatePerson(db, person.id, {
    ...settled(person),
    identification_attempted: true,
    identification_error: reason,
    identification_error_at: sql<Date>`now()`,
    modified_at: sql<Date>`now()`,
    modified_by: modifiedBy(actor),
  });
  return {
    operation: 'PERSON_IDENTIFY',
    actor,
    targetOids: [person.oid],
    changes: personChanges(person, { identification_attempted: true }),
    details: { ...details, result: reason },
  };
}
