/**
 * The input rules of SPEC §5, run in the browser too, so that the official sees a message at the
 * field before sending anything. The rules themselves are the server's own pure domain code.
 */
import { type HetuErrorReason, isValidIsoDate, parseHetu } from '../../src/domain/hetu.ts';
import { isValidKutsumanimi, isValidNameString } from '../../src/domain/names.ts';

export type ValidationKey =
  | 'required'
  | `hetu_${HetuErrorReason}`
  | 'names'
  | 'kutsumanimi'
  | 'date'
  | 'email'
  | 'nationality';

export function validateHetu(value: string): ValidationKey | null {
  if (value === '') return 'required';
  const parsed = parseHetu(value);
  return parsed.ok ? null : `hetu_${parsed.reason}`;
}

export function validateNames(value: string): ValidationKey | null {
  if (value === '') return 'required';
  return isValidNameString(value) ? null : 'names';
}

export function validateKutsumanimi(value: string, etunimet: string): ValidationKey | null {
  if (value === '') return 'required';
  return isValidKutsumanimi(value, etunimet) ? null : 'kutsumanimi';
}

export function validateDate(value: string | null | undefined): ValidationKey | null {
  if (!value) return 'required';
  return isValidIsoDate(value) ? null : 'date';
}

export function validateEmail(value: string): ValidationKey | null {
  if (value === '') return null;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : 'email';
}
