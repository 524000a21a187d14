import type { FieldChange } from '../audit/index.ts';
import type { PersonRow } from '../db/index.ts';

/**
 * Person columns and their wire names. Audit records name changed fields by their wire names, the
 * names officials see on the person page (the audit trail shows them as they are).
 */
export const WIRE_NAMES = {
  hetu: 'hetu',
  first_names: 'etunimet',
  nickname: 'kutsumanimi',
  surname: 'sukunimi',
  former_surnames: 'entisetSukunimet',
  birth_date: 'syntymaaika',
  sex: 'sukupuoli',
  mother_tongue: 'aidinkieli',
  contact_language: 'asiointikieli',
  nationalities: 'kansalaisuus',
  home_municipality: 'kotikunta',
  protection_order: 'turvakielto',
  death_date: 'kuolinpaiva',
  identified: 'yksiloity',
  identified_vtj: 'yksiloityVTJ',
  identification_attempted: 'yksilointiYritetty',
  passivated: 'passivoitu',
  duplicate: 'duplicate',
} as const satisfies Partial<Record<keyof PersonRow, string>>;

export type AuditedColumn = keyof typeof WIRE_NAMES;

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return (a ?? null) === (b ?? null);
}

/** Before/after of every audited column the update changes, keyed by wire name. */
export function personChanges(
  before: Pick<PersonRow, AuditedColumn>,
  update: Partial<Pick<PersonRow, AuditedColumn>>,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const column of Object.keys(update) as AuditedColumn[]) {
    if (!(column in WIRE_NAMES)) continue;
    const after = update[column];
    if (after === undefined || same(before[column], after)) continue;
    changes[WIRE_NAMES[column]] = { before: before[column] ?? null, after };
  }
  return changes;
}
