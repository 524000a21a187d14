// Input rules of the officials' person endpoints (docs/API-OFFICIALS.md). Pure: every broken field
// is named at once, as a 400 with field errors.

import {
  type HetuInfo,
  isValidIsoDate,
  isValidKutsumanimi,
  isValidNameString,
  parseHetu,
} from '../domain/index.ts';
import { type FieldError, Invalid } from '../errors.ts';

export const FINLAND = '246';
const COUNTRY_CODE = /^\d{3}$/;
const LANGUAGE_CODE = /^[a-z]{2,3}$/;
const CONTACT_LANGUAGES = ['fi', 'sv', 'en'];
// Deliberately loose: the address identifies the person, it is not a mailbox we write to.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PASSPORT = /^[\p{L}\p{N}-]{1,64}$/u;
const WORDS =
  'must be words of visible characters separated by single spaces, without leading or trailing space';

/** Collects field errors; `done()` throws them as one 400. */
export class FieldCheck {
  readonly errors: FieldError[] = [];

  fail(field: string, message: string, rejectedValue?: unknown): void {
    this.errors.push({ field, message, rejectedValue });
  }

  names(input: { etunimet?: string; sukunimi?: string }): void {
    for (const field of ['etunimet', 'sukunimi'] as const) {
      const value = input[field];
      if (value !== undefined && !isValidNameString(value)) this.fail(field, WORDS, value);
    }
  }

  kutsumanimi(kutsumanimi: string, etunimet: string): void {
    if (!isValidKutsumanimi(kutsumanimi, etunimet)) {
      this.fail('kutsumanimi', 'must be one of the first names, or a hyphen part of one', kutsumanimi);
    }
  }

  /** A birth date: an existing date, not in the future. */
  birthDate(value: string): void {
    if (!isValidIsoDate(value)) this.fail('syntymaaika', 'must be an existing date, YYYY-MM-DD', value);
    else if (value > new Date().toISOString().slice(0, 10))
      this.fail('syntymaaika', 'is in the future', value);
  }

  sex(value: string): void {
    if (value !== '1' && value !== '2') this.fail('sukupuoli', 'must be "1" (male) or "2" (female)', value);
  }

  motherTongue(value: string): string {
    const code = value.trim().toLowerCase();
    if (!LANGUAGE_CODE.test(code))
      this.fail('aidinkieli', 'must be an ISO 639 language code (fi, sv, en, …)', value);
    return code;
  }

  contactLanguage(value: string): void {
    if (!CONTACT_LANGUAGES.includes(value)) this.fail('asiointikieli', 'must be fi, sv or en', value);
  }

  nationalities(values: string[], options: { atLeastOne?: boolean; hasHetu: boolean }): string[] {
    const codes = [...new Set(values.map((c) => c.trim()))];
    if (codes.some((c) => !COUNTRY_CODE.test(c))) {
      this.fail('kansalaisuus', 'must be ISO 3166 numeric country codes (three digits, e.g. 246)', values);
    } else if (options.atLeastOne && codes.length === 0) {
      this.fail('kansalaisuus', 'at least one nationality is required', values);
    } else if (codes.includes(FINLAND) && !options.hasHetu) {
      this.fail('kansalaisuus', 'a Finnish citizen (246) must have a hetu', values);
    }
    return codes;
  }

  /** A hetu by the rules of SPEC §4; test hetus (900–999) are refused in production. */
  hetu(value: string, production: boolean): HetuInfo | undefined {
    const parsed = parseHetu(value);
    if (!parsed.ok) {
      this.fail('hetu', parsed.message, value);
      return undefined;
    }
    if (production && parsed.value.test) {
      this.fail('hetu', 'test hetus (individual number 900–999) are not accepted in production', value);
      return undefined;
    }
    return parsed.value;
  }

  passports(values: string[]): string[] {
    const normalised = [...new Set(values.map((p) => p.replace(/\s+/g, '').toUpperCase()))];
    if (normalised.some((p) => !PASSPORT.test(p))) {
      this.fail('passinumerot', 'must be letters, digits and hyphens (at most 64)', values);
    }
    return normalised;
  }

  emails(values: string[], field = 'sahkopostit'): string[] {
    const normalised = [...new Set(values.map((e) => e.trim().toLowerCase()))];
    if (normalised.some((e) => e.length > 254 || !EMAIL.test(e)))
      this.fail(field, 'must be e-mail addresses', values);
    return normalised;
  }

  done(): void {
    if (this.errors.length > 0) {
      throw new Invalid(`invalid ${[...new Set(this.errors.map((e) => e.field))].join(', ')}`, this.errors);
    }
  }
}
