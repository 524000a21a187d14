import { CENTURY_SIGNS, daysInMonth, makeHetu } from '../domain/index.ts';
import { formatCsv, SIMULATED_REGISTER_FIELDS, type SimulatedRegisterEntry } from './simulated-register.ts';

// Generates simulated population registers of test persons (test hetus only, individual numbers 900–999).
// Deterministic for a seed, so that the shipped file can be regenerated and checked byte for byte.

export interface GeneratePopulationOptions {
  /** Number of entries, passivated hetus included. */
  count: number;
  /** Defaults to 1. */
  seed?: number;
}

type Rng = () => number;

/** mulberry32: tiny, fast and good enough for test data; not for anything secret. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: Rng;
  constructor(next: Rng) {
    this.next = next;
  }
  float(): number {
    return this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}

/** Name lists are written as text: one word per name (names here have no spaces). */
function words(text: string): readonly string[] {
  return text.trim().split(/\s+/);
}

// ---------------------------------------------------------------------------------------------------------
// Names. Common Finnish and Finland-Swedish names; nothing that looksLikeTestName would flag.

interface NamePool {
  male: readonly string[];
  female: readonly string[];
  maleHyphenated: readonly string[];
  femaleHyphenated: readonly string[];
  surnames: readonly string[];
}

const FINNISH: NamePool = {
  male: words(`
    Juhani Johannes Mikael Matti Olavi Antero Tapani Kalevi Ilmari Timo Pekka Mikko Jukka Antti Jari
    Kari Markku Heikki Veikko Eero Onni Leo Eino Väinö Elias Oliver Aleksi Eetu Ville Joonas Lauri
    Tuomas Sami Janne Ari Jaakko Pentti Erkki Seppo Risto Ensio Kristian Otto Niilo Aapo Tapio Yrjö
    Lenni Aarni Toivo Eemeli Jyrki Pärttyli Tenho
  `),
  female: words(`
    Maria Helena Johanna Anneli Kaarina Marjatta Anna Liisa Annikki Hannele Tuula Päivi Sari Minna
    Tiina Leena Ritva Pirjo Aino Eeva Sofia Emilia Olivia Aada Helmi Ella Venla Iida Siiri Elsa
    Kerttu Lyydia Inkeri Sanna Katja Heidi Jenni Laura Noora Elina Säde Päivikki Sylvi Tyyne Hellä
    Kyllikki
  `),
  maleHyphenated: words('Juha-Pekka Jukka-Pekka Veli-Matti Esa-Pekka Hannu-Pekka Jari-Pekka'),
  femaleHyphenated: words('Anna-Liisa Marja-Leena Eeva-Kaisa Anna-Maija Pirkko-Liisa Maija-Liisa'),
  surnames: words(`
    Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen Lehtonen
    Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen Salo Laitinen
    Tuominen Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen Äijälä Pääkkönen
    Kärkkäinen Hyvönen Räsänen Ylönen Väisänen Pöllänen Kääriäinen Mäntylä Hyytiäinen Kärnä Ämmälä
    Ylä-Outinen Ala-Kokko Könönen Hölttä Männistö Sääski Törmänen
  `),
};

const FINLAND_SWEDISH: NamePool = {
  male: words(`
    Erik Johan Anders Karl Lars Mikael Fredrik Henrik Gustav Axel Björn Göran Sven Nils Oskar Ragnar
    Tor Rolf Kaj Håkan Jörgen Stig Måns Leif
  `),
  female: words(`
    Anna Karin Kristina Margareta Ingrid Birgitta Åsa Elin Ebba Maja Linnéa Sofia Ulla Britt Solveig
    Märta Gunilla Annika Ida Ellen Saga Malin
  `),
  maleHyphenated: words('Karl-Erik Per-Olof Jan-Erik Carl-Gustaf'),
  femaleHyphenated: words('Ann-Christin Ulla-Britt Ann-Sofi Eva-Lena'),
  surnames: words(`
    Lindqvist Lindström Holmström Sjöström Åberg Östman Söderholm Björklund Sundström Nyström
    Wikström Backman Grönroos Forsström Lindholm Öhman Åkerlund Strömberg Blomqvist Granström
    Hägglund Sandström Ekholm Nyberg Westerlund Lönnqvist Dahlström Källström Åström Sjöblom
  `),
};

/** First names with accents that Finnish citizens also carry. */
const ACCENTED_FIRST_NAMES = {
  male: words('José André Noël Jérémie Andrés Søren François Zoltán René'),
  female: words('Émilie Zoë Renée Chloé Noémi Inès Mélanie Åse Ágnes'),
};

interface Country {
  code: string;
  language: string;
  male: readonly string[];
  female: readonly string[];
  /** Neutral surnames, or separate lists where the surname depends on sex. */
  surnames: readonly string[] | { male: readonly string[]; female: readonly string[] };
}

