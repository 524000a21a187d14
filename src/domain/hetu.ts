// Finnish personal identity code (henkilötunnus, "hetu"): DDMMYYCZZZQ.

export type Sex = '1' | '2';

export interface HetuInfo {
  hetu: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  /** Individual number 900–999: an artificial hetu that no real person has. */
  test: boolean;
}

export type HetuErrorReason = 'format' | 'century' | 'date' | 'individual_number' | 'checksum';

export type HetuParseResult =
  | { ok: true; value: HetuInfo }
  | { ok: false; reason: HetuErrorReason; message: string };

export const CENTURY_SIGNS: Record<string, number> = Object.freeze({
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
});

const CHECKSUM_ALPHABET = '0123456789ABCDEFHJKLMNPRSTUVWXY';

// Only the shape is checked here; the century sign and checksum get their own, more specific reasons.
const HETU_SHAPE = /^(\d{2})(\d{2})(\d{2})(.)(\d{3})([0-9A-Z])$/;

const fail = (reason: HetuErrorReason, message: string): HetuParseResult => ({ ok: false, reason, message });

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for an existing calendar date written strictly as YYYY-MM-DD (years 0001–9999). */
export function isValidIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The check character for the nine digits DDMMYY + ZZZ. */
export function hetuChecksum(ddmmyy: string, individual: string): string {
  if (!/^\d{6}$/.test(ddmmyy) || !/^\d{3}$/.test(individual)) {
    throw new Error('hetuChecksum needs six date digits and three individual-number digits');
  }
  // Nine digits stay far below 2^53, so plain number arithmetic is exact.
  return CHECKSUM_ALPHABET.charAt(Number(ddmmyy + individual) % 31);
}

export function parseHetu(input: string): HetuParseResult {
  // Messages never quote the input: they end up in logs and API responses.
  if (typeof input !== 'string' || input.length !== 11) {
    return fail('format', 'A personal identity code has exactly 11 characters (DDMMYYCZZZQ).');
  }
  const m = HETU_SHAPE.exec(input);
  if (!m) {
    return fail(
      'format',
      'A personal identity code is six digits, a century sign, three digits and an upper-case check character.',
    );
  }
  const [, dd, mm, yy, sign, zzz, check] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const century = CENTURY_SIGNS[sign];
  if (century === undefined) {
    return fail(
      'century',
      'Unknown century sign: use + (1800s), - Y X W V U (1900s) or A B C D E F (2000s).',
    );
  }
  const year = century + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  // Stricter than the reference system, which clamps 30 February to a real day.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('date', 'The birth date in the personal identity code does not exist.');
  }
  const individual = Number(zzz);
  if (individual < 2) {
    return fail('individual_number', 'Individual numbers 000 and 001 are never issued.');
  }
  if (hetuChecksum(dd + mm + yy, zzz) !== check) {
    return fail('checksum', 'The check character of the personal identity code is wrong.');
  }
  return {
    ok: true,
    value: {
      hetu: input,
      birthDate: `${String(year).padStart(4, '0')}-${mm}-${dd}`,
      sex: individual % 2 === 1 ? '1' : '2',
      test: individual >= 900,
    },
  };
}

export function isValidHetu(input: string): boolean {
  return parseHetu(input).ok;
}

export function isTestHetu(input: string): boolean {
  const result = parseHetu(input);
  return result.ok && result.value.test;
}

const FIRST_SIGN_OF_CENTURY: Record<number, string> = { 1800: '+', 1900: '-', 2000: 'A' };

/** Builds a valid hetu; throws when the date, individual number or century sign is impossible. */
export function makeHetu(birthDate: string, individualNumber: number, centurySign?: string): string {
  if (!isValidIsoDate(birthDate)) throw new Error(`Not a real date (YYYY-MM-DD): ${birthDate}`);
  const [yyyy, mm, dd] = birthDate.split('-') as [string, string, string];
  const year = Number(yyyy);
  const century = year - (year % 100);
  const sign = centurySign ?? FIRST_SIGN_OF_CENTURY[century];
  if (sign === undefined) throw new Error(`A hetu can only encode years 1800–2099, not ${year}`);
  if (!Object.hasOwn(CENTURY_SIGNS, sign) || CENTURY_SIGNS[sign] !== century) {
    throw new Error(`Century sign ${JSON.stringify(sign)} does not denote the century of ${year}`);
  }
  if (!Number.isInteger(individualNumber) || individualNumber < 2 || individualNumber > 999) {
    throw new Error(`Individual number must be an integer 2–999, not ${individualNumber}`);
  }
  const ddmmyy = dd + mm + yyyy.slice(2);
  const zzz = String(individualNumber).padStart(3, '0');
  return `${ddmmyy}${sign}${zzz}${hetuChecksum(ddmmyy, zzz)}`;
}

/**
 * Masks a hetu for logs. The birth date and century sign are kept because they help support staff and are
 * not identifying on their own; the individual number and check character are hidden. Anything that does
 * not look like a hetu is masked entirely so that no input (maybe a mistyped hetu) reaches the logs.
 */
export function maskHetu(input: string): string {
  if (typeof input !== 'string') return '***********';
  if (
    input.length === 11 &&
    /^\d{6}$/.test(input.slice(0, 6)) &&
    Object.hasOwn(CENTURY_SIGNS, input.charAt(6))
  ) {
    return `${input.slice(0, 7)}****`;
  }
  return '*'.repeat(Math.min(input.length, 11));
}
