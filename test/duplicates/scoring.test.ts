import { describe, expect, it } from 'vitest';
import {
  type ComparedPerson,
  DEFAULT_DUPLICATE_THRESHOLDS,
  type Evidence,
  exactBirthDates,
  firstNamesSimilarity,
  scorePair,
  shiftDate,
  swapDayAndMonth,
  yearTypoDates,
} from '../../src/duplicates/scoring.ts';

const matti: ComparedPerson = {
  etunimet: 'Matti Juhani',
  sukunimi: 'Virtanen',
  syntymaaika: '1990-05-17',
  sukupuoli: '1',
  kansalaisuus: ['246'],
};

const evidence = (a: ComparedPerson, b: ComparedPerson, field: Evidence['kentta']) =>
  scorePair(a, b).perusteet.find((e) => e.kentta === field)!;

describe('duplicate scoring', () => {
  it('the same person scores 1 with every field the same', () => {
    const s = scorePair(matti, { ...matti });
    expect(s.pisteet).toBe(1);
    expect(s.perusteet.map((e) => [e.kentta, e.tulos])).toEqual([
      ['etunimet', 'sama'],
      ['sukunimi', 'sama'],
      ['syntymaaika', 'sama'],
      ['sukupuoli', 'sama'],
      ['kansalaisuus', 'sama'],
      ['hetu', 'puuttuu'],
    ]);
  });

  it('names compare normalised: accents, case and punctuation do not matter', () => {
    const a = { ...matti, etunimet: 'Åsa', sukunimi: "O'Brien-Äijälä" };
    const b = { ...matti, etunimet: 'asa', sukunimi: 'OBRIEN-AIJALA' };
    expect(evidence(a, b, 'etunimet').tulos).toBe('sama');
    expect(evidence(a, b, 'sukunimi').tulos).toBe('sama');
  });

  it('a surname typo is similar, with its Jaro-Winkler similarity and the values in the explanation', () => {
    const e = evidence(matti, { ...matti, sukunimi: 'Virtamen' }, 'sukunimi');
    expect(e.tulos).toBe('samankaltainen');
    expect(e.samankaltaisuus).toBeGreaterThanOrEqual(0.85);
    expect(e.selitys).toContain('Virtanen / Virtamen');
    expect(scorePair(matti, { ...matti, sukunimi: 'Virtamen' }).pisteet).toBeGreaterThan(0.95);
  });

  it('only some of the first names: similar with 1, marked OSA_NIMISTA', () => {
    const e = evidence(matti, { ...matti, etunimet: 'Matti' }, 'etunimet');
    expect(e).toMatchObject({ tulos: 'samankaltainen', samankaltaisuus: 1, tarkenne: 'OSA_NIMISTA' });
    expect(firstNamesSimilarity('Anna-Liisa Maria', 'Liisa')).toBe(1);
  });

  it('different first names are different; twins (same surname and birth date) fall below the threshold', () => {
    const twin = { ...matti, etunimet: 'Pekka Olavi' };
    expect(evidence(matti, twin, 'etunimet').tulos).toBe('eri');
    expect(scorePair(matti, twin).pisteet).toBeLessThan(DEFAULT_DUPLICATE_THRESHOLDS.minScore);
  });

  it('a former surname counts as the surname', () => {
    const married = { ...matti, sukunimi: 'Korhonen', entisetSukunimet: ['Virtanen'] };
    expect(evidence(matti, married, 'sukunimi')).toMatchObject({
      tulos: 'sama',
      tarkenne: 'ENTINEN_SUKUNIMI',
    });
  });

  it('first names and surname swapped are recognised', () => {
    const swapped = { ...matti, etunimet: 'Virtanen', sukunimi: 'Matti' };
    const s = scorePair({ ...matti, etunimet: 'Matti' }, swapped);
    expect(s.perusteet[0]).toMatchObject({ tulos: 'sama', tarkenne: 'NIMET_RISTIIN' });
    expect(s.pisteet).toBeGreaterThan(0.9);
  });

  it('birth dates: same, day and month swapped, days apart, one digit, different, unknown', () => {
    const at = (syntymaaika: string | null) => evidence(matti, { ...matti, syntymaaika }, 'syntymaaika');
    expect(at('1990-05-17').tulos).toBe('sama');
    expect(at('1990-05-17').samankaltaisuus).toBe(1);
    const m = { ...matti, syntymaaika: '1990-05-07' };
    expect(evidence(m, { ...m, syntymaaika: '1990-07-05' }, 'syntymaaika')).toMatchObject({
      tulos: 'samankaltainen',
      tarkenne: 'PAIVA_JA_KUUKAUSI_VAIHTUNEET',
      samankaltaisuus: 0.9,
    });
    expect(at('1990-05-18')).toMatchObject({
      tulos: 'samankaltainen',
      tarkenne: 'PAIVIA_EROA',
      samankaltaisuus: 0.85,
    });
    expect(at('1990-05-24')).toMatchObject({ tulos: 'samankaltainen', samankaltaisuus: 0.5 });
    expect(at('1991-05-17')).toMatchObject({ tulos: 'samankaltainen', tarkenne: 'YKSI_NUMERO_ERI' });
    expect(at('1985-02-01').tulos).toBe('eri');
    expect(at(null).tulos).toBe('puuttuu');
  });

  it('sex and nationality: same, different, unknown (999 is unknown)', () => {
    expect(evidence(matti, { ...matti, sukupuoli: '2' }, 'sukupuoli').tulos).toBe('eri');
    expect(evidence(matti, { ...matti, sukupuoli: null }, 'sukupuoli').tulos).toBe('puuttuu');
    expect(evidence(matti, { ...matti, kansalaisuus: ['246', '752'] }, 'kansalaisuus').tulos).toBe('sama');
    expect(evidence(matti, { ...matti, kansalaisuus: ['752'] }, 'kansalaisuus').tulos).toBe('eri');
    expect(evidence(matti, { ...matti, kansalaisuus: ['999'] }, 'kansalaisuus').tulos).toBe('puuttuu');
  });

  it('hetu: a shared one (current or earlier) settles it, different ones scale down, a typo does not; never shown', () => {
    const a = { ...matti, hetut: ['170590-901K'] };
    const shared = scorePair(a, { ...matti, etunimet: 'Pekka', hetut: ['010101-123N', '170590-901K'] });
    expect(shared.perusteet.at(-1)).toMatchObject({ kentta: 'hetu', tulos: 'sama', tarkenne: 'AIEMPI_HETU' });
    expect(shared.pisteet).toBeGreaterThanOrEqual(0.95);

    const different = scorePair(a, { ...matti, hetut: ['170590-9535'] });
    expect(different.perusteet.at(-1)?.tulos).toBe('eri');
    expect(different.pisteet).toBeCloseTo(0.7, 3);

    const typo = scorePair(a, { ...matti, hetut: ['170590-907K'] });
    expect(typo.perusteet.at(-1)).toMatchObject({ tulos: 'samankaltainen', tarkenne: 'HETU_KIRJOITUSVIRHE' });
    expect(typo.pisteet).toBe(1);

    for (const e of [...shared.perusteet, ...different.perusteet, ...typo.perusteet]) {
      expect(e.selitys).not.toMatch(/\d{6}[-+A-FU-Y]\d{3}/);
    }
  });

  it('unknown fields count half: names alone do not reach a full score', () => {
    const s = scorePair(
      { etunimet: 'Matti', sukunimi: 'Virtanen' },
      { etunimet: 'Matti', sukunimi: 'Virtanen', syntymaaika: '1990-05-17' },
    );
    expect(s.pisteet).toBe(0.8);
  });

  it('scores stay in 0–1 and are symmetric in the names', () => {
    const pairs: [ComparedPerson, ComparedPerson][] = [
      [matti, { ...matti, etunimet: 'Mathias', sukunimi: 'Wirtanen', syntymaaika: '1990-05-16' }],
      [matti, { etunimet: 'X', sukunimi: 'Y' }],
    ];
    for (const [a, b] of pairs) {
      const ab = scorePair(a, b).pisteet;
      expect(ab).toBeGreaterThanOrEqual(0);
      expect(ab).toBeLessThanOrEqual(1);
      expect(scorePair(b, a).pisteet).toBeCloseTo(ab, 2);
    }
  });

  it('blocking dates: swapped day and month, year typos, the window', () => {
    expect(swapDayAndMonth('1990-05-07')).toBe('1990-07-05');
    expect(swapDayAndMonth('1990-05-17')).toBeUndefined();
    expect(swapDayAndMonth('1990-05-05')).toBeUndefined();
    expect(exactBirthDates('1990-05-07')).toEqual(['1990-05-07', '1990-07-05']);
    expect(exactBirthDates('1990-05-17')).toEqual(['1990-05-17']);
    expect(yearTypoDates('1990-05-07')).toEqual(['1980-05-07', '1989-05-07', '1991-05-07', '2000-05-07']);
    expect(yearTypoDates('2000-02-29')).toEqual([]);
    expect(shiftDate('2000-03-01', -1)).toBe('2000-02-29');
  });
});
