import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CENTURY_SIGNS, isTestHetu, parseHetu } from '../../src/domain/hetu.ts';
import { isValidKutsumanimi, isValidNameString } from '../../src/domain/names.ts';
import { looksLikeTestName } from '../../src/domain/test-data.ts';
import { generatePopulation, toCsv, toJson } from '../../src/identification/population-generator.ts';
import { PopulationRegisterUnavailableError } from '../../src/identification/population-register.ts';
import {
  loadSimulatedRegister,
  parseCsv,
  parseSimulatedRegister,
  SimulatedPopulationRegister,
  type SimulatedRegisterEntry,
} from '../../src/identification/simulated-register.ts';

const SHIPPED_FILE = fileURLToPath(
  new URL('../../resources/simulated-population-register.json', import.meta.url),
);

const ENTRIES: SimulatedRegisterEntry[] = [
  {
    hetu: '010866-9260',
    etunimet: 'Anna-Liisa Maria',
    sukunimi: 'Äijälä',
    kutsumanimi: 'Liisa',
    entisetSukunimet: ['Östman', 'Åberg'],
    kotikunta: '091',
  },
  {
    hetu: '150378Y9019',
    etunimet: 'Søren',
    sukunimi: 'Jørgensen',
    aidinkieli: 'da',
    kansalaisuudet: ['208', '246'],
  },
  { hetu: '010100A904L', etunimet: 'Émilie', sukunimi: 'Virtanen', sukupuoli: '1', turvakielto: true },
  { hetu: '311299-999E', etunimet: 'Matti', sukunimi: 'Mäkinen', kuolinpaiva: '2020-02-29' },
  {
    hetu: '290296-9336',
    etunimet: 'Anna-Liisa Maria',
    sukunimi: 'Äijälä',
    passivoitu: true,
    aktiivinenHetu: '010866-9260',
  },
  { hetu: '121212C998P', etunimet: 'Tuntematon', sukunimi: 'Passiivinen', passivoitu: true },
];

describe('parseCsv', () => {
  it('handles quoted fields with commas, doubled quotes, line breaks and CRLF', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n,,\n\nlast,"",z';
    expect(parseCsv(text)).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', 'two\r\nlines'], line: 2 },
      { fields: ['', '', ''], line: 4 },
      { fields: ['last', '', 'z'], line: 6 },
    ]);
  });

  it('skips a byte order mark and a final line break', () => {
    expect(parseCsv('\ufeffa,b\n1,2\n')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ]);
  });

  it('refuses broken quoting', () => {
    expect(() => parseCsv('a,"b\n1,2')).toThrow(/line 1: unterminated quote/);
    expect(() => parseCsv('a,"b"c\n')).toThrow(/line 1: unexpected text after a closing quote/);
    expect(() => parseCsv('a,b"c\n')).toThrow(/line 1: a quote inside an unquoted field/);
  });
});

