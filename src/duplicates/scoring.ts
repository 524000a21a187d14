/**
 * Scoring of duplicate candidates (SPEC §10): pure functions, no I/O. Each field of two persons is
 * compared on its own and the outcome is kept as evidence (`perusteet`), so that an official sees
 * why two persons look alike; the score is a weighted mean of the field agreements. See
 * docs/DUPLICATES.md for the reasoning behind the weights and thresholds.
 */
import { jaroWinkler, normaliseName } from '../domain/index.ts';

/** The facts of a person that are compared. Everything but the names may be unknown. */
export interface ComparedPerson {
  etunimet: string;
  sukunimi: string;
  entisetSukunimet?: readonly string[];
  /** 'YYYY-MM-DD' */
  syntymaaika?: string | null;
  sukupuoli?: string | null;
  kansalaisuus?: readonly string[];
  /** The current hetu and every earlier one. */
  hetut?: readonly string[];
}

export type Field = 'etunimet' | 'sukunimi' | 'syntymaaika' | 'sukupuoli' | 'kansalaisuus' | 'hetu';
export type Outcome = 'sama' | 'samankaltainen' | 'eri' | 'puuttuu';

/** The qualifiers of an outcome, for a UI that explains it in its own language. */
export const DETAILS = [
  'NIMET_RISTIIN',
  'ENTINEN_SUKUNIMI',
  'OSA_NIMISTA',
  'PAIVA_JA_KUUKAUSI_VAIHTUNEET',
  'PAIVIA_EROA',
  'YKSI_NUMERO_ERI',
  'AIEMPI_HETU',
  'HETU_KIRJOITUSVIRHE',
] as const;
export type Detail = (typeof DETAILS)[number];

export interface Evidence {
  kentta: Field;
  tulos: Outcome;
  /** 0–1 where the field has a degree of similarity. */
  samankaltaisuus?: number;
  tarkenne?: Detail;
  /** English, with the compared values (never a hetu): for people reading the API. */
  selitys: string;
}

export interface Score {
  pisteet: number;
  perusteet: Evidence[];
}

export interface DuplicateThresholds {
  /** Candidates scoring below are not shown. */
  minScore: number;
  /** A name at or above this Jaro-Winkler similarity is similar (SPEC §5's 0.85). */
  nameSimilarity: number;
  /** Birth dates at most this many days apart are similar (and searched). */
  birthDateWindowDays: number;
  /** Blocking: trigram similarity of the whole name for persons born on the same (or swapped) date. */
  blockingSimilarity: number;
  /** Blocking: the same for persons born within the window, which must be closer by name. */
  blockingWindowSimilarity: number;
  /** At most this many candidates are scored (best by trigram similarity first) … */
  maxBlocked: number;
  /** … and at most this many shown. */
  maxCandidates: number;
}

export const DEFAULT_DUPLICATE_THRESHOLDS: DuplicateThresholds = Object.freeze({
  minScore: 0.7,
  nameSimilarity: 0.85,
  birthDateWindowDays: 7,
  blockingSimilarity: 0.3,
  blockingWindowSimilarity: 0.5,
  maxBlocked: 100,
  maxCandidates: 20,
});

/**
 * Weights of the field agreements. First names weigh more than the surname: surnames change
 * (marriage) and twins share one. Sex and nationality only tip the balance. The hetu is not
 * weighed: a shared hetu settles it, different hetus scale the score down.
 */
export const WEIGHTS: Record<Exclude<Field, 'hetu'>, number> = {
  etunimet: 0.35,
  sukunimi: 0.25,
  syntymaaika: 0.3,
  sukupuoli: 0.05,
  kansalaisuus: 0.05,
};
/** An unknown field counts half: neither for nor against. */
const UNKNOWN_AGREEMENT = 0.5;
/** Two different hetus, neither a typo of the other: most likely two persons. */
export const DIFFERENT_HETU_FACTOR = 0.7;
/** A hetu that one person has (or had) and the other has: the same person, whatever the names say. */
export const SHARED_HETU_FLOOR = 0.95;

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** Name tokens for comparing first names: split on spaces and hyphens ("Anna-Liisa" = Anna + Liisa). */
function firstNameParts(etunimet: string): string[] {
  return normaliseName(etunimet)
    .split(/[\s-]+/)
    .filter((t) => t !== '');
}

