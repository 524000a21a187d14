// Per-row rules of a mass import (SPEC §7, §8). Pure: no I/O. A broken row becomes a row error
// with the field and the reason; it never fails the import.

import type { ImportApi } from '../db/tables.ts';
import { type HetuInfo, isValidIsoDate, parseHetu } from '../domain/hetu.ts';
import { isValidKutsumanimi, isValidNameString } from '../domain/names.ts';
import { isValidOid } from '../domain/oid.ts';
import { looksLikeTestName } from '../domain/test-data.ts';

/** A row as it arrived (wire names), both APIs. Absent and null are the same. */
export interface WireRow {
  tunniste?: string | null;
  henkilo: {
    oid?: string | null;
    hetu?: string | null;
    passinumero?: string | null;
    sahkoposti?: string | null;
    etunimet?: string | null;
    kutsumanimi?: string | null;
    sukunimi?: string | null;
    syntymaaika?: string | null;
    sukupuoli?: string | null;
    aidinkieli?: string | null;
    kansalaisuus?: string[] | null;
  };
}

/** A row as stored (import_rows): the received values, unchanged. */
export interface StoredRow {
  rowNo: number;
  tunniste: string | null;
  oid: string | null;
  hetu: string | null;
  passportNumber: string | null;
  email: string | null;
  firstNames: string | null;
  nickname: string | null;
  surname: string | null;
  birthDate: string | null;
  sex: string | null;
  motherTongue: string | null;
  nationalities: string[] | null;
}

export function toStoredRow(api: ImportApi, row: WireRow, rowNo: number): StoredRow {
  const h = row.henkilo;
  // The yleistunniste API knows only hetu and names; anything else in its rows is ignored.
  const rich = api === 'oppija';
  return {
    rowNo,
    tunniste: row.tunniste ?? null,
    oid: rich ? (h.oid ?? null) : null,
    hetu: h.hetu ?? null,
    passportNumber: rich ? (h.passinumero ?? null) : null,
    email: rich ? (h.sahkoposti ?? null) : null,
    firstNames: h.etunimet ?? null,
    nickname: h.kutsumanimi ?? null,
    surname: h.sukunimi ?? null,
    birthDate: rich ? (h.syntymaaika ?? null) : null,
    sex: rich ? (h.sukupuoli ?? null) : null,
    motherTongue: rich ? (h.aidinkieli ?? null) : null,
    nationalities: rich ? (h.kansalaisuus ?? null) : null,
  };
}

/** A row that passed the rules, with its identifiers normalised for matching. */
export interface ValidRow {
  rowNo: number;
  oid: string | null;
  hetu: HetuInfo | null;
  /** Upper case, without spaces. */
  passportNumber: string | null;
  /** Lower case. */
  email: string | null;
  firstNames: string;
  nickname: string;
  surname: string;
  birthDate: string | null;
  sex: '1' | '2' | null;
  motherTongue: string | null;
  nationalities: string[];
  /** Names that look like test data (production reports them, SPEC §11). */
  testName: boolean;
}

export interface RowError {
  rowNo: number;
  /** Wire path of the field, e.g. "henkilo.hetu". */
  field: string;
  message: string;
  /** A test hetu refused in production: goes to the test-data report too. */
  testHetu?: boolean;
}

export type RowCheck = { ok: true; row: ValidRow } | { ok: false; error: RowError };

export const FINLAND = '246';
const COUNTRY_CODE = /^\d{3}$/;
const LANGUAGE_CODE = /^[a-z]{2,3}$/;
// Deliberately loose: the address is an identifier to match on, not a mailbox we write to.
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PASSPORT = /^[\p{L}\p{N}-]{1,64}$/u;

const blank = (s: string | null): boolean => s === null || s.trim() === '';

export interface RowRules {
  api: ImportApi;
  /** Production refuses test hetus and reports test-looking names. */
  production: boolean;
}