const COUNTRIES: readonly Country[] = [
  {
    code: '250',
    language: 'fr',
    male: words('François Jérôme Frédéric Théo Noël'),
    female: words('Émilie Chloé Hélène Zoé Céline'),
    surnames: words('Dubois Lefèvre Fournier Mercier Gauthier Bézier'),
  },
  {
    code: '724',
    language: 'es',
    male: words('José Jesús Álvaro Martín Íñigo'),
    female: words('María Lucía Inés Begoña Ángela'),
    surnames: words('García Núñez Fernández Peña Muñoz Ibáñez'),
  },
  {
    code: '208',
    language: 'da',
    male: words('Søren Jørgen Bjørn Mads Jens'),
    female: words('Mette Birgitte Sørine Åse Signe'),
    surnames: words('Jørgensen Sørensen Møller Nørgaard Kjær Bækgaard'),
  },
  {
    code: '616',
    language: 'pl',
    male: words('Łukasz Paweł Wojciech Michał Jędrzej'),
    female: words('Małgorzata Agnieszka Żaneta Katarzyna Józefa'),
    surnames: words('Nowak Wójcik Woźniak Mazur Krawczyk Dąbrowski'),
  },
  {
    code: '704',
    language: 'vi',
    male: words('Minh Đức Quang Tuấn'),
    female: words('Lan Hương Thảo Linh'),
    surnames: words('Nguyễn Trần Lê Phạm Đặng'),
  },
  {
    code: '233',
    language: 'et',
    male: words('Jüri Märt Tõnu Priit'),
    female: words('Mari Triin Külli Ülle'),
    surnames: words('Tamm Saar Sepp Mägi Kask Õunapuu'),
  },
  {
    code: '276',
    language: 'de',
    male: words('Jürgen Günther Stefan Lukas'),
    female: words('Bärbel Jutta Hannah Lea'),
    surnames: words('Müller Schäfer Weiß Groß Köhler'),
  },
  {
    code: '792',
    language: 'tr',
    male: words('Mehmet Çağan Emre Oğuz'),
    female: words('Ayşe Gülşen Elif Şule'),
    surnames: words('Yılmaz Öztürk Çelik Şahin Doğan'),
  },
  {
    code: '352',
    language: 'is',
    male: words('Þór Guðmundur Ólafur Jón'),
    female: words('Guðrún Sigríður Þóra Hildur'),
    surnames: {
      male: words('Jónsson Þórsson Ólafsson'),
      female: words('Jónsdóttir Guðmundsdóttir Þórsdóttir'),
    },
  },
  {
    code: '643',
    language: 'ru',
    male: words('Aleksandr Dmitri Sergei Ivan'),
    female: words('Olga Tatjana Jekaterina Natalja'),
    surnames: { male: words('Ivanov Smirnov Kuznetsov'), female: words('Ivanova Smirnova Kuznetsova') },
  },
  {
    code: '706',
    language: 'so',
    male: words('Abdi Mohamed Ahmed Hassan'),
    female: words('Fadumo Hodan Amina Sahra'),
    surnames: words('Ali Warsame Farah Abdullahi Nuur'),
  },
  {
    code: '578',
    language: 'no',
    male: words('Øyvind Ståle Ørjan Håvard'),
    female: words('Ingrid Åshild Solveig Tuva'),
    surnames: words('Ødegård Bråthen Løvås Sæther'),
  },
];

/** Municipality codes: big Finnish towns, and bilingual or Swedish-speaking ones. */
const MUNICIPALITIES = words('091 049 092 837 853 564 179 297 398 167 698 905 109');
const SWEDISH_MUNICIPALITIES = words('091 049 638 599 499 478 287 710 257 445 272 598');

