import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NAME_THRESHOLDS,
  isValidCreatedKutsumanimi,
  isValidKutsumanimi,
  isValidNameString,
  jaroWinkler,
  type KnownNames,
  namesMatch,
  nameTokens,
  normaliseName,
} from '../../src/domain/names.ts';

describe('normaliseName', () => {
  it.each([
    ['Åsa', 'asa'],
    ['Jörgen', 'jorgen'],
    ['Søren', 'soren'],
    ['SØREN', 'soren'],
    ['Ærø', 'aero'],
    ['Strauß', 'strauss'],
    ['STRAẞE', 'strasse'],
    ['Đorđe', 'dorde'],
    ['Łukasz', 'lukasz'],
    ['Þór', 'thor'],
    ['Œdipe', 'oedipe'],
    ['Nguyễn', 'nguyen'],
    ['Yılmaz', 'yilmaz'],
    ['Émilie François', 'emilie francois'],
    ['  Anna-Liisa   Maria ', 'anna-liisa maria'],
    ['Anna–Liisa', 'anna-liisa'],
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['Mäki\tnen', 'maki nen'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it('treats composed and decomposed input alike', () => {
    expect(normaliseName('A\u0308ija\u0308la\u0308')).toBe(normaliseName('Äijälä'));
  });
});

describe('jaroWinkler', () => {
  it('gives the published values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
  });

  it('gives 1 for equal strings and 0 when nothing matches', () => {
    expect(jaroWinkler('virtanen', 'virtanen')).toBe(1);
    expect(jaroWinkler('a', 'a')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('gives 0 for empty strings, like Lucene', () => {
    expect(jaroWinkler('', '')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('abc', '')).toBe(0);
  });

  it('does not boost scores below the 0.7 threshold', () => {
    // Two matches out of eight: Jaro (2/8 + 2/8 + 1)/3 = 0.5; the common prefix "ab" must not raise it.
    expect(jaroWinkler('abcdxyzw', 'abpqrstu')).toBeCloseTo(0.5, 6);
  });

  it('like Lucene, scales the prefix by min(0.1, 1/longer length) instead of capping it at 4', () => {
    // Jaro 0.9333…, common prefix 9: Lucene gives 0.9333 + 9 × 0.1 × 0.0667 = 0.9933 (a cap of 4 would give 0.96).
    expect(jaroWinkler('abcdefghij', 'abcdefghik')).toBeCloseTo(0.9933, 3);
    // Longer strings: the scale shrinks to 1/17.
    expect(jaroWinkler('virtanen', 'virtanen-korhonen')).toBeCloseTo(0.9066, 3);
  });

  it('scores small typos in Finnish surnames high', () => {
    expect(jaroWinkler('virtanen', 'virtanan')).toBeGreaterThan(0.85);
    expect(jaroWinkler('makinen', 'makkinen')).toBeGreaterThan(0.85);
    expect(jaroWinkler('korhonen', 'virtanen')).toBeLessThan(0.85);
  });

  it('is symmetric and between 0 and 1 (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const score = jaroWinkler(a, b);
        expect(score).toBe(jaroWinkler(b, a));
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        if (a.length > 0) expect(jaroWinkler(a, a)).toBe(1);
      }),
    );
  });
});

describe('nameTokens', () => {
  it('splits on spaces and adds hyphen parts', () => {
    expect(nameTokens('Anna-Liisa Maria')).toEqual(['anna-liisa', 'anna', 'liisa', 'maria']);
    expect(nameTokens('  Juha-Pekka  ')).toEqual(['juha-pekka', 'juha', 'pekka']);
    expect(nameTokens('')).toEqual([]);
  });
});

describe('namesMatch', () => {
  const person: KnownNames = { etunimet: 'Matti Juhani Tapio', sukunimi: 'Virtanen' };

  it('matches identical names', () => {
    expect(namesMatch({ etunimet: 'Matti Juhani Tapio', sukunimi: 'Virtanen' }, person)).toBe(true);
  });

  it('accepts one correct first name out of several', () => {
    expect(namesMatch({ etunimet: 'Juhani', sukunimi: 'Virtanen' }, person)).toBe(true);
    expect(namesMatch({ etunimet: 'Tapio', sukunimi: 'Virtanen' }, person)).toBe(true);
    expect(namesMatch({ etunimet: 'Pekka Tapio', sukunimi: 'Virtanen' }, person)).toBe(true);
    expect(namesMatch({ etunimet: 'Matti Juhani', sukunimi: 'Virtanen' }, person)).toBe(true);
  });

  it('ignores case, accents and Nordic letters', () => {
    expect(
      namesMatch({ etunimet: 'Asa', sukunimi: 'Aberg' }, { etunimet: 'Åsa Maria', sukunimi: 'Åberg' }),
    ).toBe(true);
    expect(
      namesMatch({ etunimet: 'Jorgen', sukunimi: 'Ostman' }, { etunimet: 'Jörgen', sukunimi: 'Östman' }),
    ).toBe(true);
    expect(
      namesMatch({ etunimet: 'Soren', sukunimi: 'Jorgensen' }, { etunimet: 'Søren', sukunimi: 'Jørgensen' }),
    ).toBe(true);
    expect(
      namesMatch({ etunimet: 'EMILIE', sukunimi: 'lefevre' }, { etunimet: 'Émilie', sukunimi: 'Lefèvre' }),
    ).toBe(true);
    expect(
      namesMatch({ etunimet: 'Aijala', sukunimi: 'Maki' }, { etunimet: 'Äijälä', sukunimi: 'Mäki' }),
    ).toBe(true);
  });

  it('matches a hyphen part of a first name', () => {
    const annaLiisa = { etunimet: 'Anna-Liisa Maria', sukunimi: 'Mäkinen' };
    expect(namesMatch({ etunimet: 'Liisa', sukunimi: 'Mäkinen' }, annaLiisa)).toBe(true);
    expect(namesMatch({ etunimet: 'Anna', sukunimi: 'Mäkinen' }, annaLiisa)).toBe(true);
    expect(namesMatch({ etunimet: 'Anna Liisa', sukunimi: 'Mäkinen' }, annaLiisa)).toBe(true);
    expect(namesMatch({ etunimet: 'Anna-Liisa', sukunimi: 'Makinen' }, annaLiisa)).toBe(true);
  });

  it('matches a given first name string that is a substring of the known one', () => {
    expect(namesMatch({ etunimet: 'juhani tap', sukunimi: 'Virtanen' }, person)).toBe(true);
  });

  it('tolerates small typos', () => {
    expect(namesMatch({ etunimet: 'Matti', sukunimi: 'Virtanan' }, person)).toBe(true);
    expect(namesMatch({ etunimet: 'Mati', sukunimi: 'Virtanen' }, person)).toBe(true);
    expect(namesMatch({ etunimet: 'Juhnai', sukunimi: 'Virtanen' }, person)).toBe(true);
  });

  it('accepts first names and surname swapped', () => {
    expect(namesMatch({ etunimet: 'Virtanen', sukunimi: 'Matti' }, person)).toBe(true);
    expect(namesMatch({ etunimet: 'Virtanen', sukunimi: 'Matti Juhani' }, person)).toBe(true);
    expect(namesMatch({ etunimet: 'Virtanen', sukunimi: 'Pekka' }, person)).toBe(false);
  });

  it('accepts a former surname', () => {
    const married = { etunimet: 'Liisa Maria', sukunimi: 'Korhonen', formerSurnames: ['Nieminen', 'Salo'] };
    expect(namesMatch({ etunimet: 'Liisa', sukunimi: 'Nieminen' }, married)).toBe(true);
    expect(namesMatch({ etunimet: 'Liisa', sukunimi: 'Salo' }, married)).toBe(true);
    expect(namesMatch({ etunimet: 'Liisa', sukunimi: 'Korhonen' }, married)).toBe(true);
    expect(namesMatch({ etunimet: 'Liisa', sukunimi: 'Lehtonen' }, married)).toBe(false);
    expect(namesMatch({ etunimet: 'Liisa', sukunimi: 'Nieminen' }, { ...married, formerSurnames: [] })).toBe(
      false,
    );
  });

  it('rejects clear mismatches', () => {
    expect(namesMatch({ etunimet: 'Pekka', sukunimi: 'Virtanen' }, person)).toBe(false);
    expect(namesMatch({ etunimet: 'Matti', sukunimi: 'Korhonen' }, person)).toBe(false);
    expect(namesMatch({ etunimet: 'Maija', sukunimi: 'Meikäläinen' }, person)).toBe(false);
  });

  it('never matches empty names', () => {
    expect(namesMatch({ etunimet: '', sukunimi: 'Virtanen' }, person)).toBe(false);
    expect(namesMatch({ etunimet: 'Matti', sukunimi: '' }, person)).toBe(false);
    expect(namesMatch({ etunimet: ' ', sukunimi: ' ' }, person)).toBe(false);
    expect(namesMatch({ etunimet: '', sukunimi: '' }, { etunimet: '', sukunimi: '' })).toBe(false);
    expect(
      namesMatch({ etunimet: 'Matti', sukunimi: 'Virtanen' }, { etunimet: '', sukunimi: 'Virtanen' }),
    ).toBe(false);
    expect(namesMatch({ etunimet: "'", sukunimi: 'Virtanen' }, person)).toBe(false);
  });

  it('does not compare kutsumanimi', () => {
    const given = { etunimet: 'Matti', sukunimi: 'Virtanen', kutsumanimi: 'Totally-Different' };
    expect(namesMatch(given, person)).toBe(true);
  });

  it('uses configurable thresholds', () => {
    const typo = { etunimet: 'Matti', sukunimi: 'Virtanan' };
    expect(namesMatch(typo, person, { surname: 0.99, firstNames: 0.85 })).toBe(false);
    expect(
      namesMatch({ etunimet: 'Mati', sukunimi: 'Virtanen' }, person, { surname: 0.85, firstNames: 0.99 }),
    ).toBe(false);
    expect(DEFAULT_NAME_THRESHOLDS).toEqual({ surname: 0.85, firstNames: 0.85 });
  });
});

describe('isValidNameString', () => {
  // The reference's rule: words of visible characters (\p{Graph}) separated by single spaces (SPEC §7a).
  it.each([
    'Matti',
    'Matti Juhani',
    'Anna-Liisa Maria',
    "O'Brien",
    'D’Angelo',
    'Åsa',
    'Nguyễn',
    'Þóra',
    'Ivanova',
    'X Æ A-12',
    'St.John',
    'Matti2',
    '1',
    '-Anna',
    'Anna--Liisa',
    'Matti, Juhani',
    '李 小龍',
  ])('accepts %j', (name) => {
    expect(isValidNameString(name)).toBe(true);
  });

  it.each([
    '',
    ' ',
    'Matti  Juhani',
    ' Matti',
    'Matti ',
    'Matti\tJuhani',
    'Matti\nJuhani',
    'Matti\u00a0Juhani',
    'Matti\u0000',
    'Matti\u0007',
    '\ud800',
  ])('rejects %j', (name) => {
    expect(isValidNameString(name)).toBe(false);
  });

  it('accepts decomposed letters', () => {
    expect(isValidNameString('A\u0308ija\u0308la\u0308')).toBe(true);
  });

  it('limits the length to 255 characters, as the reference stores them', () => {
    expect(isValidNameString('a'.repeat(255))).toBe(true);
    expect(isValidNameString('a'.repeat(256))).toBe(false);
  });
});

describe('isValidKutsumanimi', () => {
  it('accepts one of the first names, case-insensitively', () => {
    expect(isValidKutsumanimi('Juhani', 'Matti Juhani')).toBe(true);
    expect(isValidKutsumanimi('matti', 'Matti Juhani')).toBe(true);
    expect(isValidKutsumanimi('ÅSA', 'Åsa Maria')).toBe(true);
  });

  it('accepts a hyphenated first name and its parts', () => {
    expect(isValidKutsumanimi('Anna-Liisa', 'Anna-Liisa Maria')).toBe(true);
    expect(isValidKutsumanimi('Liisa', 'Anna-Liisa Maria')).toBe(true);
    expect(isValidKutsumanimi('Anna', 'Anna-Liisa Maria')).toBe(true);
  });

  it('rejects other names, several tokens and near misses', () => {
    expect(isValidKutsumanimi('Pekka', 'Matti Juhani')).toBe(false);
    expect(isValidKutsumanimi('Matti Juhani', 'Matti Juhani')).toBe(false);
    expect(isValidKutsumanimi('Mati', 'Matti Juhani')).toBe(false);
    expect(isValidKutsumanimi('Asa', 'Åsa')).toBe(false);
    expect(isValidKutsumanimi('', 'Matti')).toBe(false);
    expect(isValidKutsumanimi(' Matti', 'Matti')).toBe(false);
    expect(isValidKutsumanimi('Liisa-Anna', 'Anna-Liisa')).toBe(false);
    expect(isValidKutsumanimi('Matti', '')).toBe(false);
  });

  it('accepts names of visible characters: digits and symbols as the reference does', () => {
    expect(isValidKutsumanimi('Æ', 'X Æ A-12')).toBe(true);
    expect(isValidKutsumanimi('12', 'X Æ A-12')).toBe(true);
    expect(isValidKutsumanimi('A-12', 'X Æ A-12')).toBe(true);
    expect(isValidKutsumanimi('st.john', 'St.John Paul')).toBe(true);
    expect(isValidKutsumanimi('Matti\u0000', 'Matti\u0000')).toBe(false);
  });
});

// The reference's KutsumanimiValidatorTest (oppijanumerorekisteri-service), case by case.
describe('isValidCreatedKutsumanimi', () => {
  const valid = (etunimet: string, yes: string[], no: string[] = []) => {
    for (const k of yes) expect(isValidCreatedKutsumanimi(k, etunimet), `${k} of ${etunimet}`).toBe(true);
    for (const k of no) expect(isValidCreatedKutsumanimi(k, etunimet), `${k} of ${etunimet}`).toBe(false);
  };

  it('basic cases', () => {
    valid(
      'Anna-Liisa Milla Karoliina Anitra Kristiina',
      ['Anna', 'Liisa', 'Anna-Liisa', 'Milla', 'Karoliina', 'Anitra', 'Kristiina'],
      ['Karo', 'liina', 'iisa', 'Sanna'],
    );
  });

  it('basic cases with multiple dashes', () => {
    valid('Anna Liisa Milla-Karoliina Anitra-Kristiina', [
      'Anna',
      'Liisa',
      'Milla-Karoliina',
      'Milla',
      'Karoliina',
      'Anitra-Kristiina',
      'Anitra',
      'Kristiina',
    ]);
  });

  it('multiple names: consecutive runs only', () => {
    valid(
      'Anna-Liisa Milla Karoliina Anitra Kristiina',
      [
        'Anna Liisa',
        'Liisa Milla',
        'Anna-Liisa Milla',
        'Milla Karoliina',
        'Karoliina Anitra',
        'Anitra Kristiina',
        'Anna-Liisa Milla Karoliina',
        'Liisa Milla Karoliina',
        'Karoliina Anitra Kristiina',
        'Anna-Liisa Milla Karoliina Anitra',
        'Milla Karoliina Anitra Kristiina',
        'Anna Liisa Milla Karoliina',
        'Liisa Milla Karoliina Anitra',
        'Anna Liisa Milla Karoliina Anitra',
        'Liisa Milla Karoliina Anitra Kristiina',
        'Anna Liisa Milla Karoliina Anitra Kristiina',
      ],
      ['Anna Milla', 'Milla Anitra', 'Liisa Anna'],
    );
  });

  it('corner cases', () => {
    valid('AnnaFIA Fia-Maarit', ['Fia']);
    valid('Manh Man', ['Man']);
    valid('Matti ', ['Matti ']);
  });

  it('case insensitivity', () => {
    valid('Jorma teppo', ['jorma', 'Teppo', 'jorma Teppo']);
  });
});