/** Checks one stored row; the first broken rule is its error. */
export function checkRow(row: StoredRow, rules: RowRules): RowCheck {
  const fail = (field: string, message: string, testHetu?: boolean): RowCheck => ({
    ok: false,
    error: { rowNo: row.rowNo, field, message, ...(testHetu ? { testHetu } : {}) },
  });
  const rich = rules.api === 'oppija';

  if (rich && [row.oid, row.hetu, row.passportNumber, row.email].every(blank)) {
    return fail('henkilo', 'at least one of oid, hetu, passinumero or sahkoposti is required');
  }
  if (!rich && blank(row.hetu)) return fail('henkilo.hetu', 'is required');

  let hetu: HetuInfo | null = null;
  if (!blank(row.hetu)) {
    const parsed = parseHetu(row.hetu as string);
    if (!parsed.ok) return fail('henkilo.hetu', parsed.message);
    if (parsed.value.test && rules.production) {
      return fail(
        'henkilo.hetu',
        'test hetus (individual number 900–999) are not accepted in production',
        true,
      );
    }
    hetu = parsed.value;
  }
  const oid = blank(row.oid) ? null : (row.oid as string).trim();
  if (oid !== null && !isValidOid(oid)) return fail('henkilo.oid', 'is not a valid OID');

  const passportNumber = blank(row.passportNumber)
    ? null
    : (row.passportNumber as string).replace(/\s+/g, '').toUpperCase();
  if (passportNumber !== null && !PASSPORT.test(passportNumber)) {
    return fail('henkilo.passinumero', 'must be letters, digits and hyphens (at most 64)');
  }
  const email = blank(row.email) ? null : (row.email as string).trim().toLowerCase();
  if (email !== null && (email.length > 254 || !EMAIL.test(email))) {
    return fail('henkilo.sahkoposti', 'is not an e-mail address');
  }

  const names = checkNames(row);
  if (names) return fail(names.field, names.message);

  const nationalities = [...new Set((row.nationalities ?? []).map((c) => c.trim()))];
  if (nationalities.some((c) => !COUNTRY_CODE.test(c))) {
    return fail('henkilo.kansalaisuus', 'must be ISO 3166 numeric country codes (three digits, e.g. 246)');
  }
  if (nationalities.includes(FINLAND) && hetu === null) {
    return fail('henkilo.hetu', 'a Finnish citizen (kansalaisuus 246) must have a hetu');
  }
  if (!blank(row.birthDate) && !isValidIsoDate((row.birthDate as string).trim())) {
    return fail('henkilo.syntymaaika', 'must be an existing date, YYYY-MM-DD');
  }
  if (!blank(row.sex) && row.sex !== '1' && row.sex !== '2') {
    return fail('henkilo.sukupuoli', 'must be "1" (male) or "2" (female)');
  }
  const motherTongue = blank(row.motherTongue) ? null : (row.motherTongue as string).trim().toLowerCase();
  if (motherTongue !== null && !LANGUAGE_CODE.test(motherTongue)) {
    return fail('henkilo.aidinkieli', 'must be an ISO 639 language code (e.g. fi, sv, en)');
  }

  const firstNames = row.firstNames as string;
  const surname = row.surname as string;
  const nickname = row.nickname as string;
  return {
    ok: true,
    row: {
      rowNo: row.rowNo,
      oid,
      hetu,
      passportNumber,
      email,
      firstNames,
      nickname,
      surname,
      // A valid hetu says when the person was born and their sex; given values count only without one.
      birthDate: hetu?.birthDate ?? (blank(row.birthDate) ? null : (row.birthDate as string).trim()),
      sex: hetu?.sex ?? (blank(row.sex) ? null : (row.sex as '1' | '2')),
      motherTongue,
      nationalities,
      testName:
        rules.production &&
        looksLikeTestName({ etunimet: firstNames, sukunimi: surname, kutsumanimi: nickname }),
    },
  };
}

/** SPEC §5 input rules for names, as in the single lookup. */
function checkNames(row: StoredRow): { field: string; message: string } | undefined {
  const words = 'must be words separated by single spaces, without leading or trailing space';
  if (blank(row.firstNames)) return { field: 'henkilo.etunimet', message: 'is required' };
  if (!isValidNameString(row.firstNames as string)) return { field: 'henkilo.etunimet', message: words };
  if (blank(row.surname)) return { field: 'henkilo.sukunimi', message: 'is required' };
  if (!isValidNameString(row.surname as string)) return { field: 'henkilo.sukunimi', message: words };
  if (blank(row.nickname)) return { field: 'henkilo.kutsumanimi', message: 'is required' };
  if (!isValidKutsumanimi(row.nickname as string, row.firstNames as string)) {
    return {
      field: 'henkilo.kutsumanimi',
      message: 'must be one of the first names, or a hyphen part of one',
    };
  }
  return undefined;
}
