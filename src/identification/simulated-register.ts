import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isValidIsoDate, isValidNameString, maskHetu, parseHetu } from '../domain/index.ts';
import type { PopulationLookup, PopulationRecord, PopulationRegister } from './population-register.ts';

// The simulated population register of the test environment: a file of persons (SPEC §14) held in memory.

/** One row of the simulated register file (SPEC §14); Finnish field names as in the file. */
export interface SimulatedRegisterEntry {
  hetu: string;
  etunimet: string;
  sukunimi: string;
  kutsumanimi?: string;
  entisetSukunimet?: string[];
  sukupuoli?: '1' | '2';
  aidinkieli?: string;
  kansalaisuudet?: string[];
  kotikunta?: string;
  turvakielto?: boolean;
  /** YYYY-MM-DD */
  kuolinpaiva?: string;
  passivoitu?: boolean;
  /** For a passivated hetu: the person's current hetu. */
  aktiivinenHetu?: string;
}

/** Column order of the CSV form; also the set of allowed fields. */
export const SIMULATED_REGISTER_FIELDS = [
  'hetu',
  'etunimet',
  'sukunimi',
  'kutsumanimi',
  'entisetSukunimet',
  'sukupuoli',
  'aidinkieli',
  'kansalaisuudet',
  'kotikunta',
  'turvakielto',
  'kuolinpaiva',
  'passivoitu',
  'aktiivinenHetu',
] as const satisfies readonly (keyof SimulatedRegisterEntry)[];

type Field = (typeof SIMULATED_REGISTER_FIELDS)[number];
const LIST_FIELDS: ReadonlySet<Field> = new Set(['entisetSukunimet', 'kansalaisuudet']);
const BOOLEAN_FIELDS: ReadonlySet<Field> = new Set(['turvakielto', 'passivoitu']);
const KNOWN_FIELDS: ReadonlySet<string> = new Set(SIMULATED_REGISTER_FIELDS);

export class SimulatedRegisterFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatedRegisterFormatError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// CSV (RFC 4180)

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts, for error messages. */
  line: number;
}

