// The code lists (koodisto) of the reference registry, shipped as data: countries (maatjavaltiot2,
// ISO 3166 numeric), languages (kieli, ISO 639-1), municipalities (kunta, Statistics Finland) and
// sex (sukupuoli). Pure: loaded once at start, no I/O after that. Sources: docs/COMPATIBILITY.md.

import languages from '@cospired/i18n-iso-languages';
import languagesEn from '@cospired/i18n-iso-languages/langs/en.json' with { type: 'json' };
import languagesFi from '@cospired/i18n-iso-languages/langs/fi.json' with { type: 'json' };
import languagesSv from '@cospired/i18n-iso-languages/langs/sv.json' with { type: 'json' };
import countries from 'i18n-iso-countries';
import countriesEn from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import countriesFi from 'i18n-iso-countries/langs/fi.json' with { type: 'json' };
import countriesSv from 'i18n-iso-countries/langs/sv.json' with { type: 'json' };
import extra from './data/koodisto-extra.json' with { type: 'json' };
import municipalities from './data/municipalities.json' with { type: 'json' };

/** The code lists, by the reference's koodisto names. */
export const CODE_LIST_NAMES = ['maatjavaltiot2', 'kieli', 'kunta', 'sukupuoli'] as const;
export type CodeListName = (typeof CODE_LIST_NAMES)[number];

export interface CodeNames {
  fi: string;
  sv: string;
  en: string;
}

export interface Code {
  /** The code as the reference writes it: countries and municipalities three digits, languages upper case. */
  koodi: string;
  nimi: CodeNames;
  /** The last day of a code that is no longer given out (still valid in data, as in the reference). */
  voimassaLoppuPvm?: string;
}

/**
 * A code with its names as the reference answers it (`KoodiNimiReadDto`): the name keys are upper
 * case, and a code the list does not know has null names.
 */
export interface KoodiNimi {
  koodi: string;
  nimi: { FI: string | null; SV: string | null; EN: string | null };
}

export const FINLAND = '246';
export const UNKNOWN_COUNTRY = '999';

for (const locale of [countriesFi, countriesSv, countriesEn]) countries.registerLocale(locale);
for (const locale of [languagesFi, languagesSv, languagesEn]) languages.registerLocale(locale);

const byName = (a: Code, b: Code) => a.koodi.localeCompare(b.koodi);

function countryList(): Code[] {
  const list: Code[] = [];
  for (const [numeric, alpha2] of Object.entries(countries.getNumericCodes())) {
    // 983 is the package's user-assigned code for Kosovo; the reference's list has 997 (below).
    if (numeric === '983') continue;
    list.push({
      koodi: numeric,
      nimi: {
        fi: countries.getName(alpha2, 'fi') ?? alpha2,
        sv: countries.getName(alpha2, 'sv') ?? alpha2,
        en: countries.getName(alpha2, 'en') ?? alpha2,
      },
    });
  }
  for (const c of extra.countries as (CodeNames & { koodi: string; until?: string })[]) {
    list.push(withUntil({ koodi: c.koodi, nimi: { fi: c.fi, sv: c.sv, en: c.en } }, c.until));
  }
  return list.sort(byName);
}

function languageList(): Code[] {
  const list: Code[] = Object.keys(languages.getAlpha2Codes()).map((alpha2) => ({
    koodi: alpha2.toUpperCase(),
    nimi: {
      fi: languages.getName(alpha2, 'fi') ?? alpha2,
      sv: languages.getName(alpha2, 'sv') ?? alpha2,
      en: languages.getName(alpha2, 'en') ?? alpha2,
    },
  }));
  for (const c of extra.languages as (CodeNames & { koodi: string; until?: string })[]) {
    list.push(withUntil({ koodi: c.koodi, nimi: { fi: c.fi, sv: c.sv, en: c.en } }, c.until));
  }
  return list.sort(byName);
}

function withUntil(code: Code, until: string | undefined): Code {
  return until === undefined ? code : { ...code, voimassaLoppuPvm: until };
}

// Finnish municipality names are used as such in English.
const municipalityList = (): Code[] =>
  municipalities.municipalities.map((m) => ({ koodi: m.koodi, nimi: { fi: m.fi, sv: m.sv, en: m.fi } }));

const sexList = (): Code[] => [
  { koodi: '1', nimi: { fi: 'mies', sv: 'man', en: 'male' } },
  { koodi: '2', nimi: { fi: 'nainen', sv: 'kvinna', en: 'female' } },
];

const LISTS: Record<CodeListName, { codes: readonly Code[]; index: Map<string, Code> }> = Object.fromEntries(
  (
    [
      ['maatjavaltiot2', countryList()],
      ['kieli', languageList()],
      ['kunta', municipalityList()],
      ['sukupuoli', sexList()],
    ] as const
  ).map(([name, codes]) => [
    name,
    { codes: Object.freeze(codes), index: new Map(codes.map((c) => [c.koodi, c])) },
  ]),
) as never;

export function isCodeListName(name: string): name is CodeListName {
  return (CODE_LIST_NAMES as readonly string[]).includes(name);
}

/** Every code of a list, in code order. */
export function codeList(name: CodeListName): readonly Code[] {
  return LISTS[name].codes;
}

/** The list's own spelling of a code: languages in any case (onr accepts `fi` as well as `FI`). */
function canonical(name: CodeListName, code: string): string {
  return name === 'kieli' ? code.trim().toUpperCase() : code.trim();
}

/** The code, if the list has it. */
export function findCode(name: CodeListName, code: string): Code | undefined {
  return LISTS[name].index.get(canonical(name, code));
}

export function isValidCode(name: CodeListName, code: string): boolean {
  return findCode(name, code) !== undefined;
}

/**
 * The reference's `{koodi, nimi: {FI, SV, EN}}` of a code. Languages are stored in lower case (as
 * the reference stores them) and answered in upper case (as its koodisto spells them).
 */
export function koodiNimi(name: CodeListName, code: string): KoodiNimi {
  const found = findCode(name, code);
  if (!found) return { koodi: canonical(name, code), nimi: { FI: null, SV: null, EN: null } };
  return { koodi: found.koodi, nimi: { FI: found.nimi.fi, SV: found.nimi.sv, EN: found.nimi.en } };
}