describe('parseSimulatedRegister', () => {
  it('parses JSON', () => {
    expect(parseSimulatedRegister(JSON.stringify(ENTRIES), 'json')).toEqual(ENTRIES);
  });

  it('treats JSON null as absent', () => {
    const [entry] = parseSimulatedRegister(
      '[{"hetu":"010866-9260","etunimet":"Anna","sukunimi":"Virtanen","kutsumanimi":null,"turvakielto":null}]',
      'json',
    );
    expect(entry).toEqual({ hetu: '010866-9260', etunimet: 'Anna', sukunimi: 'Virtanen' });
  });

  it('parses CSV with quotes, commas and lists', () => {
    const csv = [
      'hetu,etunimet,sukunimi,kutsumanimi,entisetSukunimet,kansalaisuudet,turvakielto,kuolinpaiva,passivoitu,aktiivinenHetu',
      '010866-9260,Anna-Liisa Maria,"Äijälä",Liisa,Östman|Åberg,246,false,,,',
      '"150378Y9019","Søren","Jørgensen",,,"208|246",true,,,',
      '311299-999E,Matti,"O\'Brien",,,,,2020-02-29,,',
      '290296-9336,Anna-Liisa Maria,Äijälä,,,,,,true,010866-9260',
    ].join('\r\n');
    expect(parseSimulatedRegister(csv, 'csv')).toEqual([
      {
        hetu: '010866-9260',
        etunimet: 'Anna-Liisa Maria',
        sukunimi: 'Äijälä',
        kutsumanimi: 'Liisa',
        entisetSukunimet: ['Östman', 'Åberg'],
        kansalaisuudet: ['246'],
        turvakielto: false,
      },
      {
        hetu: '150378Y9019',
        etunimet: 'Søren',
        sukunimi: 'Jørgensen',
        kansalaisuudet: ['208', '246'],
        turvakielto: true,
      },
      { hetu: '311299-999E', etunimet: 'Matti', sukunimi: "O'Brien", kuolinpaiva: '2020-02-29' },
      {
        hetu: '290296-9336',
        etunimet: 'Anna-Liisa Maria',
        sukunimi: 'Äijälä',
        passivoitu: true,
        aktiivinenHetu: '010866-9260',
      },
    ]);
  });

  it('reads back what toCsv writes, quoting where needed', () => {
    const csv = toCsv(ENTRIES);
    expect(csv.split('\r\n')[0]).toBe(
      'hetu,etunimet,sukunimi,kutsumanimi,entisetSukunimet,sukupuoli,aidinkieli,kansalaisuudet,kotikunta,' +
        'turvakielto,kuolinpaiva,passivoitu,aktiivinenHetu',
    );
    expect(parseSimulatedRegister(csv, 'csv')).toEqual(ENTRIES);
    expect(parseSimulatedRegister(toJson(ENTRIES), 'json')).toEqual(ENTRIES);
  });

  const valid = { hetu: '010866-9260', etunimet: 'Anna', sukunimi: 'Virtanen' };
  it.each([
    [{ ...valid, hetu: '010866-9261' }, /entry 1, field "hetu": invalid \(checksum\)/],
    [{ ...valid, hetu: '300266-926V' }, /entry 1, field "hetu": invalid \(date\)/],
    [{ ...valid, hetu: undefined }, /entry 1, field "hetu": required/],
    [{ ...valid, etunimet: '' }, /entry 1, field "etunimet": required/],
    [{ ...valid, etunimet: 'Anna  Maria' }, /entry 1, field "etunimet"/],
    [{ ...valid, sukunimi: 42 }, /entry 1, field "sukunimi": required/],
    [{ ...valid, kuolinpaiva: '2021-02-29' }, /entry 1, field "kuolinpaiva": must be a real date/],
    [{ ...valid, kuolinpaiva: '1960-01-01' }, /entry 1, field "kuolinpaiva": is before the birth date/],
    [{ ...valid, sukupuoli: 'M' }, /entry 1, field "sukupuoli"/],
    [{ ...valid, turvakielto: 'yes' }, /entry 1, field "turvakielto": must be true or false/],
    [{ ...valid, kansalaisuudet: 'FI' }, /entry 1, field "kansalaisuudet": must be a list/],
    [{ ...valid, kansalaisuudet: ['246', 'FIN'] }, /entry 1, field "kansalaisuudet\[1\]"/],
    [{ ...valid, entisetSukunimet: ['Ok', ''] }, /entry 1, field "entisetSukunimet\[1\]"/],
    [{ ...valid, kotikunta: 'Helsinki' }, /entry 1, field "kotikunta"/],
    [{ ...valid, aktiivinenHetu: '131052-308T' }, /entry 1, field "aktiivinenHetu": only a passivated hetu/],
    [{ ...valid, passivoitu: true, aktiivinenHetu: '131052-308U' }, /entry 1, field "aktiivinenHetu"/],
    [{ ...valid, kuolinpäivä: '2020-01-01' }, /entry 1, field "kuolinpäivä": unknown field/],
  ])('names the entry and field of bad data: %j', (bad, message) => {
    const json = JSON.stringify([{ hetu: '131052-308T', etunimet: 'Liisa', sukunimi: 'Korhonen' }, bad]);
    expect(() => parseSimulatedRegister(json, 'json')).toThrow(message);
  });

  it('refuses duplicate hetus', () => {
    expect(() => parseSimulatedRegister(JSON.stringify([valid, valid]), 'json')).toThrow(
      /entry 1, field "hetu": the same hetu as entry 0/,
    );
  });

  it('names the line of bad CSV data', () => {
    const csv =
      'hetu,etunimet,sukunimi,turvakielto\n010866-9260,Anna,Virtanen,\n"131052-308T","Li\nisa",Korhonen,kyllä\n';
    expect(() => parseSimulatedRegister(csv, 'csv')).toThrow(/entry 1 \(line 3\), field "turvakielto"/);
    expect(() => parseSimulatedRegister('hetu,etunimet,sukunimi\n010866-9260,Anna\n', 'csv')).toThrow(
      /entry 0 \(line 2\): 2 fields, the header has 3/,
    );
  });

  it('refuses bad CSV headers and bad JSON', () => {
    expect(() => parseSimulatedRegister('', 'csv')).toThrow(/no header/);
    expect(() => parseSimulatedRegister('hetu,etunimet\n', 'csv')).toThrow(/lacks the column "sukunimi"/);
    expect(() => parseSimulatedRegister('hetu,etunimet,sukunimi,nimi\n', 'csv')).toThrow(
      /unknown CSV column "nimi"/,
    );
    expect(() => parseSimulatedRegister('hetu,etunimet,sukunimi,hetu\n', 'csv')).toThrow(
      /duplicate column "hetu"/,
    );
    expect(() => parseSimulatedRegister('{"hetu":"010866-9260"}', 'json')).toThrow(/must be an array/);
    expect(() => parseSimulatedRegister('[', 'json')).toThrow(/not valid JSON/);
    expect(() => parseSimulatedRegister('[1]', 'json')).toThrow(/entry 0: must be an object/);
  });
});

