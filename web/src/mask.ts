import { maskHetu } from '../../src/domain/hetu.ts';

// A hetu anywhere in a text: six digits, a century sign, three digits and a check character.
const HETU_IN_TEXT = /\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b/g;

/** Masks every hetu in a text shown in lists (import rows, messages). */
export function maskHetusIn(text: string): string {
  return text.replace(HETU_IN_TEXT, (hetu) => maskHetu(hetu));
}
