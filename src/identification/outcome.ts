// The identification rules of SPEC §9, pure: what a register answer means for a person, when to try
// again, and which of the person's fields the register's data overwrites.

import type { IdentificationError, PersonRow } from '../db/index.ts';
import { type NameMatchThresholds, namesMatch, parseHetu } from '../domain/index.ts';
import type { PopulationLookup, PopulationRecord } from './population-register.ts';

/** What asking the register gave, as the worker saw it. */
export type LookupResult =
  | { kind: 'answer'; answer: PopulationLookup }
  /** Timeout, error status, open circuit: try again later (PopulationRegisterUnavailableError). */
  | { kind: 'unavailable' }
  /** Not sent: a test hetu in production, or not a hetu (the worker's guard or the adapter's HetuRefusedError). */
  | { kind: 'refused' };

/** The reasons that end identification until an official acts. */
export type FinalError = Exclude<IdentificationError, 'VTJ_EI_VASTAA'>;

export type Outcome =
  | { kind: 'identified'; record: PopulationRecord }
  /** Names differ: the register's data is kept for the officials' comparison. */
  | { kind: 'mismatch'; record: PopulationRecord }
  | { kind: 'failed'; reason: FinalError; activeHetu?: string }
  | { kind: 'retry' };

/**
 * May this hetu be sent to the register at all? Never a test hetu in production (SPEC §2): the real
 * register must not see them, and they cannot be real persons. The HTTP adapter refuses them too;
 * this is the first of the two guards.
 */
export function mayLookUp(hetu: string, production: boolean): boolean {
  const parsed = parseHetu(hetu);
  return parsed.ok && !(production && parsed.value.test);
}

/** SPEC §9: the outcome of one lookup for a person with these names. */
export function decideOutcome(
  person: Pick<PersonRow, 'first_names' | 'surname'>,
  result: LookupResult,
  thresholds: NameMatchThresholds,
): Outcome {
  if (result.kind === 'unavailable') return { kind: 'retry' };
  if (result.kind === 'refused') return { kind: 'failed', reason: 'HETU_EI_OIKEA' };
  const answer = result.answer;
  if (answer.kind === 'not_found') return { kind: 'failed', reason: 'HETU_EI_VTJ' };
  if (answer.kind === 'passivated') {
    // Not switched to the active hetu automatically: an official decides (docs/IDENTIFICATION.md).
    return answer.activeHetu
      ? { kind: 'failed', reason: 'HETU_PASSIVOITU', activeHetu: answer.activeHetu }
      : { kind: 'failed', reason: 'HETU_PASSIVOITU' };
  }
  const record = answer.person;
  const given = { etunimet: person.first_names, sukunimi: person.surname };
  const known = {
    etunimet: record.etunimet,
    sukunimi: record.sukunimi,
    formerSurnames: record.formerSurnames,
  };
  return namesMatch(given, known, thresholds) ? { kind: 'identified', record } : { kind: 'mismatch', record };
}

const MINUTE_MS = 60_000;
/** The longest wait between two tries: "at most monthly" (SPEC §9). */
export const MAX_RETRY_DELAY_MS = 30 * 24 * 60 * MINUTE_MS;

/**
 * Wait before the next try after a transient failure: n^5 + 10 minutes, n = attempts so far (this
 * failed one included), at most a month. 11 min, 42 min, 4.2 h, 17 h, 2.2 d, 5.4 d, 11.7 d, 22.8 d,
 * then monthly. The register being down says nothing about the person, so it never gives up.
 */
export function retryDelayMs(attempts: number): number {
  const n = Math.max(1, attempts);
  return Math.min(MAX_RETRY_DELAY_MS, (n ** 5 + 10) * MINUTE_MS);
}

/** The columns the register's data sets (SPEC §9), as an update of the person. */
export interface RegisterFields {
  first_names: string;
  nickname: string | null;
  surname: string;
  former_surnames: string[];
  sex: '1' | '2';
  birth_date: string;
  mother_tongue: string | null;
  nationalities: string[];
  home_municipality: string | null;
  protection_order: boolean;
  death_date: string | null;
}

/**
 * The register's data over the person's. The register is the authority: its names, sex, birth date,
 * home municipality, protection order and death date replace ours, also where it has none (no death
 * date = alive, no municipality = none known). Where the register is merely silent — no mother tongue,
 * no nationality, no name in everyday use — the registry keeps what it had, as long as that still fits
 * (a kutsumanimi must be one of the new first names).
 */
export function registerFields(
  person: Pick<PersonRow, 'nickname' | 'mother_tongue' | 'nationalities'>,
  record: PopulationRecord,
): RegisterFields {
  return {
    first_names: record.etunimet,
    nickname: record.kutsumanimi ?? keptNickname(person.nickname, record.etunimet),
    surname: record.sukunimi,
    former_surnames: [...record.formerSurnames],
    sex: record.sukupuoli,
    birth_date: record.syntymaaika,
    mother_tongue: record.aidinkieli ?? person.mother_tongue,
    nationalities: record.kansalaisuudet.length > 0 ? [...record.kansalaisuudet] : person.nationalities,
    home_municipality: record.kotikunta ?? null,
    protection_order: record.turvakielto,
    death_date: record.kuolinpaiva ?? null,
  };
}

function keptNickname(nickname: string | null, firstNames: string): string | null {
  const names = firstNames.split(' ').flatMap((n) => [n, ...n.split('-')]);
  const fold = (s: string) => s.normalize('NFC').toLowerCase();
  if (nickname && names.some((n) => fold(n) === fold(nickname))) return nickname;
  return firstNames.split(' ')[0] ?? null;
}
