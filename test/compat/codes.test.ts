/**
 * Code lists (SPEC §7a "Code lists"): the reference's koodisto maatjavaltiot2, kieli, kunta and
 * sukupuoli, complete, with names in Finnish, Swedish and English, and the reference's
 * `{koodi, nimi: {FI, SV, EN}}` objects (its KoodiNimiReadDto).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeList, isValidCode, koodiNimi } from '../../src/codes/index.ts';
import { API, createTestApp, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

describe('code lists', () => {
  it('countries: every ISO 3166 numeric code and the koodisto’s own (999 unknown, 998, 991, 997 Kosovo…)', () => {
    // Facts of the reference's maatjavaltiot2: 249 ISO codes and ten of its own.
    expect(codeList('maatjavaltiot2')).toHaveLength(259);
    for (const code of ['246', '752', '232', '524', '004', '840', '826', '999', '998', '991', '990', '997']) {
      expect(isValidCode('maatjavaltiot2', code), code).toBe(true);
    }
    for (const code of ['000', '983', '24', '2460', 'FI', '']) {
      expect(isValidCode('maatjavaltiot2', code), code).toBe(false);
    }
    expect(koodiNimi('maatjavaltiot2', '246')).toEqual({
      koodi: '246',
      nimi: { FI: 'Suomi', SV: 'Finland', EN: 'Finland' },
    });
    expect(koodiNimi('maatjavaltiot2', '232').nimi.FI).toBe('Eritrea');
    expect(koodiNimi('maatjavaltiot2', '524').nimi.EN).toBe('Nepal');
    expect(koodiNimi('maatjavaltiot2', '999').nimi.FI).toBe('Tuntematon');
  });

  it('languages: ISO 639-1 in any case, answered in upper case as the koodisto spells them', () => {
    expect(codeList('kieli').length).toBeGreaterThanOrEqual(196);
    for (const code of ['FI', 'fi', 'Sv', 'en', 'se', 'ti', 'ne', 'so', 'XX', '98', '99', 'ri', 'VK']) {
      expect(isValidCode('kieli', code), code).toBe(true);
    }
    for (const code of ['fin', 'suomi', 'f', '', 'zz']) expect(isValidCode('kieli', code), code).toBe(false);
    expect(koodiNimi('kieli', 'fi')).toEqual({
      koodi: 'FI',
      nimi: { FI: 'suomi', SV: 'finska', EN: 'Finnish' },
    });
    expect(koodiNimi('kieli', 'sv').nimi).toEqual({ FI: 'ruotsi', SV: 'svenska', EN: 'Swedish' });
  });

  it('municipalities: the 309 of Statistics Finland, with Finnish and Swedish names', () => {
    const list = codeList('kunta');
    expect(list).toHaveLength(309);
    expect(list.every((m) => /^\d{3}$/.test(m.koodi))).toBe(true);
    expect(koodiNimi('kunta', '091')).toEqual({
      koodi: '091',
      nimi: { FI: 'Helsinki', SV: 'Helsingfors', EN: 'Helsinki' },
    });
    expect(koodiNimi('kunta', '853').nimi.SV).toBe('Åbo');
    expect(koodiNimi('kunta', '478').nimi).toMatchObject({ FI: 'Maarianhamina', SV: 'Mariehamn' });
    expect(isValidCode('kunta', '91')).toBe(false);
  });

  it('sex: "1" and "2" only', () => {
    expect(codeList('sukupuoli').map((c) => c.koodi)).toEqual(['1', '2']);
    expect(koodiNimi('sukupuoli', '2')).toEqual({
      koodi: '2',
      nimi: { FI: 'nainen', SV: 'kvinna', EN: 'female' },
    });
    expect(isValidCode('sukupuoli', '3')).toBe(false);
  });

  it('an unknown code gets null names, as the reference answers it', () => {
    expect(koodiNimi('maatjavaltiot2', '000')).toEqual({
      koodi: '000',
      nimi: { FI: null, SV: null, EN: null },
    });
  });
});

describeEachDatabase('GET /koodisto/{name}', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(db());
  });
  afterAll(() => t.close());

  it('answers every list without credentials, names in three languages', async () => {
    for (const [name, size] of [
      ['maatjavaltiot2', 259],
      ['kunta', 309],
      ['sukupuoli', 2],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: `${API}/koodisto/${name}` });
      expect(res.statusCode, name).toBe(200);
      const body = res.json() as { koodi: string; nimi: Record<string, string> }[];
      expect(body).toHaveLength(size);
      expect(Object.keys(body[0]!.nimi).sort()).toEqual(['en', 'fi', 'sv']);
    }
    const languages = (await t.app.inject({ method: 'GET', url: `${API}/koodisto/kieli` })).json();
    expect(languages).toContainEqual({
      koodi: 'TI',
      nimi: { fi: 'tigrinja', sv: 'tigrinska', en: 'Tigrinya' },
    });
  });

  it('404 for a list it does not have', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${API}/koodisto/posti` });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404 });
  });
});
