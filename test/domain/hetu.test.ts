import { describe, expect, it } from 'vitest';
import {
  CENTURY_SIGNS,
  type HetuErrorReason,
  hetuChecksum,
  isTestHetu,
  isValidHetu,
  isValidIsoDate,
  makeHetu,
  maskHetu,
  parseHetu,
  type Sex,
} from '../../src/domain/hetu.ts';

// Check characters computed as "0123456789ABCDEFHJKLMNPRSTUVWXY"[DDMMYYZZZ % 31] with an independent script;
// the first two also by hand: 010866926 = 31 × 350546 (remainder 0 → "0"),
// 131052308 = 31 × 4227493 + 25 (→ "T").
const VALID: readonly [hetu: string, birthDate: string, sex: Sex, test: boolean][] = [
  ['010866-9260', '1966-08-01', '2', true],
  ['131052-308T', '1952-10-13', '2', false],
  ['311299+0029', '1899-12-31', '2', false],
  ['010100+999N', '1800-01-01', '1', true],
  ['290204+9267', '1804-02-29', '2', true],
  ['150378Y9019', '1978-03-15', '1', true],
  ['290284X123Y', '1984-02-29', '1', false],
  ['300491W9025', '1991-04-30', '2', true],
  ['280265V555B', '1965-02-28', '1', false],
  ['070707U9409', '1907-07-07', '2', true],
  ['010100A904L', '2000-01-01', '2', true],
  ['290200A919Y', '2000-02-29', '1', true],
  ['310110B003F', '2010-01-31', '1', false],
  ['121212C998P', '2012-12-12', '2', true],
  ['290224D961H', '2024-02-29', '1', true],
  ['310523E9000', '2023-05-31', '2', true],
  ['010605F251V', '2005-06-01', '1', false],
  ['290296-9336', '1996-02-29', '1', true],
  ['010101-002S', '1901-01-01', '2', false],
  ['311299-999E', '1999-12-31', '1', true],
];

const INVALID: readonly [input: string, reason: HetuErrorReason, why: string][] = [
  ['010866-9261', 'checksum', 'wrong check character'],
  ['131052-308U', 'checksum', 'wrong check character'],
  ['300266-926V', 'date', '30 February'],
  ['290223A9264', 'date', '29 February 2023 (not a leap year)'],
  ['290200-9266', 'date', '29 February 1900 (1900 is not a leap year)'],
  ['290200+9266', 'date', '29 February 1800 (not a leap year)'],
  ['310490-926A', 'date', '31 April'],
  ['000190-926W', 'date', 'day 0'],
  ['011390-9267', 'date', 'month 13'],
  ['320190-926J', 'date', 'day 32'],
  ['010866-0004', 'individual_number', '000 is never issued'],
  ['010866-0015', 'individual_number', '001 is never issued'],
  ['010866Z9260', 'century', 'unknown century sign Z'],
  ['010866a9260', 'century', 'lower-case century sign'],
  ['010866G9260', 'century', 'G is not a century sign'],
  ['010866*9260', 'century', 'punctuation as century sign'],
  ['131052-308t', 'format', 'lower-case check character'],
  ['010866-926', 'format', '10 characters'],
  ['010866-92600', 'format', '12 characters'],
  ['', 'format', 'empty'],
  [' 010866-926', 'format', 'leading space'],
  ['010866-9260 ', 'format', 'trailing space'],
  ['010866 9260', 'century', 'space as century sign'],
  ['01O866-9260', 'format', 'letter O for a zero'],
  ['010866-92A0', 'format', 'letter in the individual number'],
  ['010866-926-', 'format', 'punctuation as check character'],
  ['０１０８６６-9260', 'format', 'full-width digits'],
];