// ---------------------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;
const LATEST_DATE = '2024-12-31';

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function fromDayNumber(n: number): string {
  const date = new Date(n * DAY_MS);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

// ---------------------------------------------------------------------------------------------------------
// Generation

// The first 13 persons take these in turn, so that every sign is in any register of 13 or more persons.
const SIGN_ORDER = ['+', '-', 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E', 'F'] as const;

const SIGN_WEIGHTS: readonly (readonly [string, number])[] = [
  ['+', 0.5],
  ['-', 44],
  ['Y', 1.5],
  ['X', 1.5],
  ['W', 1],
  ['V', 1],
  ['U', 1],
  ['A', 44],
  ['B', 1.5],
  ['C', 1.5],
  ['D', 1],
  ['E', 1],
  ['F', 1],
];

const BIRTH_YEARS: Record<number, readonly [number, number]> = {
  1800: [1875, 1899],
  // Learners: adults studying, and children and young people (up to those born in 2023).
  1900: [1935, 1999],
  2000: [2000, 2023],
};

type Kind = 'finnish' | 'swedish' | 'foreign';

interface Person {
  entry: SimulatedRegisterEntry;
  sign: string;
  birthDate: string;
  sex: '1' | '2';
}

class PopulationGenerator {
  readonly #rnd: Random;
  readonly #hetus = new Set<string>();

  constructor(seed: number) {
    this.#rnd = new Random(mulberry32(seed));
  }

  #uniqueHetu(birthDate: string, sex: '1' | '2', sign: string): string | undefined {
    // 50 test individual numbers per date and sex; give up after a few tries and let the caller pick a new date.
    for (let attempt = 0; attempt < 20; attempt++) {
      const individual = 900 + 2 * this.#rnd.int(0, 49) + (sex === '1' ? 1 : 0);
      const hetu = makeHetu(birthDate, individual, sign);
      if (!this.#hetus.has(hetu)) {
        this.#hetus.add(hetu);
        return hetu;
      }
    }
    return undefined;
  }

  #firstNames(kind: Kind, sex: '1' | '2', country: Country | undefined): string[] {
    const r = this.#rnd;
    const count = r.weighted([
      [1, 15],
      [2, 55],
      [3, 30],
    ] as const);
    const names: string[] = [];
    const add = (name: string) => {
      // No repeated name, and no part of a hyphenated name given again on its own (Anna-Liisa Liisa).
      const parts = new Set(names.flatMap((n) => [n, ...n.split('-')]));
      if (!name.split('-').some((part) => parts.has(part)) && !parts.has(name)) names.push(name);
    };
    if (kind === 'foreign' && country) {
      const pool = sex === '1' ? country.male : country.female;
      for (let i = 0; i < Math.min(count, 2) * 3 && names.length < Math.min(count, 2); i++) add(r.pick(pool));
      return names;
    }
    const pool = kind === 'swedish' ? FINLAND_SWEDISH : FINNISH;
    if (r.chance(0.03)) add(r.pick(sex === '1' ? ACCENTED_FIRST_NAMES.male : ACCENTED_FIRST_NAMES.female));
    else if (r.chance(0.1)) add(r.pick(sex === '1' ? pool.maleHyphenated : pool.femaleHyphenated));
    for (let i = 0; i < count * 3 && names.length < count; i++) {
      add(r.pick(sex === '1' ? pool.male : pool.female));
    }
    return names;
  }

  #surname(kind: Kind, sex: '1' | '2', country: Country | undefined): string {
    const r = this.#rnd;
    if (kind === 'foreign' && country) {
      const s = country.surnames;
      return r.pick('male' in s ? (sex === '1' ? s.male : s.female) : s);
    }
    const pool = kind === 'swedish' ? FINLAND_SWEDISH.surnames : FINNISH.surnames;
    if (r.chance(0.04)) {
      // A double surname (Virtanen-Korhonen) of two simple surnames, never three parts.
      const simple = (s: string) => !s.includes('-');
      const first = r.pick(FINNISH.surnames.filter(simple));
      return `${first}-${r.pick(pool.filter((s) => simple(s) && s !== first))}`;
    }
    return r.pick(pool);
  }

  #birthDate(sign: string): string {
    const century = CENTURY_SIGNS[sign]!;
    const [from, to] = BIRTH_YEARS[century]!;
    const year = this.#rnd.int(from, to);
    const month = this.#rnd.int(1, 12);
    return isoDate(year, month, this.#rnd.int(1, daysInMonth(year, month)));
  }

  person(forcedSign: string | undefined): Person {
    const r = this.#rnd;
    const sign = forcedSign ?? r.weighted(SIGN_WEIGHTS);
    const sex: '1' | '2' = r.chance(0.5) ? '1' : '2';
    let birthDate = this.#birthDate(sign);
    let hetu = this.#uniqueHetu(birthDate, sex, sign);
    while (hetu === undefined) {
      birthDate = this.#birthDate(sign);
      hetu = this.#uniqueHetu(birthDate, sex, sign);
    }

    const kind: Kind = r.weighted([
      ['finnish', 89],
      ['swedish', 7],
      ['foreign', 4],
    ] as const);
    const country = kind === 'foreign' ? r.pick(COUNTRIES) : undefined;
    const firstNames = this.#firstNames(kind, sex, country);
    const etunimet = firstNames.join(' ');
    const sukunimi = this.#surname(kind, sex, country);

    const entry: SimulatedRegisterEntry = { hetu, etunimet, sukunimi };
    const callNameRoll = r.float();
    if (callNameRoll < 0.8) {
      entry.kutsumanimi = firstNames[0]!;
    } else if (callNameRoll < 0.92) {
      entry.kutsumanimi = r.pick(firstNames.flatMap((n) => (n.includes('-') ? [n, ...n.split('-')] : [n])));
    }
    // Mostly married women; about 5% of all persons.
    if (kind !== 'foreign' && r.chance(sex === '2' ? 0.08 : 0.02)) {
      const former = new Set<string>();
      const count = r.chance(0.15) ? 2 : 1;
      while (former.size < count) {
        const candidate = this.#surname(kind, sex, country);
        if (candidate !== sukunimi) former.add(candidate);
      }
      entry.entisetSukunimet = [...former];
    }
    entry.sukupuoli = sex;

    if (country) {
      entry.aidinkieli = country.language;
      entry.kansalaisuudet = r.chance(0.15) ? [country.code, '246'] : [country.code];
    } else if (kind === 'swedish') {
      entry.aidinkieli = 'sv';
      entry.kansalaisuudet = r.chance(0.05) ? ['246', '752'] : ['246'];
    } else {
      entry.aidinkieli = 'fi';
      entry.kansalaisuudet = ['246'];
    }

    // Nobody born in the 1800s is alive any more.
    const dead = sign === '+' || r.chance(0.02);
    if (!dead && r.chance(0.97)) {
      entry.kotikunta = r.pick(kind === 'swedish' ? SWEDISH_MUNICIPALITIES : MUNICIPALITIES);
    }
    if (r.chance(0.02)) entry.turvakielto = true;
    if (dead) {
      const born = dayNumber(birthDate);
      const latest =
        sign === '+' ? Math.min(born + 95 * 365, dayNumber('1999-12-31')) : dayNumber(LATEST_DATE);
      const earliest = sign === '+' ? born + 50 * 365 : born + 1;
      entry.kuolinpaiva = fromDayNumber(r.int(earliest, Math.max(earliest, latest)));
    }
    return { entry, sign, birthDate, sex };
  }

  chancePassivated(): boolean {
    return this.#rnd.chance(0.03);
  }

  /** An old hetu of the person, passivated and pointing at the current one. */
  passivatedHetuOf(person: Person): SimulatedRegisterEntry | undefined {
    const century = CENTURY_SIGNS[person.sign]!;
    // A replaced hetu carries the traditional sign of the century.
    const oldSign = SIGN_ORDER.find((s) => CENTURY_SIGNS[s] === century)!;
    const hetu = this.#uniqueHetu(person.birthDate, person.sex, oldSign);
    if (hetu === undefined) return undefined;
    const { entry } = person;
    return {
      hetu,
      etunimet: entry.etunimet,
      // A hetu replaced years ago may still carry the surname of that time.
      sukunimi: entry.entisetSukunimet?.[0] ?? entry.sukunimi,
      sukupuoli: person.sex,
      passivoitu: true,
      aktiivinenHetu: entry.hetu,
    };
  }
}

