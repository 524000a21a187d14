import { maskHetu } from '../../src/domain/hetu.ts';
import { type Code, codeName } from './codes.ts';

export { maskHetu };

/** Dates and times in the UI's language; ISO strings from the API. */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return '–';
  // 'YYYY-MM-DD' is a calendar date: format it without a time-zone shift.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'short' }).format(date);
}

function locale(language: string): string {
  return language === 'sv' ? 'sv-FI' : language === 'en' ? 'en-GB' : 'fi-FI';
}

/** A country's name from the code list (maatjavaltiot2, ISO 3166 numeric); the code until it is loaded. */
export function countryName(
  code: string,
  language: string,
  unknownLabel: string,
  countries: Code[] | undefined,
): string {
  if (code === '999') return unknownLabel;
  return codeName(countries, code, language) ?? code;
}

/** A language's name from the code list (kieli, ISO 639-1 in any case); Intl's until it is loaded. */
export function languageName(
  code: string | null | undefined,
  language: string,
  languages: Code[] | undefined,
): string {
  if (!code) return '–';
  const listed = codeName(languages, code, language);
  if (listed) return listed;
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(code.toLowerCase()) ?? code;
  } catch {
    return code;
  }
}

/** A municipality's name from the code list (kunta, Statistics Finland's code); the code until loaded. */
export function municipalityName(
  code: string | null | undefined,
  language: string,
  municipalities: Code[] | undefined,
): string {
  if (!code) return '–';
  return codeName(municipalities, code, language) ?? code;
}
