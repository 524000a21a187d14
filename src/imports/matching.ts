// Resolving a batch of import rows to persons (SPEC §8). Pure: the database lookups come in as
// maps, the plan goes out; processor.ts does the I/O around it.

import type { KnownNames, NameMatchThresholds } from '../domain/index.ts';
import { namesMatch } from '../domain/index.ts';
import type { RowError, ValidRow } from './validation.ts';

/** A registered person that a row's identifier points to. */
export interface Candidate {
  id: number;
  oid: string;
  firstNames: string;
  surname: string;
  formerSurnames: string[];
}

/** The registry's answers for a batch's identifiers, one map per identifier kind. */
export interface KeyHits {
  oid: Map<string, Candidate>;
  /** Current hetus. */
  hetu: Map<string, Candidate>;
  /** Every hetu a person has had (the current one included). */
  hetuHistory: Map<string, Candidate>;
  passport: Map<string, Candidate>;
  email: Map<string, Candidate>;
}

export function emptyKeyHits(): KeyHits {
  return { oid: new Map(), hetu: new Map(), hetuHistory: new Map(), passport: new Map(), email: new Map() };
}

/** A person the batch creates: the data of the first row that needs it. */
export interface NewPersonPlan {
  row: ValidRow;
  /** Filled in by the processor (random, unique by the database). */
  oid?: string;
}

export type RowPlan =
  | { kind: 'error'; error: RowError }
  | { kind: 'existing'; rowNo: number; person: Candidate; conflict: boolean }
  /** `creates`: this row is the one that creates the person; later rows for it only match it. */
  | { kind: 'new'; rowNo: number; person: number; creates: boolean; conflict: boolean };

export interface BatchPlan {
  /** In row order, one per row. */
  rows: RowPlan[];
  newPersons: NewPersonPlan[];
}

/** The identifiers a batch needs looked up. */
export function batchKeys(rows: ValidRow[]): {
  oids: string[];
  hetus: string[];
  passports: string[];
  emails: string[];
} {
  const oids = new Set<string>();
  const hetus = new Set<string>();
  const passports = new Set<string>();
  const emails = new Set<string>();
  for (const row of rows) {
    if (row.oid) oids.add(row.oid);
    if (row.hetu) hetus.add(row.hetu.hetu);
    if (row.passportNumber) passports.add(row.passportNumber);
    if (row.email) emails.add(row.email);
  }
  return { oids: [...oids], hetus: [...hetus], passports: [...passports], emails: [...emails] };
}

const known = (c: Candidate): KnownNames => ({
  etunimet: c.firstNames,
  sukunimi: c.surname,
  formerSurnames: c.formerSurnames,
});

const givenNames = (row: ValidRow) => ({ etunimet: row.firstNames, sukunimi: row.surname });

/**
 * Resolves the rows in order. Per row the first hit wins: OID → hetu (current, then history) →
 * passport number → e-mail; an OID that matches nobody is no hit, and the next identifier decides
 * (as in the reference). A hit is a registered person, or a person an earlier row of the batch
 * is about to create — so rows of one import that point to the same person resolve to one person.
 * (Earlier batches of the import are committed by then and found in the registry.)
 */
export function planBatch(
  rows: ReadonlyArray<{ ok: true; row: ValidRow } | { ok: false; error: RowError }>,
  hits: KeyHits,
  thresholds: NameMatchThresholds,
): BatchPlan {
  const plan: BatchPlan = { rows: [], newPersons: [] };
  const planned = {
    hetu: new Map<string, number>(),
    passport: new Map<string, number>(),
    email: new Map<string, number>(),
  };

  for (const checked of rows) {
    if (!checked.ok) {
      plan.rows.push({ kind: 'error', error: checked.error });
      continue;
    }
    const row = checked.row;
    const hetu = row.hetu?.hetu;
    const existing =
      (row.oid !== null ? hits.oid.get(row.oid) : undefined) ??
      (hetu !== undefined ? (hits.hetu.get(hetu) ?? hits.hetuHistory.get(hetu)) : undefined);
    const found =
      existing ??
      (hetu !== undefined && planned.hetu.has(hetu) ? { planned: planned.hetu.get(hetu)! } : undefined) ??
      (row.passportNumber !== null
        ? (hits.passport.get(row.passportNumber) ?? plannedRef(planned.passport, row.passportNumber))
        : undefined) ??
      (row.email !== null ? (hits.email.get(row.email) ?? plannedRef(planned.email, row.email)) : undefined);

    if (found === undefined) {
      const index = plan.newPersons.push({ row }) - 1;
      if (hetu !== undefined) planned.hetu.set(hetu, index);
      if (row.passportNumber !== null) planned.passport.set(row.passportNumber, index);
      if (row.email !== null) planned.email.set(row.email, index);
      plan.rows.push({ kind: 'new', rowNo: row.rowNo, person: index, creates: true, conflict: false });
    } else if ('planned' in found) {
      const first = plan.newPersons[found.planned]!.row;
      const conflict = !namesMatch(
        givenNames(row),
        { etunimet: first.firstNames, sukunimi: first.surname },
        thresholds,
      );
      plan.rows.push({ kind: 'new', rowNo: row.rowNo, person: found.planned, creates: false, conflict });
    } else {
      const conflict = !namesMatch(givenNames(row), known(found), thresholds);
      plan.rows.push({ kind: 'existing', rowNo: row.rowNo, person: found, conflict });
    }
  }
  return plan;
}

function plannedRef(map: Map<string, number>, key: string): { planned: number } | undefined {
  const index = map.get(key);
  return index === undefined ? undefined : { planned: index };
}