/** Generates `count` register entries of test persons (see the file comment). Same seed, same output. */
export function generatePopulation(opts: GeneratePopulationOptions): SimulatedRegisterEntry[] {
  const { count, seed = 1 } = opts;
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`count must be a non-negative integer, not ${count}`);
  }
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, not ${seed}`);
  // The busiest sign ("-": 65 years × 365 days × 50 test numbers per sex) has room for about 2.4 million
  // hetus; staying well below keeps the retries for a free hetu rare and the generator from looping forever.
  if (count > 2_000_000) throw new Error('count is too large for the test individual numbers');

  const generator = new PopulationGenerator(seed);
  const entries: SimulatedRegisterEntry[] = [];
  for (let i = 0; entries.length < count; i++) {
    const person = generator.person(SIGN_ORDER[i]);
    entries.push(person.entry);
    // About 3% of entries are passivated hetus; none among the first 13 so that small registers keep every sign.
    if (i >= SIGN_ORDER.length && entries.length < count && generator.chancePassivated()) {
      const passivated = generator.passivatedHetuOf(person);
      if (passivated) entries.push(passivated);
    }
  }
  return entries;
}

function csvCell(value: SimulatedRegisterEntry[keyof SimulatedRegisterEntry]): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join('|');
  return String(value);
}

/** The CSV form of a register (SPEC §14): the same column names, lists separated by "|". */
export function toCsv(entries: readonly SimulatedRegisterEntry[]): string {
  return formatCsv([
    [...SIMULATED_REGISTER_FIELDS],
    ...entries.map((entry) => SIMULATED_REGISTER_FIELDS.map((field) => csvCell(entry[field]))),
  ]);
}

/** The JSON form: an array with one entry per line, so that diffs of the shipped file stay readable. */
export function toJson(entries: readonly SimulatedRegisterEntry[]): string {
  if (entries.length === 0) return '[]\n';
  return `[\n${entries.map((entry) => `  ${JSON.stringify(entry)}`).join(',\n')}\n]\n`;
}