/**
 * First names: the mean, over the names of the person with fewer, of each name's best
 * Jaro-Winkler similarity to the other's names. "Matti" against "Matti Juhani" is 1: one school
 * often records only the first name.
 */
export function firstNamesSimilarity(a: string, b: string): number {
  const pa = firstNameParts(a);
  const pb = firstNameParts(b);
  if (pa.length === 0 || pb.length === 0) return 0;
  const [fewer, more] = pa.length <= pb.length ? [pa, pb] : [pb, pa];
  let sum = 0;
  for (const name of fewer) sum += Math.max(...more.map((other) => jaroWinkler(name, other)));
  return sum / fewer.length;
}

function nameOutcome(similarity: number, equal: boolean, t: DuplicateThresholds): Outcome {
  if (equal) return 'sama';
  return similarity >= t.nameSimilarity ? 'samankaltainen' : 'eri';
}

interface NameComparison {
  first: number;
  surname: number;
  firstEqual: boolean;
  surnameEqual: boolean;
  formerSurname: boolean;
}

function compareNames(
  aFirst: string,
  aSurnames: readonly string[],
  bFirst: string,
  bSurnames: readonly string[],
): NameComparison {
  const first = firstNamesSimilarity(aFirst, bFirst);
  let surname = 0;
  let surnameEqual = false;
  let formerSurname = false;
  aSurnames.forEach((sa, i) => {
    bSurnames.forEach((sb, j) => {
      const na = normaliseName(sa);
      const nb = normaliseName(sb);
      if (na === '' || nb === '') return;
      const s = na === nb ? 1 : jaroWinkler(na, nb);
      if (s > surname || (s === surname && i + j === 0)) {
        surname = s;
        surnameEqual = na === nb;
        formerSurname = i + j > 0;
      }
    });
  });
  return {
    first,
    surname,
    firstEqual: normaliseName(aFirst) === normaliseName(bFirst),
    surnameEqual,
    formerSurname,
  };
}

function nameEvidence(a: ComparedPerson, b: ComparedPerson, t: DuplicateThresholds): Evidence[] {
  const aSurnames = [a.sukunimi, ...(a.entisetSukunimet ?? [])];
  const bSurnames = [b.sukunimi, ...(b.entisetSukunimet ?? [])];
  const straight = compareNames(a.etunimet, aSurnames, b.etunimet, bSurnames);
  // Forms and files get the order of the name fields wrong (SPEC §5 accepts it too).
  const swapped = compareNames(a.sukunimi, [a.etunimet], b.etunimet, [b.sukunimi]);
  const useSwapped =
    !straight.firstEqual && swapped.first + swapped.surname > straight.first + straight.surname + 0.2;
  const c = useSwapped ? swapped : straight;

  const first: Evidence = {
    kentta: 'etunimet',
    tulos: nameOutcome(c.first, c.firstEqual, t),
    samankaltaisuus: round(c.first),
    selitys: `${a.etunimet} / ${b.etunimet}: Jaro-Winkler ${round(c.first)}`,
  };
  const surname: Evidence = {
    kentta: 'sukunimi',
    tulos: nameOutcome(c.surname, c.surnameEqual, t),
    samankaltaisuus: round(c.surname),
    selitys: `${a.sukunimi} / ${b.sukunimi}: Jaro-Winkler ${round(c.surname)}`,
  };
  if (useSwapped) {
    first.tarkenne = 'NIMET_RISTIIN';
    surname.tarkenne = 'NIMET_RISTIIN';
    first.selitys += ' (first names and surname swapped)';
    surname.selitys += ' (first names and surname swapped)';
  } else {
    if (c.formerSurname && c.surname >= t.nameSimilarity) {
      surname.tarkenne = 'ENTINEN_SUKUNIMI';
      surname.selitys += ' (with a former surname)';
    }
    if (first.tulos === 'samankaltainen' && c.first === 1) {
      first.tarkenne = 'OSA_NIMISTA';
      first.selitys += ' (one has only some of the names)';
    }
  }
  return [first, surname];
}

const DAY_MS = 86_400_000;

