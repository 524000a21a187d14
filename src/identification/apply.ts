import { sql } from 'kysely';
import type { AuditActor, AuditEntry } from '../audit/index.ts';
import type { Db, IdentificationError, PersonRow } from '../db/index.ts';
import { personChanges } from '../persons/index.ts';
import { type Outcome, type RegisterFields, registerFields, retryDelayMs } from './outcome.ts';
import type { PopulationRecord } from './population-register.ts';

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

/** The register's columns as the person has them (birth date and sex may be unknown before). */
type WrittenFields = Omit<RegisterFields, 'sex' | 'birth_date'> & {
  sex: '1' | '2' | null;
  birth_date: string | null;
};

/** A person's row after an outcome: every column the outcome may set, written in one batch. */
interface PersonWrite extends WrittenFields {
  id: number;
  identified_vtj: boolean;
  identification_attempted: boolean;
  identification_attempts: number;
  identification_error: IdentificationError | null;
  /** Seconds to the next try (a transient failure); null takes the person off the queue. */
  retry_in_s: number | null;
  /** The error happened now (its time is recorded). */
  error_now: boolean;
  /** A visible change: modified_at and modified_by move (the change feeds show it). */
  touch: boolean;
  modified_by: string | null;
}

type SnapshotWrite =
  | { personId: number; keep: { hetu: string; record?: PopulationRecord; activeHetu?: string } }
  | { personId: number; drop: true }
  | undefined;

export interface PlannedOutcome {
  write: PersonWrite;
  snapshot: SnapshotWrite;
  /** None for a transient failure: nothing about the person changed. */
  audit?: AuditEntry;
}

function unchangedFields(person: PersonRow): WrittenFields {
  return {
    first_names: person.first_names,
    nickname: person.nickname,
    surname: person.surname,
    former_surnames: person.former_surnames,
    sex: person.sex,
    birth_date: person.birth_date,
    mother_tongue: person.mother_tongue,
    nationalities: person.nationalities,
    home_municipality: person.home_municipality,
    protection_order: person.protection_order,
    death_date: person.death_date,
  };
}

/**
 * What an outcome does to a (locked) person, SPEC §9: a match makes it identified against the
 * register with the register's data (and drops any snapshot); final failures set yksilointiYritetty
 * and put it on the error list, a mismatch keeping the register's data for the officials'
 * comparison and a passivated hetu the active one the register named; a transient failure only
 * schedules the next try (n^5 + 10 minutes).
 */
export function planOutcome(
  person: PersonRow,
  outcome: Outcome,
  actor: AuditActor,
  details: Record<string, unknown> = { method: 'population-register' },
): PlannedOutcome {
  const attempts = person.identification_attempts + 1;
  const base = {
    id: person.id,
    ...unchangedFields(person),
    identified_vtj: person.identified_vtj,
    identification_attempted: person.identification_attempted,
    identification_attempts: attempts,
    modified_by: modifiedBy(actor),
  };
  const audit = (changes: Partial<PersonRow>, result: string): AuditEntry => ({
    operation: 'PERSON_IDENTIFY',
    actor,
    targetOids: [person.oid],
    changes: personChanges(person, changes),
    details: { ...details, result },
  });
  if (outcome.kind === 'retry') {
    const write = {
      ...base,
      identification_error: 'VTJ_EI_VASTAA' as const,
      retry_in_s: retryDelayMs(attempts) / 1000,
    };
    return { write: { ...write, error_now: true, touch: false }, snapshot: undefined };
  }
  if (outcome.kind === 'identified') {
    const fields = registerFields(person, outcome.record);
    const flags = { identified_vtj: true, identification_attempted: true };
    return {
      write: {
        ...base,
        ...fields,
        ...flags,
        identification_error: null,
        retry_in_s: null,
        error_now: false,
        touch: true,
      },
      snapshot: { personId: person.id, drop: true },
      audit: audit({ ...fields, ...flags }, 'identified'),
    };
  }
  const reason = outcome.kind === 'mismatch' ? 'NIMET_EIVAT_TASMAA' : outcome.reason;
  const hetu = person.hetu as string;
  const snapshot: SnapshotWrite =
    outcome.kind === 'mismatch'
      ? { personId: person.id, keep: { hetu, record: outcome.record } }
      : outcome.activeHetu
        ? { personId: person.id, keep: { hetu, activeHetu: outcome.activeHetu } }
        : { personId: person.id, drop: true };
  return {
    write: {
      ...base,
      identification_attempted: true,
      identification_error: reason,
      retry_in_s: null,
      error_now: true,
      touch: true,
    },
    snapshot,
    audit: audit({ identification_attempted: true }, reason),
  };
}