/**
 * RFC 4180 parser: comma separated, CRLF or LF line ends, fields in double quotes may hold commas, line
 * breaks and doubled quotes. Blank lines are skipped. Throws on an unterminated quote or text after a
 * closing quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const startLine = line;
    const fields: string[] = [];
    let atRecordEnd = false;
    while (!atRecordEnd) {
      let value = '';
      if (s[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= s.length)
            throw new SimulatedRegisterFormatError(`CSV line ${quoteLine}: unterminated quote`);
          const c = s[i]!;
          if (c === '"') {
            if (s[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        const next = s[i];
        if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && s[i + 1] === '\n')) {
          throw new SimulatedRegisterFormatError(`CSV line ${line}: unexpected text after a closing quote`);
        }
      } else {
        while (i < s.length && s[i] !== ',' && s[i] !== '\n' && !(s[i] === '\r' && s[i + 1] === '\n')) {
          if (s[i] === '"') {
            throw new SimulatedRegisterFormatError(`CSV line ${line}: a quote inside an unquoted field`);
          }
          value += s[i];
          i++;
        }
      }
      fields.push(value);
      if (s[i] === ',') {
        i++;
      } else {
        // End of line or of input.
        if (s[i] === '\r') i++;
        if (s[i] === '\n') i++;
        line++;
        atRecordEnd = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ fields, line: startLine });
  }
  return records;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Formats rows as RFC 4180 CSV with CRLF line ends. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

// ---------------------------------------------------------------------------------------------------------
// Validation

interface Location {
  index: number;
  line?: number;
}

function where(loc: Location): string {
  return loc.line === undefined ? `entry ${loc.index}` : `entry ${loc.index} (line ${loc.line})`;
}

function fieldError(loc: Location, field: string, problem: string): SimulatedRegisterFormatError {
  return new SimulatedRegisterFormatError(`Simulated register ${where(loc)}, field "${field}": ${problem}`);
}

const LANGUAGE = /^(?:[a-z]{2,3}|\d{2})$/;
const COUNTRY = /^\d{3}$/;
const MUNICIPALITY = /^\d{3}$/;
const NAME_WORDS = 'must be words of visible characters separated by single spaces';

function validateEntry(raw: unknown, loc: Location): SimulatedRegisterEntry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SimulatedRegisterFormatError(`Simulated register ${where(loc)}: must be an object`);
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    // Unknown fields are refused: a misspelt "kuolinpäivä" would otherwise silently make a dead person alive.
    if (!KNOWN_FIELDS.has(key)) throw fieldError(loc, key, 'unknown field');
  }
  // JSON null means the same as an absent field.
  const get = (field: Field): unknown => (obj[field] === null ? undefined : obj[field]);

  const requiredString = (field: Field): string => {
    const value = get(field);
    if (typeof value !== 'string' || value === '') throw fieldError(loc, field, 'required');
    return value;
  };
  const optionalString = (
    field: Field,
    valid: (v: string) => boolean,
    expected: string,
  ): string | undefined => {
    const value = get(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !valid(value)) throw fieldError(loc, field, `must be ${expected}`);
    return value;
  };
  const optionalBoolean = (field: Field): boolean | undefined => {
    const value = get(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw fieldError(loc, field, 'must be true or false');
    return value;
  };
  const optionalList = (
    field: Field,
    valid: (v: string) => boolean,
    expected: string,
  ): string[] | undefined => {
    const value = get(field);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw fieldError(loc, field, 'must be a list');
    value.forEach((item, i) => {
      if (typeof item !== 'string' || !valid(item))
        throw fieldError(loc, `${field}[${i}]`, `must be ${expected}`);
    });
    return [...(value as string[])];
  };

  const hetu = requiredString('hetu');
  const parsed = parseHetu(hetu);
  if (!parsed.ok) throw fieldError(loc, 'hetu', `invalid (${parsed.reason}): ${parsed.message}`);

  const etunimet = requiredString('etunimet');
  // Names as the reference takes them (SPEC §7a): words of visible characters, single spaces.
  if (!isValidNameString(etunimet)) throw fieldError(loc, 'etunimet', NAME_WORDS);
  const sukunimi = requiredString('sukunimi');
  if (!isValidNameString(sukunimi)) throw fieldError(loc, 'sukunimi', NAME_WORDS);

  const entry: SimulatedRegisterEntry = { hetu, etunimet, sukunimi };
  const kutsumanimi = optionalString('kutsumanimi', isValidNameString, 'a name of visible characters');
  if (kutsumanimi !== undefined) entry.kutsumanimi = kutsumanimi;
  const entisetSukunimet = optionalList(
    'entisetSukunimet',
    isValidNameString,
    'a name of visible characters',
  );
  if (entisetSukunimet !== undefined) entry.entisetSukunimet = entisetSukunimet;
  const sukupuoli = optionalString('sukupuoli', (v) => v === '1' || v === '2', '"1" (male) or "2" (female)');
  if (sukupuoli !== undefined) entry.sukupuoli = sukupuoli as '1' | '2';
  const aidinkieli = optionalString('aidinkieli', (v) => LANGUAGE.test(v), 'a language code such as "fi"');
  if (aidinkieli !== undefined) entry.aidinkieli = aidinkieli;
  const kansalaisuudet = optionalList('kansalaisuudet', (v) => COUNTRY.test(v), 'a 3-digit country code');
  if (kansalaisuudet !== undefined) entry.kansalaisuudet = kansalaisuudet;
  const kotikunta = optionalString('kotikunta', (v) => MUNICIPALITY.test(v), 'a 3-digit municipality code');
  if (kotikunta !== undefined) entry.kotikunta = kotikunta;
  const turvakielto = optionalBoolean('turvakielto');
  if (turvakielto !== undefined) entry.turvakielto = turvakielto;
  const kuolinpaiva = optionalString('kuolinpaiva', isValidIsoDate, 'a real date YYYY-MM-DD');
  if (kuolinpaiva !== undefined) {
    // ISO dates compare correctly as strings.
    if (kuolinpaiva < parsed.value.birthDate)
      throw fieldError(loc, 'kuolinpaiva', 'is before the birth date');
    entry.kuolinpaiva = kuolinpaiva;
  }
  const passivoitu = optionalBoolean('passivoitu');
  if (passivoitu !== undefined) entry.passivoitu = passivoitu;
  const aktiivinenHetu = optionalString('aktiivinenHetu', (v) => parseHetu(v).ok, 'a valid hetu');
  if (aktiivinenHetu !== undefined) {
    if (passivoitu !== true)
      throw fieldError(loc, 'aktiivinenHetu', 'only a passivated hetu (passivoitu: true) has one');
    if (aktiivinenHetu === hetu) throw fieldError(loc, 'aktiivinenHetu', 'must differ from hetu');
    entry.aktiivinenHetu = aktiivinenHetu;
  }
  return entry;
}

function csvToRaw(header: readonly string[], record: CsvRecord, index: number): Record<string, unknown> {
  const loc = { index, line: record.line };
  if (record.fields.length !== header.length) {
    throw new SimulatedRegisterFormatError(
      `Simulated register ${where(loc)}: ${record.fields.length} fields, the header has ${header.length}`,
    );
  }
  const raw: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = record.fields[i]!;
    // An empty cell is an absent value.
    if (cell === '') return;
    const field = column as Field;
    if (LIST_FIELDS.has(field)) {
      raw[column] = cell.split('|').map((item) => item.trim());
    } else if (BOOLEAN_FIELDS.has(field)) {
      if (cell !== 'true' && cell !== 'false') throw fieldError(loc, column, 'must be true or false');
      raw[column] = cell === 'true';
    } else {
      raw[column] = cell;
    }
  });
  return raw;
}

/** Parses and validates a simulated register file; throws an error naming the entry and field on bad data. */
export function parseSimulatedRegister(text: string, format: 'json' | 'csv'): SimulatedRegisterEntry[] {
  let raws: { raw: unknown; loc: Location }[];
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new SimulatedRegisterFormatError(
        `Simulated register: not valid JSON (${(error as Error).message})`,
      );
    }
    if (!Array.isArray(data))
      throw new SimulatedRegisterFormatError('Simulated register: JSON must be an array');
    raws = data.map((raw, index) => ({ raw, loc: { index } }));
  } else if (format === 'csv') {
    const [headerRecord, ...records] = parseCsv(text);
    if (!headerRecord) throw new SimulatedRegisterFormatError('Simulated register: CSV has no header row');
    const header = headerRecord.fields.map((column) => column.trim());
    const seen = new Set<string>();
    for (const column of header) {
      if (!KNOWN_FIELDS.has(column)) {
        throw new SimulatedRegisterFormatError(`Simulated register: unknown CSV column "${column}"`);
      }
      if (seen.has(column))
        throw new SimulatedRegisterFormatError(`Simulated register: duplicate column "${column}"`);
      seen.add(column);
    }
    for (const required of ['hetu', 'etunimet', 'sukunimi']) {
      if (!seen.has(required)) {
        throw new SimulatedRegisterFormatError(`Simulated register: CSV lacks the column "${required}"`);
      }
    }
    raws = records.map((record, index) => ({
      raw: csvToRaw(header, record, index),
      loc: { index, line: record.line },
    }));
  } else {
    throw new SimulatedRegisterFormatError(`Simulated register: unknown format ${String(format)}`);
  }

  const entries: SimulatedRegisterEntry[] = [];
  const firstIndexOfHetu = new Map<string, number>();
  for (const { raw, loc } of raws) {
    const entry = validateEntry(raw, loc);
    const earlier = firstIndexOfHetu.get(entry.hetu);
    if (earlier !== undefined) throw fieldError(loc, 'hetu', `the same hetu as entry ${earlier}`);
    firstIndexOfHetu.set(entry.hetu, loc.index);
    entries.push(entry);
  }
  return entries;
}