describe('SimulatedPopulationRegister', () => {
  const register = new SimulatedPopulationRegister(ENTRIES);

  it('describes itself', () => {
    expect(register.name).toBe('simulated');
    expect(register.size).toBe(ENTRIES.length);
    expect(register.entries()).toEqual(ENTRIES);
  });

  it('finds a person, deriving sex and birth date from the hetu and filling defaults', async () => {
    expect(await register.lookup('010866-9260')).toEqual({
      kind: 'found',
      person: {
        hetu: '010866-9260',
        etunimet: 'Anna-Liisa Maria',
        kutsumanimi: 'Liisa',
        sukunimi: 'Äijälä',
        formerSurnames: ['Östman', 'Åberg'],
        sukupuoli: '2',
        syntymaaika: '1966-08-01',
        aidinkieli: 'fi',
        kansalaisuudet: ['246'],
        kotikunta: '091',
        turvakielto: false,
      },
    });
  });

  it('uses the given values over derived ones', async () => {
    const result = await register.lookup('010100A904L');
    expect(result).toMatchObject({
      kind: 'found',
      person: { sukupuoli: '1', syntymaaika: '2000-01-01', turvakielto: true },
    });
    expect(await register.lookup('150378Y9019')).toMatchObject({
      kind: 'found',
      person: { aidinkieli: 'da', kansalaisuudet: ['208', '246'], formerSurnames: [] },
    });
    expect(await register.lookup('311299-999E')).toMatchObject({
      kind: 'found',
      person: { kuolinpaiva: '2020-02-29' },
    });
  });

  it('reports passivated hetus with and without the active hetu', async () => {
    expect(await register.lookup('290296-9336')).toEqual({ kind: 'passivated', activeHetu: '010866-9260' });
    expect(await register.lookup('121212C998P')).toEqual({ kind: 'passivated' });
  });

  it('reports unknown hetus as not found, matching exactly', async () => {
    expect(await register.lookup('131052-308T')).toEqual({ kind: 'not_found' });
    expect(await register.lookup('010866-926')).toEqual({ kind: 'not_found' });
    expect(await register.lookup('')).toEqual({ kind: 'not_found' });
  });

  it('hands out copies', async () => {
    const first = await register.lookup('010866-9260');
    if (first.kind === 'found') first.person.formerSurnames.push('Changed');
    const again = await register.lookup('010866-9260');
    expect(again.kind === 'found' && again.person.formerSurnames).toEqual(['Östman', 'Åberg']);
    register.entries()[0]!.etunimet = 'Changed';
    expect(register.entries()[0]!.etunimet).toBe('Anna-Liisa Maria');
  });

  it('refuses duplicate and invalid entries', () => {
    expect(() => new SimulatedPopulationRegister([ENTRIES[0]!, ENTRIES[0]!])).toThrow(
      /duplicate hetu 010866-\*\*\*\*/,
    );
    expect(() => new SimulatedPopulationRegister([{ ...ENTRIES[0]!, hetu: 'nonsense' }])).toThrow(
      /field "hetu"/,
    );
  });
});