describe('parseHetu', () => {
  it.each(VALID)('accepts %s (born %s, sex %s, test %s)', (hetu, birthDate, sex, test) => {
    expect(parseHetu(hetu)).toEqual({ ok: true, value: { hetu, birthDate, sex, test } });
    expect(isValidHetu(hetu)).toBe(true);
    expect(isTestHetu(hetu)).toBe(test);
  });

  it.each(INVALID)('rejects %s as %s (%s)', (input, reason) => {
    const result = parseHetu(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message).toMatch(/^[A-Z].+\.$/);
      // Error messages end up in responses and logs; they never repeat the input.
      if (input.trim() !== '') expect(result.message).not.toContain(input.trim());
    }
    expect(isValidHetu(input)).toBe(false);
    expect(isTestHetu(input)).toBe(false);
  });

  it('covers every century sign with a valid hetu in the table', () => {
    const signs = new Set(VALID.map(([hetu]) => hetu.charAt(6)));
    expect([...signs].sort()).toEqual(Object.keys(CENTURY_SIGNS).sort());
    expect(Object.keys(CENTURY_SIGNS)).toHaveLength(13);
  });

  it('maps century signs to centuries', () => {
    expect(CENTURY_SIGNS['+']).toBe(1800);
    for (const sign of ['-', 'Y', 'X', 'W', 'V', 'U']) expect(CENTURY_SIGNS[sign]).toBe(1900);
    for (const sign of ['A', 'B', 'C', 'D', 'E', 'F']) expect(CENTURY_SIGNS[sign]).toBe(2000);
  });

  it('treats 900 as the first and 899 as the last non-test individual number', () => {
    expect(isTestHetu(makeHetu('1966-08-01', 900))).toBe(true);
    expect(isTestHetu(makeHetu('1966-08-01', 899))).toBe(false);
    expect(isValidHetu(makeHetu('1966-08-01', 899))).toBe(true);
  });

  it('rejects non-strings without throwing', () => {
    expect(isValidHetu(undefined as unknown as string)).toBe(false);
    expect(isValidHetu(12345678901 as unknown as string)).toBe(false);
  });
});

describe('hetuChecksum', () => {
  it('computes the published example check characters', () => {
    expect(hetuChecksum('010866', '926')).toBe('0');
    expect(hetuChecksum('131052', '308')).toBe('T');
  });

  it('throws on malformed input', () => {
    expect(() => hetuChecksum('01086', '926')).toThrow();
    expect(() => hetuChecksum('010866', '92')).toThrow();
  });
});

describe('makeHetu', () => {
  it('picks the first sign of the century by default', () => {
    expect(makeHetu('1966-08-01', 926)).toBe('010866-9260');
    expect(makeHetu('1899-12-31', 2)).toBe('311299+0029');
    expect(makeHetu('2000-02-29', 919)).toBe('290200A919Y');
  });

  it('uses a given century sign', () => {
    expect(makeHetu('1978-03-15', 901, 'Y')).toBe('150378Y9019');
    expect(makeHetu('2023-05-31', 900, 'E')).toBe('310523E9000');
  });

  it('round-trips through parseHetu for every sign', () => {
    for (const [sign, century] of Object.entries(CENTURY_SIGNS)) {
      const birthDate = `${century + 48}-02-29`;
      const hetu = makeHetu(birthDate, 947, sign);
      expect(parseHetu(hetu)).toEqual({ ok: true, value: { hetu, birthDate, sex: '1', test: true } });
    }
  });

  it('throws on impossible input', () => {
    expect(() => makeHetu('1966-02-30', 926)).toThrow();
    expect(() => makeHetu('1900-02-29', 926)).toThrow();
    expect(() => makeHetu('1966-8-1', 926)).toThrow();
    expect(() => makeHetu('1799-12-31', 926)).toThrow();
    expect(() => makeHetu('2100-01-01', 926)).toThrow();
    expect(() => makeHetu('1966-08-01', 1)).toThrow();
    expect(() => makeHetu('1966-08-01', 0)).toThrow();
    expect(() => makeHetu('1966-08-01', 1000)).toThrow();
    expect(() => makeHetu('1966-08-01', 9.5)).toThrow();
    expect(() => makeHetu('1966-08-01', 926, 'A')).toThrow();
    expect(() => makeHetu('1966-08-01', 926, '+')).toThrow();
    expect(() => makeHetu('1966-08-01', 926, 'Z')).toThrow();
  });
});

describe('maskHetu', () => {
  it('keeps the birth date and century sign only', () => {
    expect(maskHetu('010866-9260')).toBe('010866-****');
    expect(maskHetu('290200A919Y')).toBe('290200A****');
    // Also an invalid but hetu-shaped code: the hidden part may be the only part that is wrong.
    expect(maskHetu('010866-9261')).toBe('010866-****');
  });

  it('masks anything else completely, capped at 11 characters', () => {
    expect(maskHetu('')).toBe('');
    expect(maskHetu('010866-926')).toBe('**********');
    expect(maskHetu('010866-92600')).toBe('***********');
    expect(maskHetu('a very long secret value')).toBe('***********');
    expect(maskHetu('secret-pass')).toBe('***********');
    expect(maskHetu('010866Z9260')).toBe('***********');
  });
});

describe('isValidIsoDate', () => {
  it('accepts real dates only', () => {
    expect(isValidIsoDate('2000-02-29')).toBe(true);
    expect(isValidIsoDate('1900-02-29')).toBe(false);
    expect(isValidIsoDate('2023-04-31')).toBe(false);
    expect(isValidIsoDate('2023-4-3')).toBe(false);
    expect(isValidIsoDate('2023-04-03T00:00')).toBe(false);
  });
});
