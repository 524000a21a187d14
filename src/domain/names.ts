// Name normalisation, Jaro-Winkler similarity and the name-matching rule of SPEC §5.

export interface NameMatchThresholds {
  surname: number;
  firstNames: number;
}

export const DEFAULT_NAME_THRESHOLDS: NameMatchThresholds = Object.freeze({
  surname: 0.85,
  firstNames: 0.85,
});

export interface GivenNames {
  etunimet: string;
  sukunimi: string;
}

export interface KnownNames {
  etunimet: string;
  sukunimi: string;
  formerSurnames?: readonly string[];
}

// Letters that NFD does not decompose into base letter + combining mark.
const TRANSLITERATIONS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  ß: 'ss',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  œ: 'oe',
  ð: 'd',
  ı: 'i',
};
const TRANSLITERATE = new RegExp(`[${Object.keys(TRANSLITERATIONS).join('')}]`, 'g');

/**
 * Normalises a name for comparison: no accents (so Åsa = Asa, Jörgen = Jorgen), lower case, single spaces.
 * Spaces and hyphens are kept because they separate name tokens; other punctuation (apostrophes, dots) is
 * dropped so that O'Brien and OBrien compare equal.
 */
export function normaliseName(s: string): string {
  if (typeof s !== 'string') return '';
  return (
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      // Lower-casing first turns Ø Æ ẞ Đ Ł Þ Œ into the forms the table knows.
      .toLowerCase()
      .replace(TRANSLITERATE, (c) => TRANSLITERATIONS[c] ?? c)
      // Hyphen-like dashes typed by people or word processors count as hyphens.
      .replace(/[\u2010\u2011\u2012\u2013\u2014\u2212]/g, '-')
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

// Java's float arithmetic, so that scores equal Lucene's bit for bit and threshold decisions agree with it.
const f = Math.fround;

/**
 * Jaro-Winkler similarity exactly as Lucene's `JaroWinklerDistance.getDistance` (boost threshold 0.7,
 * prefix scale min(0.1, 1/longer length)); like Lucene it does not cap the common prefix at 4, which gives
 * the same scores as the textbook cap for strings of length ≤ 10. Two empty strings score 0, as in Lucene.
 * Compares UTF-16 code units, as Java does.
 */
export function jaroWinkler(a: string, b: string): number {
  const [max, min] = a.length > b.length ? [a, b] : [b, a];
  const range = Math.max(Math.floor(max.length / 2) - 1, 0);
  const matchIndexes = new Array<number>(min.length).fill(-1);
  const matchFlags = new Array<boolean>(max.length).fill(false);
  let matches = 0;
  for (let mi = 0; mi < min.length; mi++) {
    const c1 = min.charCodeAt(mi);
    for (let xi = Math.max(mi - range, 0), xn = Math.min(mi + range + 1, max.length); xi < xn; xi++) {
      if (!matchFlags[xi] && c1 === max.charCodeAt(xi)) {
        matchIndexes[mi] = xi;
        matchFlags[xi] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  const ms1: number[] = [];
  const ms2: number[] = [];
  for (let i = 0; i < min.length; i++) if (matchIndexes[i] !== -1) ms1.push(min.charCodeAt(i));
  for (let i = 0; i < max.length; i++) if (matchFlags[i]) ms2.push(max.charCodeAt(i));
  let halfTranspositions = 0;
  for (let i = 0; i < ms1.length; i++) if (ms1[i] !== ms2[i]) halfTranspositions++;
  const transpositions = Math.floor(halfTranspositions / 2);

  let prefix = 0;
  for (let i = 0; i < min.length; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) prefix++;
    else break;
  }

  const m = f(matches);
  const j = f(f(f(f(m / a.length) + f(m / b.length)) + f(f(m - transpositions) / m)) / 3);
  if (j < f(0.7)) return j;
  const scale = Math.min(f(0.1), f(1 / max.length));
  return f(j + f(f(scale * prefix) * f(1 - j)));
}

/**
 * Tokens of a first-names string, normalised: each space-separated name, and for hyphenated names also
 * their parts, so that "Liisa" matches "Anna-Liisa".
 */
export function nameTokens(etunimet: string): string[] {
  const tokens = new Set<string>();
  for (const token of normaliseName(etunimet).split(' ')) {
    if (token === '') continue;
    tokens.add(token);
    if (token.includes('-')) {
      for (const part of token.split('-')) if (part !== '') tokens.add(part);
    }
  }
  return [...tokens];
}

function surnameMatches(given: string, expected: readonly string[], threshold: number): boolean {
  const g = normaliseName(given);
  if (g === '') return false;
  return expected.some((surname) => {
    const e = normaliseName(surname);
    return e !== '' && jaroWinkler(g, e) >= threshold;
  });
}

function firstNamesMatch(given: string, expected: string, threshold: number): boolean {
  const g = normaliseName(given);
  const e = normaliseName(expected);
  if (g === '' || e === '') return false;
  if (e.includes(g)) return true;
  const expectedTokens = nameTokens(e);
  return nameTokens(g).some((gt) => expectedTokens.some((et) => jaroWinkler(gt, et) >= threshold));
}

/** SPEC §5: does the name a caller gave match the name the registry (or population register) knows? */
export function namesMatch(
  given: GivenNames,
  expected: KnownNames,
  thresholds: NameMatchThresholds = DEFAULT_NAME_THRESHOLDS,
): boolean {
  const surnames = [expected.sukunimi, ...(expected.formerSurnames ?? [])];
  const straight =
    surnameMatches(given.sukunimi, surnames, thresholds.surname) &&
    firstNamesMatch(given.etunimet, expected.etunimet, thresholds.firstNames);
  if (straight) return true;
  // Forms and files often get the order of the name fields wrong; the reference system accepts that too.
  return (
    surnameMatches(given.etunimet, surnames, thresholds.surname) &&
    firstNamesMatch(given.sukunimi, expected.etunimet, thresholds.firstNames)
  );
}

// The reference's name rule (SPEC §7a): `(?U)^\p{Graph}+( \p{Graph}+)*+$`. Java's \p{Graph} under
// UNICODE_CHARACTER_CLASS is every code point that is not white space, a control, a surrogate or
// unassigned: letters of any script, digits, punctuation and symbols ("X Æ A-12", "St.John",
// "O'Brien"). Words are separated by exactly one ASCII space. A NUL or a tab is never part of a name.
const GRAPH = String.raw`[^\p{White_Space}\p{Cc}\p{Cs}\p{Cn}]`;
const NAME_STRING = new RegExp(`^${GRAPH}+(?: ${GRAPH}+)*$`, 'u');
const NAME_TOKEN = new RegExp(`^${GRAPH}+$`, 'u');

/** The reference stores names in varchar(255) columns; longer ones it cannot store either. */
export const MAX_NAME_LENGTH = 255;

/** First names or a surname: words of visible characters separated by single spaces. */
export function isValidNameString(s: string): boolean {
  return typeof s === 'string' && s.length > 0 && s.length <= MAX_NAME_LENGTH && NAME_STRING.test(s);
}

const caseFold = (s: string): string => s.normalize('NFC').toLowerCase();

/**
 * The kutsumanimi rule of single lookups (the reference's HenkiloExistenceCheckDto): one word of
 * visible characters that equals, case-insensitively, one of the first names or a hyphen part of one.
 */
export function isValidKutsumanimi(kutsumanimi: string, etunimet: string): boolean {
  if (typeof kutsumanimi !== 'string' || typeof etunimet !== 'string') return false;
  if (kutsumanimi.length > MAX_NAME_LENGTH || !NAME_TOKEN.test(kutsumanimi)) return false;
  const wanted = caseFold(kutsumanimi);
  return etunimet
    .split(' ')
    .filter((name) => name !== '')
    .some((name) => caseFold(name) === wanted || name.split('-').some((part) => caseFold(part) === wanted));
}

/** Runs of consecutive words: "a b c" → a, b, c, "a b", "b c", "a b c". */
function consecutiveRuns(words: readonly string[]): Set<string> {
  const runs = new Set<string>();
  for (let start = 0; start < words.length; start++) {
    for (let end = start + 1; end <= words.length; end++) runs.add(words.slice(start, end).join(' '));
  }
  return runs;
}

/**
 * The kutsumanimi rule of the reference's person creation (its KutsumanimiValidator, used by POST
 * /henkilo and POST /oppija): the first names themselves, or any run of consecutive first names,
 * split at spaces or also at hyphens, case-insensitively — "Anna Liisa" and "Liisa Milla" are
 * nicknames of "Anna-Liisa Milla", "Anna Milla" is not.
 */
export function isValidCreatedKutsumanimi(kutsumanimi: string, etunimet: string): boolean {
  if (typeof kutsumanimi !== 'string' || typeof etunimet !== 'string') return false;
  if (kutsumanimi === etunimet) return true;
  const names = caseFold(etunimet);
  const wanted = caseFold(kutsumanimi);
  const bySpace = names.split(' ').map((w) => w.trim());
  const bySpaceAndHyphen = names.split(/[ -]/).map((w) => w.trim());
  return consecutiveRuns(bySpace).has(wanted) || consecutiveRuns(bySpaceAndHyphen).has(wanted);
}
