// The rules of a mass import's rows (SPEC §7a, §8), as the reference checks them. Pure: no I/O.
// By default a broken row refuses the whole request (400 naming every broken row); in the opt-in
// row-error mode it becomes a row error in the results and the other rows are processed.

import { FINLAND, isValidCode, UNKNOWN_COUNTRY } from '../codes/index.ts';
import type { ImportApi } from '../db/index.ts';
import {
  type HetuInfo,
  isValidIsoDate,
  isValidNameString,
  looksLikeTestName,
  parseHetu,
} from '../domain/index.ts';
import type { FieldError } from '../errors.ts';

/** A code as the reference sends it (`{koodi}`), or as a plain string. */
export type WireCode = string | { koodi: string };

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
    sukupuoli?: WireCode | null;
    aidinkieli?: WireCode | null;
    kansalaisuus?: WireCode[] | null;
  };
}

/** A row as the rules see it: the received values, codes taken out of their objects. */
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

const codeOf = (code: WireCode | null | undefined): string | null =>
  code === null || code === undefined ? null : typeof code === 'string' ? code : code.koodi;

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
    sex: rich ? codeOf(h.sukupuoli) : null,
    motherTongue: rich ? codeOf(h.aidinkieli) : null,
    nationalities: rich ? (h.kansalaisuus?.map(codeOf).map((c) => c ?? '') ?? null) : null,
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
  /** Lower case, as the reference stores it. */
  motherTongue: string | null;
  nationalities: string[];
  /** Names that look like test data (production reports them, SPEC §11). */
  testName: boolean;
}

export interface RowError {
  rowNo: number;
  /** Wire path of the field within the row, e.g. "henkilo.hetu". */
  field: string;
  message: string;
  rejectedValue?: unknown;
  /** A test hetu refused in production: goes to the test-data report too. */
  testHetu?: boolean;
}

export type RowCheck = { ok: true; row: ValidRow } | { ok: false; error: RowError; errors: RowError[] };

export { FINLAND };
// Deliberately loose: the address is an identifier to match on, not a mailbox we write to.
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Tabs, line breaks and other control characters are no part of any name or identifier (and the
// person insert's tab-separated values rely on it).
export const CONTROL = /\p{Cc}/u;

const blank = (s: string | null): boolean => s === null || s.trim() === '';

export interface RowRules {
  api: ImportApi;
  /** Production refuses test hetus and reports test-looking names. */
  production: boolean;
  /** false: do not look for test-looking names (the request-level check: they are reported when processed). */
  testNames?: boolean;
}

/**
 * Checks one row; every broken rule is an error (the first one is the row's error in row-error
 * mode). The reference's rules: a `/yleistunniste` row is a lookup body with a `tunniste`; an
 * `/oppija` row needs an identifier, names and nationalities, and codes from the code lists. The
 * kutsumanimi rule of single lookups does not apply to import rows (SPEC §7a).
 */
export function checkRow(row: StoredRow, rules: RowRules): RowCheck {
  const errors: RowError[] = [];
  const fail = (field: string, message: string, rejectedValue?: unknown, testHetu?: boolean) => {
    errors.push({
      rowNo: row.rowNo,
      field,
      message,
      ...(rejectedValue !== undefined ? { rejectedValue } : {}),
      ...(testHetu ? { testHetu } : {}),
    });
  };
  const rich = rules.api === 'oppija';

  if (!rich && blank(row.tunniste)) fail('tunniste', 'is required');
  // A NUL is the one character the database cannot store (the tunniste is echoed in the results).
  if (row.tunniste?.includes('\u0000')) fail('tunniste', 'must not contain NUL characters');
  if (rich && [row.oid, row.hetu, row.passportNumber, row.email].every(blank)) {
    fail('henkilo', 'at least one of oid, hetu, passinumero or sahkoposti is required');
  }
  if (!rich && blank(row.hetu)) fail('henkilo.hetu', 'is required');

  let hetu: HetuInfo | null = null;
  if (!blank(row.hetu)) {
    const parsed = parseHetu(row.hetu as string);
    // The hetu is not echoed back: error bodies may end up in logs.
    if (!parsed.ok) fail('henkilo.hetu', parsed.message);
    else if (parsed.value.test && rules.production) {
      fail(
        'henkilo.hetu',
        'test hetus (individual number 900–999) are not accepted in production',
        undefined,
        true,
      );
    } else hetu = parsed.value;
  }
  // The reference's @Size(min = 1): an identifier given as an empty string is an error, not absent.
  if (rich) {
    for (const [field, value] of [
      ['henkilo.oid', row.oid],
      ['henkilo.passinumero', row.passportNumber],
      ['henkilo.sahkoposti', row.email],
    ] as const) {
      if (value === '') fail(field, 'must not be empty');
    }
  }
  // An OID is looked up as given: one that is ill-formed or matches nobody falls through to the
  // other identifiers, as in the reference.
  const oid = blank(row.oid) ? null : (row.oid as string).trim();
  if (oid !== null && CONTROL.test(oid)) fail('henkilo.oid', 'must not contain control characters');

  const passportNumber = blank(row.passportNumber)
    ? null
    : (row.passportNumber as string).replace(/\s+/g, '').toUpperCase();
  if (passportNumber !== null && CONTROL.test(passportNumber)) {
    fail('henkilo.passinumero', 'must not contain control characters');
  }
  const email = blank(row.email) ? null : (row.email as string).trim().toLowerCase();
  if (email !== null && (email.length > 254 || !EMAIL.test(email) || CONTROL.test(email))) {
    fail('henkilo.sahkoposti', 'is not an e-mail address', CONTROL.test(email) ? undefined : row.email);
  }

  checkNames(row, rich, fail);

  const nationalities = [...new Set((row.nationalities ?? []).map((c) => c.trim()))];
  if (rich) {
    if (nationalities.length === 0) fail('henkilo.kansalaisuus', 'must not be empty');
    const unknown = nationalities.filter((c) => !isValidCode('maatjavaltiot2', c));
    if (unknown.length > 0) {
      fail(
        'henkilo.kansalaisuus',
        `unknown country codes (code list maatjavaltiot2, ISO 3166 numeric): ${unknown.join(', ')}`,
        unknown.join(','),
      );
    }
    if (nationalities.includes(FINLAND) && blank(row.hetu)) {
      fail('henkilo.hetu', 'a Finnish citizen (kansalaisuus 246) must have a hetu');
    }
  }
  if (!blank(row.birthDate) && !isValidIsoDate((row.birthDate as string).trim())) {
    fail('henkilo.syntymaaika', 'must be an existing date, YYYY-MM-DD', row.birthDate);
  }
  const sex = blank(row.sex) ? null : (row.sex as string).trim();
  if (sex !== null && !isValidCode('sukupuoli', sex)) {
    fail('henkilo.sukupuoli', 'must be "1" (male) or "2" (female) (code list sukupuoli)', row.sex);
  }
  const motherTongue = blank(row.motherTongue) ? null : (row.motherTongue as string).trim().toLowerCase();
  if (motherTongue !== null && !isValidCode('kieli', motherTongue)) {
    fail(
      'henkilo.aidinkieli',
      'unknown language code (code list kieli, ISO 639-1, e.g. FI, SV, EN)',
      row.motherTongue,
    );
  }

  if (errors.length > 0) return { ok: false, error: errors[0]!, errors };
  const firstNames = (row.firstNames as string).trim();
  const surname = (row.surname as string).trim();
  const nickname = (row.nickname as string).trim();
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
      sex: hetu?.sex ?? (sex as '1' | '2' | null),
      motherTongue,
      // The reference gives the persons a yleistunniste import creates the nationality "unknown".
      nationalities: rich ? nationalities : [UNKNOWN_COUNTRY],
      testName:
        rules.production &&
        rules.testNames !== false &&
        looksLikeTestName({ etunimet: firstNames, sukunimi: surname, kutsumanimi: nickname }),
    },
  };
}