export async function loadSimulatedRegister(file: string): Promise<SimulatedPopulationRegister> {
  const extension = extname(file).toLowerCase();
  if (extension !== '.json' && extension !== '.csv') {
    throw new SimulatedRegisterFormatError(`Simulated register file must end in .json or .csv: ${file}`);
  }
  const text = await readFile(file, 'utf8');
  try {
    return new SimulatedPopulationRegister(
      parseSimulatedRegister(text, extension === '.json' ? 'json' : 'csv'),
    );
  } catch (error) {
    if (error instanceof SimulatedRegisterFormatError) {
      throw new SimulatedRegisterFormatError(`${file}: ${error.message}`);
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The register

function toRecord(entry: SimulatedRegisterEntry): PopulationRecord {
  const parsed = parseHetu(entry.hetu);
  if (!parsed.ok)
    throw new SimulatedRegisterFormatError(`Simulated register: invalid hetu ${maskHetu(entry.hetu)}`);
  const record: PopulationRecord = {
    hetu: entry.hetu,
    etunimet: entry.etunimet,
    sukunimi: entry.sukunimi,
    formerSurnames: [...(entry.entisetSukunimet ?? [])],
    sukupuoli: entry.sukupuoli ?? parsed.value.sex,
    syntymaaika: parsed.value.birthDate,
    aidinkieli: entry.aidinkieli ?? 'fi',
    kansalaisuudet: [...(entry.kansalaisuudet ?? ['246'])],
    turvakielto: entry.turvakielto ?? false,
  };
  if (entry.kutsumanimi !== undefined) record.kutsumanimi = entry.kutsumanimi;
  if (entry.kotikunta !== undefined) record.kotikunta = entry.kotikunta;
  if (entry.kuolinpaiva !== undefined) record.kuolinpaiva = entry.kuolinpaiva;
  return record;
}

export class SimulatedPopulationRegister implements PopulationRegister {
  readonly name = 'simulated';
  readonly #byHetu = new Map<string, SimulatedRegisterEntry>();

  constructor(entries: readonly SimulatedRegisterEntry[]) {
    entries.forEach((given, index) => {
      // Validating again costs little and also copies, so later changes to the caller's objects do not leak in.
      const entry = validateEntry(given, { index });
      if (this.#byHetu.has(entry.hetu)) {
        throw new SimulatedRegisterFormatError(`Simulated register: duplicate hetu ${maskHetu(entry.hetu)}`);
      }
      this.#byHetu.set(entry.hetu, entry);
    });
  }

  get size(): number {
    return this.#byHetu.size;
  }

  entries(): SimulatedRegisterEntry[] {
    return [...this.#byHetu.values()].map((entry) => structuredClone(entry));
  }

  async lookup(hetu: string): Promise<PopulationLookup> {
    const entry = this.#byHetu.get(hetu);
    if (!entry) return { kind: 'not_found' };
    if (entry.passivoitu) {
      return entry.aktiivinenHetu === undefined
        ? { kind: 'passivated' }
        : { kind: 'passivated', activeHetu: entry.aktiivinenHetu };
    }
    // A fresh object per call: callers may modify what they get without changing the register.
    return { kind: 'found', person: toRecord(entry) };
  }
}
