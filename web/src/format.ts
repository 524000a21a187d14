import { maskHetu } from '../../src/domain/hetu.ts';

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

/** ISO 3166 numeric → alpha-2, for the countries the forms offer; names come from Intl. */
export const COUNTRIES: Record<string, string> = {
  '246': 'FI',
  '752': 'SE',
  '578': 'NO',
  '208': 'DK',
  '352': 'IS',
  '233': 'EE',
  '428': 'LV',
  '440': 'LT',
  '643': 'RU',
  '804': 'UA',
  '112': 'BY',
  '616': 'PL',
  '276': 'DE',
  '250': 'FR',
  '826': 'GB',
  '724': 'ES',
  '380': 'IT',
  '528': 'NL',
  '840': 'US',
  '124': 'CA',
  '156': 'CN',
  '356': 'IN',
  '704': 'VN',
  '764': 'TH',
  '608': 'PH',
  '586': 'PK',
  '368': 'IQ',
  '4': 'AF',
  '364': 'IR',
  '760': 'SY',
  '706': 'SO',
  '231': 'ET',
  '566': 'NG',
  '792': 'TR',
};

export function countryName(code: string, language: string, unknownLabel: string): string {
  if (code === '999') return unknownLabel;
  const alpha2 = COUNTRIES[code];
  if (!alpha2) return code;
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(alpha2) ?? code;
  } catch {
    return code;
  }
}

/** Mother tongue and language of service: ISO 639-1 codes; names from Intl. */
export const LANGUAGE_CODES = [
  'fi',
  'sv',
  'en',
  'se',
  'ru',
  'et',
  'ar',
  'so',
  'fa',
  'zh',
  'de',
  'fr',
  'es',
  'uk',
];

export function languageName(code: string | null | undefined, language: string): string {
  if (!code) return '–';
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
