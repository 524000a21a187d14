import type { PersonRow } from '../db/index.ts';

export type IdentificationState = 'OK' | 'HETU_PUUTTUU' | 'KESKEN' | 'VIRHE';

export function isIdentified(p: Pick<PersonRow, 'identified' | 'identified_vtj'>): boolean {
  return p.identified || p.identified_vtj;
}

/**
 * The learner number is derived, never stored: the person's own OID once identified, null before.
 * A linked duplicate reports its master's number.
 */
export function oppijanumeroOf(
  person: Pick<PersonRow, 'oid' | 'identified' | 'identified_vtj' | 'master_id'>,
  master?: Pick<PersonRow, 'oid' | 'identified' | 'identified_vtj'>,
): string | null {
  if (person.master_id !== null && master) return isIdentified(master) ? master.oid : null;
  return isIdentified(person) ? person.oid : null;
}

export function identificationState(
  p: Pick<PersonRow, 'hetu' | 'identified' | 'identified_vtj' | 'identification_attempted'>,
): IdentificationState {
  if (isIdentified(p)) return 'OK';
  if (!p.hetu) return 'HETU_PUUTTUU';
  return p.identification_attempted ? 'VIRHE' : 'KESKEN';
}