describe('loadSimulatedRegister', () => {
  it('loads JSON and CSV files by extension and refuses others', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onr-register-'));
    try {
      await writeFile(join(dir, 'persons.json'), JSON.stringify(ENTRIES));
      await writeFile(join(dir, 'persons.CSV'), toCsv(ENTRIES));
      await writeFile(join(dir, 'persons.txt'), '');
      await writeFile(join(dir, 'bad.json'), '[{"hetu":"x","etunimet":"A","sukunimi":"B"}]');
      expect((await loadSimulatedRegister(join(dir, 'persons.json'))).size).toBe(ENTRIES.length);
      expect((await loadSimulatedRegister(join(dir, 'persons.CSV'))).entries()).toEqual(ENTRIES);
      await expect(loadSimulatedRegister(join(dir, 'persons.txt'))).rejects.toThrow(/\.json or \.csv/);
      await expect(loadSimulatedRegister(join(dir, 'bad.json'))).rejects.toThrow(
        /bad\.json: .*entry 0, field "hetu"/,
      );
      await expect(loadSimulatedRegister(join(dir, 'missing.json'))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('PopulationRegisterUnavailableError', () => {
  it('is an Error with a name and a cause', () => {
    const cause = new Error('timeout');
    const error = new PopulationRegisterUnavailableError('VTJ timed out', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PopulationRegisterUnavailableError');
    expect(error.cause).toBe(cause);
  });
});

function checkPopulation(entries: SimulatedRegisterEntry[]): void {
  const hetus = new Set(entries.map((e) => e.hetu));
  expect(hetus.size).toBe(entries.length);
  for (const entry of entries) {
    expect(isTestHetu(entry.hetu), entry.hetu).toBe(true);
    expect(isValidNameString(entry.etunimet), entry.etunimet).toBe(true);
    expect(isValidNameString(entry.sukunimi), entry.sukunimi).toBe(true);
    expect(looksLikeTestName(entry), JSON.stringify(entry)).toBe(false);
    if (entry.kutsumanimi !== undefined) {
      expect(isValidKutsumanimi(entry.kutsumanimi, entry.etunimet), JSON.stringify(entry)).toBe(true);
    }
    const parsed = parseHetu(entry.hetu);
    if (parsed.ok && entry.sukupuoli) expect(entry.sukupuoli).toBe(parsed.value.sex);
    if (parsed.ok && entry.kuolinpaiva) expect(entry.kuolinpaiva > parsed.value.birthDate).toBe(true);
    if (entry.aktiivinenHetu !== undefined) {
      expect(entry.passivoitu).toBe(true);
      const active = entries.find((e) => e.hetu === entry.aktiivinenHetu);
      expect(active, entry.aktiivinenHetu).toBeDefined();
      expect(active?.passivoitu).toBeUndefined();
    }
  }
  // Everything the generator writes passes the file validation.
  expect(parseSimulatedRegister(toJson(entries), 'json')).toEqual(entries);
  expect(parseSimulatedRegister(toCsv(entries), 'csv')).toEqual(entries);
}

describe('generatePopulation', () => {
  it('is deterministic for a seed', () => {
    expect(generatePopulation({ count: 200, seed: 7 })).toEqual(generatePopulation({ count: 200, seed: 7 }));
    expect(generatePopulation({ count: 200, seed: 7 })).not.toEqual(
      generatePopulation({ count: 200, seed: 8 }),
    );
    expect(generatePopulation({ count: 50 })).toEqual(generatePopulation({ count: 50, seed: 1 }));
  });

  it('generates exactly count entries', () => {
    for (const count of [0, 1, 12, 13, 14, 100])
      expect(generatePopulation({ count, seed: 3 })).toHaveLength(count);
  });

  it('covers every century sign from 13 persons on', () => {
    const signs = new Set(generatePopulation({ count: 13, seed: 5 }).map((e) => e.hetu.charAt(6)));
    expect(signs.size).toBe(Object.keys(CENTURY_SIGNS).length);
  });

  it.each([1, 2, 42])('produces valid, unique test persons (seed %i)', (seed) => {
    checkPopulation(generatePopulation({ count: 1000, seed }));
  });

  it('refuses bad options', () => {
    expect(() => generatePopulation({ count: -1 })).toThrow();
    expect(() => generatePopulation({ count: 1.5 })).toThrow();
    expect(() => generatePopulation({ count: 10, seed: Number.NaN })).toThrow();
  });
});

describe('the shipped register file', () => {
  it('is the output of scripts/generate-population.ts (count 400, seed 1)', async () => {
    const text = await readFile(SHIPPED_FILE, 'utf8');
    expect(text).toBe(toJson(generatePopulation({ count: 400, seed: 1 })));
  });

  it('holds the persons the spec asks for', async () => {
    const register = await loadSimulatedRegister(SHIPPED_FILE);
    const entries = register.entries();
    expect(entries.length).toBeGreaterThanOrEqual(300);
    checkPopulation(entries);

    const signs = new Set(entries.map((e) => e.hetu.charAt(6)));
    expect([...signs].sort()).toEqual(Object.keys(CENTURY_SIGNS).sort());
    const count = (p: (e: SimulatedRegisterEntry) => boolean) => entries.filter(p).length;
    expect(count((e) => (e.entisetSukunimet?.length ?? 0) > 0)).toBeGreaterThan(5);
    expect(count((e) => e.passivoitu === true && e.aktiivinenHetu !== undefined)).toBeGreaterThan(3);
    expect(count((e) => e.kuolinpaiva !== undefined)).toBeGreaterThan(2);
    expect(count((e) => e.turvakielto === true)).toBeGreaterThan(0);
    expect(count((e) => e.aidinkieli === 'sv')).toBeGreaterThan(5);
    expect(count((e) => e.kansalaisuudet !== undefined && !e.kansalaisuudet.includes('246'))).toBeGreaterThan(
      0,
    );
    expect(count((e) => e.etunimet.includes('-'))).toBeGreaterThan(5);
    expect(count((e) => e.sukunimi.includes('-'))).toBeGreaterThan(2);
    expect(count((e) => e.etunimet.includes(' '))).toBeGreaterThan(100);
    const allNames = entries.map((e) => `${e.etunimet} ${e.sukunimi}`).join(' ');
    for (const letter of ['ä', 'ö', 'å', 'Ä', 'Ö', 'Å']) expect(allNames).toContain(letter);
    expect(allNames).toMatch(/[éèáíóúüñçøæðþł]/);

    // Lookups work on the loaded file.
    const alive = entries.find((e) => !e.passivoitu)!;
    expect(await register.lookup(alive.hetu)).toMatchObject({ kind: 'found', person: { hetu: alive.hetu } });
    const passivated = entries.find((e) => e.passivoitu)!;
    expect(await register.lookup(passivated.hetu)).toEqual({
      kind: 'passivated',
      activeHetu: passivated.aktiivinenHetu,
    });
  });
});