/**
 * Names: required in both APIs. `/yleistunniste` rows follow the lookup's word rule (SPEC §7a: runs
 * of visible characters separated by single spaces, domain/names.ts); the reference checks
 * `/oppija` row names for presence only, and so do we (control characters aside).
 */
function checkNames(
  row: StoredRow,
  rich: boolean,
  fail: (field: string, message: string, rejectedValue?: unknown) => void,
): void {
  const words = 'must be words separated by single spaces, without leading or trailing space';
  const fields = [
    ['henkilo.etunimet', row.firstNames],
    ['henkilo.kutsumanimi', row.nickname],
    ['henkilo.sukunimi', row.surname],
  ] as const;
  for (const [field, value] of fields) {
    if (blank(value)) fail(field, 'is required');
    else if (CONTROL.test(value as string)) fail(field, 'must not contain control characters');
    else if (!rich && !isValidNameString(value as string)) fail(field, words, value);
  }
}

/**
 * What even the row-error mode refuses: a `tunniste` the database cannot store (a NUL byte) would
 * fail its row's result, and with it the import, however often it is retried.
 */
export function unstorableTunnisteErrors(rows: WireRow[]): FieldError[] {
  const errors: FieldError[] = [];
  rows.forEach((row, index) => {
    if (
      errors.length < MAX_FIELD_ERRORS &&
      typeof row.tunniste === 'string' &&
      row.tunniste.includes('\u0000')
    ) {
      errors.push({ field: `henkilot[${index}].tunniste`, message: 'must not contain NUL characters' });
    }
  });
  return errors;
}

/** At most this many field errors in a 400 (a 100 000-row request may break every row). */
export const MAX_FIELD_ERRORS = 1000;

/**
 * The request-level check of PUT /yleistunniste and PUT /oppija: every broken rule of every row, as
 * field errors named like the reference's (`henkilot[3].henkilo.hetu`), and the refused test hetus
 * (production) for the test-data report.
 */
export function checkRequestRows(
  api: ImportApi,
  rows: WireRow[],
  rules: RowRules,
): { fieldErrors: FieldError[]; errorRows: number; testHetus: StoredRow[] } {
  const fieldErrors: FieldError[] = [];
  const testHetus: StoredRow[] = [];
  let errorRows = 0;
  rows.forEach((wire, index) => {
    const stored = toStoredRow(api, wire, index);
    const check = checkRow(stored, { ...rules, testNames: false });
    if (check.ok) return;
    errorRows += 1;
    if (check.errors.some((e) => e.testHetu)) testHetus.push(stored);
    for (const e of check.errors) {
      if (fieldErrors.length >= MAX_FIELD_ERRORS) break;
      fieldErrors.push({
        field: `henkilot[${index}].${e.field}`,
        message: e.message,
        ...(e.rejectedValue !== undefined && typeof e.rejectedValue !== 'object'
          ? { rejectedValue: e.rejectedValue }
          : {}),
      });
    }
  });
  return { fieldErrors, errorRows, testHetus };
}