function parseDate(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s ? t : undefined;
}

/** The date with day and month swapped ('1990-05-12' → '1990-12-05'), if that is a date and not the same one. */
export function swapDayAndMonth(date: string): string | undefined {
  const [y, m, d] = date.split('-');
  if (!y || !m || !d || m === d) return undefined;
  const swapped = `${y}-${d}-${m}`;
  return parseDate(swapped) === undefined ? undefined : swapped;
}

function digitsDiffering(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

function birthDateEvidence(a: ComparedPerson, b: ComparedPerson, t: DuplicateThresholds): Evidence {
  const da = a.syntymaaika ?? null;
  const db = b.syntymaaika ?? null;
  if (!da || !db) {
    return { kentta: 'syntymaaika', tulos: 'puuttuu', selitys: `${da ?? '—'} / ${db ?? '—'}: unknown` };
  }
  const base = `${da} / ${db}`;
  if (da === db)
    return { kentta: 'syntymaaika', tulos: 'sama', samankaltaisuus: 1, selitys: `${base}: same` };
  if (swapDayAndMonth(da) === db) {
    return {
      kentta: 'syntymaaika',
      tulos: 'samankaltainen',
      samankaltaisuus: 0.9,
      tarkenne: 'PAIVA_JA_KUUKAUSI_VAIHTUNEET',
      selitys: `${base}: day and month swapped`,
    };
  }
  const ta = parseDate(da);
  const tb = parseDate(db);
  const days = ta !== undefined && tb !== undefined ? Math.round(Math.abs(ta - tb) / DAY_MS) : Infinity;
  if (days <= t.birthDateWindowDays) {
    // 1 day apart 0.85, the end of the window 0.5.
    const similarity = 0.85 - (0.35 * (days - 1)) / Math.max(t.birthDateWindowDays - 1, 1);
    return {
      kentta: 'syntymaaika',
      tulos: 'samankaltainen',
      samankaltaisuus: round(similarity),
      tarkenne: 'PAIVIA_EROA',
      selitys: `${base}: ${days} day${days === 1 ? '' : 's'} apart`,
    };
  }
  if (digitsDiffering(da, db) === 1) {
    return {
      kentta: 'syntymaaika',
      tulos: 'samankaltainen',
      samankaltaisuus: 0.8,
      tarkenne: 'YKSI_NUMERO_ERI',
      selitys: `${base}: one digit differs`,
    };
  }
  return { kentta: 'syntymaaika', tulos: 'eri', samankaltaisuus: 0, selitys: `${base}: different` };
}

function sexEvidence(a: ComparedPerson, b: ComparedPerson): Evidence {
  const sa = a.sukupuoli ?? null;
  const sb = b.sukupuoli ?? null;
  if (!sa || !sb)
    return { kentta: 'sukupuoli', tulos: 'puuttuu', selitys: `${sa ?? '—'} / ${sb ?? '—'}: unknown` };
  return sa === sb
    ? { kentta: 'sukupuoli', tulos: 'sama', samankaltaisuus: 1, selitys: `${sa} / ${sb}: same` }
    : { kentta: 'sukupuoli', tulos: 'eri', samankaltaisuus: 0, selitys: `${sa} / ${sb}: different` };
}

const UNKNOWN_NATIONALITY = '999';

function nationalityEvidence(a: ComparedPerson, b: ComparedPerson): Evidence {
  const na = (a.kansalaisuus ?? []).filter((c) => c !== UNKNOWN_NATIONALITY);
  const nb = (b.kansalaisuus ?? []).filter((c) => c !== UNKNOWN_NATIONALITY);
  const shown = `${na.join(',') || '—'} / ${nb.join(',') || '—'}`;
  if (na.length === 0 || nb.length === 0) {
    return { kentta: 'kansalaisuus', tulos: 'puuttuu', selitys: `${shown}: unknown` };
  }
  return na.some((c) => nb.includes(c))
    ? {
        kentta: 'kansalaisuus',
        tulos: 'sama',
        samankaltaisuus: 1,
        selitys: `${shown}: a nationality in common`,
      }
    : { kentta: 'kansalaisuus', tulos: 'eri', samankaltaisuus: 0, selitys: `${shown}: none in common` };
}

/** Same date part and at most two other characters differing: one was probably mistyped. */
function looksLikeHetuTypo(a: string, b: string): boolean {
  return a.length === b.length && a.slice(0, 6) === b.slice(0, 6) && digitsDiffering(a, b) <= 2;
}

// Hetus are never shown in the explanation: out-of-scope candidates get the evidence too.
function hetuEvidence(a: ComparedPerson, b: ComparedPerson): Evidence {
  const ha = a.hetut ?? [];
  const hb = b.hetut ?? [];
  if (ha.length === 0 || hb.length === 0)
    return { kentta: 'hetu', tulos: 'puuttuu', selitys: 'one has no hetu' };
  const [currentA] = ha;
  const [currentB] = hb;
  if (currentA !== undefined && currentA === currentB) {
    return { kentta: 'hetu', tulos: 'sama', samankaltaisuus: 1, selitys: 'the same hetu' };
  }
  if (ha.some((h) => hb.includes(h))) {
    return {
      kentta: 'hetu',
      tulos: 'sama',
      samankaltaisuus: 1,
      tarkenne: 'AIEMPI_HETU',
      selitys: 'a hetu in common (an earlier one)',
    };
  }
  if (ha.some((x) => hb.some((y) => looksLikeHetuTypo(x, y)))) {
    return {
      kentta: 'hetu',
      tulos: 'samankaltainen',
      tarkenne: 'HETU_KIRJOITUSVIRHE',
      selitys: 'hetus differ by one or two characters after the same date: a typo?',
    };
  }
  return { kentta: 'hetu', tulos: 'eri', samankaltaisuus: 0, selitys: 'different hetus' };
}

function agreement(e: Evidence): number {
  if (e.tulos === 'puuttuu') return UNKNOWN_AGREEMENT;
  if (e.tulos === 'eri') return 0;
  return e.samankaltaisuus ?? 1;
}

/**
 * Compares two persons: a score from 0 to 1 and the evidence, one entry a field. The score is
 * the weighted mean of the field agreements (same 1, similar its similarity, different 0,
 * unknown ½), lifted to at least 0.95 by a shared hetu and scaled by 0.7 by different ones.
 */
export function scorePair(
  a: ComparedPerson,
  b: ComparedPerson,
  thresholds: DuplicateThresholds = DEFAULT_DUPLICATE_THRESHOLDS,
): Score {
  const perusteet = [
    ...nameEvidence(a, b, thresholds),
    birthDateEvidence(a, b, thresholds),
    sexEvidence(a, b),
    nationalityEvidence(a, b),
    hetuEvidence(a, b),
  ];
  let weighted = 0;
  let total = 0;
  for (const e of perusteet) {
    if (e.kentta === 'hetu') continue;
    weighted += WEIGHTS[e.kentta] * agreement(e);
    total += WEIGHTS[e.kentta];
  }
  let score = weighted / total;
  const hetu = perusteet.find((e) => e.kentta === 'hetu');
  if (hetu?.tulos === 'sama') score = Math.max(score, SHARED_HETU_FLOOR);
  if (hetu?.tulos === 'eri') score *= DIFFERENT_HETU_FACTOR;
  return { pisteet: round(score), perusteet };
}

/** The birth dates a candidate search looks at with any similar name: the date, and day and month swapped. */
export function exactBirthDates(date: string): string[] {
  const swapped = swapDayAndMonth(date);
  return swapped ? [date, swapped] : [date];
}

/** The same day ±1 and ±10 years: a mistyped year digit. */
export function yearTypoDates(date: string): string[] {
  const [y, md] = [Number(date.slice(0, 4)), date.slice(4)];
  return [-10, -1, 1, 10]
    .map((dy) => `${String(y + dy).padStart(4, '0')}${md}`)
    .filter((other) => parseDate(other) !== undefined);
}

/** The date ± days, as 'YYYY-MM-DD'. */
export function shiftDate(date: string, days: number): string {
  const t = parseDate(date);
  if (t === undefined) throw new Error(`not a date: ${date}`);
  return new Date(t + days * DAY_MS).toISOString().slice(0, 10);
}

export function isDate(s: string): boolean {
  return parseDate(s) !== undefined;
}