/** Writes planned outcomes: one update of the persons, one of the snapshots, whatever the batch size. */
export async function writeOutcomes(db: Db, planned: PlannedOutcome[]): Promise<void> {
  if (planned.length === 0) return;
  await sql`
    update persons p set
      first_names = v.first_names, nickname = v.nickname, surname = v.surname,
      former_surnames = v.former_surnames, sex = v.sex, birth_date = v.birth_date,
      mother_tongue = v.mother_tongue, nationalities = v.nationalities,
      home_municipality = v.home_municipality, protection_order = v.protection_order,
      death_date = v.death_date, identified_vtj = v.identified_vtj,
      identification_attempted = v.identification_attempted,
      identification_attempts = v.identification_attempts,
      identification_error = v.identification_error,
      identification_error_at = case when v.error_now then now() when v.identification_error is null then null
        else p.identification_error_at end,
      identification_due_at = case when v.retry_in_s is null then null
        else now() + make_interval(secs => v.retry_in_s) end,
      modified_at = case when v.touch then now() else p.modified_at end,
      modified_by = case when v.touch then v.modified_by else p.modified_by end
    from jsonb_to_recordset(${JSON.stringify(planned.map((p) => p.write))}::jsonb) as v(
      id int8, first_names text, nickname text, surname text, former_surnames text[], sex text,
      birth_date date, mother_tongue text, nationalities text[], home_municipality text,
      protection_order boolean, death_date date, identified_vtj boolean, identification_attempted boolean,
      identification_attempts int4, identification_error text, retry_in_s float8, error_now boolean,
      touch boolean, modified_by text)
    where p.id = v.id`.execute(db);
  const drop: number[] = [];
  const keep: {
    person_id: number;
    hetu: string;
    record: PopulationRecord | null;
    active_hetu: string | null;
  }[] = [];
  for (const { snapshot } of planned) {
    if (!snapshot) continue;
    if ('drop' in snapshot) drop.push(snapshot.personId);
    else {
      const { hetu, record, activeHetu } = snapshot.keep;
      keep.push({
        person_id: snapshot.personId,
        hetu,
        record: record ?? null,
        active_hetu: activeHetu ?? null,
      });
    }
  }
  if (drop.length > 0) {
    await sql`delete from register_snapshots where person_id = any(${drop}::int8[])`.execute(db);
  }
  if (keep.length > 0) {
    await sql`
      insert into register_snapshots (person_id, hetu, record, active_hetu)
      select person_id, hetu, record, active_hetu
      from jsonb_to_recordset(${JSON.stringify(keep)}::jsonb) as s(person_id int8, hetu text, record jsonb, active_hetu text)
      on conflict (person_id) do update set hetu = excluded.hetu, record = excluded.record,
        active_hetu = excluded.active_hetu, fetched_at = now()`.execute(db);
  }
}

/**
 * Makes the (locked) person identified against the population register with the register's data.
 * For an official accepting the register's data; the worker plans its matches in batches.
 */
export async function identifyFromRegister(
  db: Db,
  person: PersonRow,
  record: PopulationRecord,
  actor: AuditActor,
  details: Record<string, unknown>,
): Promise<AuditEntry> {
  const planned = planOutcome(person, { kind: 'identified', record }, actor, details);
  // Accepting earlier data is no new attempt at the register.
  planned.write.identification_attempts = person.identification_attempts;
  await writeOutcomes(db, [planned]);
  return planned.audit!;
}
