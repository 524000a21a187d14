import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  generateOid,
  isValidOid,
  OID_PREFIX,
  oidCheckDigit,
  oidNode,
  ROOT_ORGANISATION_OID,
} from '../../src/domain/oid.ts';

const tenDigits = fc
  .tuple(
    fc.integer({ min: 1, max: 9 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }),
  )
  .map(([first, rest]) => `${first}${rest.join('')}`);

describe('oidCheckDigit', () => {
  it('uses weights 7,3,1 from the rightmost digit for node 24', () => {
    // 1485709758 from the right: 8·7 + 5·3 + 7·1 + 9·7 + 0·3 + 7·1 + 5·7 + 8·3 + 4·1 + 1·7 = 218 → (10 − 8) % 10 = 2
    expect(oidCheckDigit('24', '1485709758')).toBe('2');
  });

  it('uses Luhn for every other node', () => {
    // The textbook Luhn example: 7992739871 → 3.
    expect(oidCheckDigit('98', '7992739871')).toBe('3');
    expect(oidCheckDigit('10', '7992739871')).toBe('3');
    expect(oidCheckDigit('98', '1000000000')).toBe('9');
  });
});

describe('isValidOid', () => {
  it('accepts the published production person OID', () => {
    expect(isValidOid('1.2.246.562.24.14857097582')).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    for (const check of '013456789') expect(isValidOid(`1.2.246.562.24.1485709758${check}`)).toBe(false);
  });

  it('accepts the root organisation OID as a special case', () => {
    expect(ROOT_ORGANISATION_OID).toBe('1.2.246.562.10.00000000001');
    expect(isValidOid(ROOT_ORGANISATION_OID)).toBe(true);
    expect(isValidOid('1.2.246.562.10.00000000002')).toBe(false);
    expect(isValidOid('1.2.246.562.24.00000000001')).toBe(false);
  });

  it('rejects a leading zero in the random part', () => {
    const digits = '0485709758';
    expect(isValidOid(`1.2.246.562.24.${digits}${oidCheckDigit('24', digits)}`)).toBe(false);
    expect(isValidOid(`1.2.246.562.98.${digits}${oidCheckDigit('98', digits)}`)).toBe(false);
  });

  it.each([
    '',
    '1.2.246.562.24.1485709758',
    '1.2.246.562.24.148570975822',
    '1.2.246.562.24.14857097582 ',
    ' 1.2.246.562.24.14857097582',
    '1.2.246.563.24.14857097582',
    '2.2.246.562.24.14857097582',
    '1.2.246.562..14857097582',
    '1.2.246.562.24',
    '1.2.246.562.24.',
    '1.2.246.562.24.1485709758a',
    '1.2.246.562.24.14857097582.1',
    '1.2.246.562.024.14857097582',
    '1,2,246,562,24,14857097582',
  ])('rejects malformed %j', (oid) => {
    expect(isValidOid(oid)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isValidOid(undefined as unknown as string)).toBe(false);
    expect(isValidOid(null as unknown as string)).toBe(false);
  });
});

describe('generateOid', () => {
  it('generates valid test person OIDs (node 98, Luhn)', () => {
    for (let i = 0; i < 200; i++) {
      const oid = generateOid('98');
      expect(oid).toMatch(/^1\.2\.246\.562\.98\.[1-9]\d{10}$/);
      expect(isValidOid(oid)).toBe(true);
    }
  });

  it('generates valid production person OIDs (node 24, 7-3-1)', () => {
    for (let i = 0; i < 200; i++) {
      const oid = generateOid('24');
      expect(oid).toMatch(/^1\.2\.246\.562\.24\.[1-9]\d{10}$/);
      expect(isValidOid(oid)).toBe(true);
    }
  });

  it('uses injected digits', () => {
    expect(generateOid('24', () => '1485709758')).toBe('1.2.246.562.24.14857097582');
    expect(generateOid('98', () => '7992739871')).toBe('1.2.246.562.98.79927398713');
  });

  it('refuses bad random digits and bad nodes', () => {
    expect(() => generateOid('24', () => '0485709758')).toThrow();
    expect(() => generateOid('24', () => '148570975')).toThrow();
    expect(() => generateOid('24', () => '14857097581')).toThrow();
    expect(() => generateOid('')).toThrow();
    expect(() => generateOid('2a')).toThrow();
  });

  it('does not repeat itself', () => {
    const oids = new Set(Array.from({ length: 1000 }, () => generateOid('98')));
    expect(oids.size).toBe(1000);
  });

  it('validates what it generates and catches any single changed digit (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('24', '98', '10'),
        tenDigits,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (node, digits, position, delta) => {
          const oid = generateOid(node, () => digits);
          expect(isValidOid(oid)).toBe(true);
          const body = `${digits}${oid.slice(-1)}`;
          const changed = `${body.slice(0, position)}${(Number(body[position]) + delta) % 10}${body.slice(position + 1)}`;
          if (changed.startsWith('0')) return;
          expect(isValidOid(`${OID_PREFIX}${node}.${changed}`)).toBe(false);
        },
      ),
    );
  });
});

describe('oidNode', () => {
  it('returns the node of an OID', () => {
    expect(oidNode('1.2.246.562.24.14857097582')).toBe('24');
    expect(oidNode('1.2.246.562.98.79927398713')).toBe('98');
    expect(oidNode(ROOT_ORGANISATION_OID)).toBe('10');
  });

  it('returns undefined for anything else', () => {
    expect(oidNode('')).toBeUndefined();
    expect(oidNode('1.2.246.563.24.14857097582')).toBeUndefined();
    expect(oidNode('1.2.246.562.24')).toBeUndefined();
    expect(oidNode('hello')).toBeUndefined();
  });
});
