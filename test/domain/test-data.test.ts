import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../src/domain/names.ts';
import { looksLikeTestName, TEST_NAME_TOKENS } from '../../src/domain/test-data.ts';

describe('looksLikeTestName', () => {
  it.each([
    { etunimet: 'Testi', sukunimi: 'Virtanen' },
    { etunimet: 'Matti', sukunimi: 'Test' },
    { etunimet: 'Teppo', sukunimi: 'Testaaja' },
    { etunimet: 'Tiina', sukunimi: 'Testinen' },
    { etunimet: 'Testikäyttäjä', sukunimi: 'Oppija' },
    { etunimet: 'Testihenkilö', sukunimi: 'Mäkinen' },
    { etunimet: 'Anna-Testi', sukunimi: 'Korhonen' },
    { etunimet: 'Matti', sukunimi: 'Meikäläinen' },
    { etunimet: 'Maija', sukunimi: 'Meikalainen' },
    { etunimet: 'Malli', sukunimi: 'Mallikas' },
    { etunimet: 'Foo', sukunimi: 'Bar' },
    { etunimet: 'Asdf', sukunimi: 'Qwerty' },
    { etunimet: 'Xxx', sukunimi: 'Virtanen' },
    { etunimet: 'Aaaa', sukunimi: 'Virtanen' },
    { etunimet: 'Dummy', sukunimi: 'User' },
    { etunimet: 'Demo', sukunimi: 'Oppija' },
    { etunimet: 'Esimerkki', sukunimi: 'Henkilö' },
    { etunimet: 'John', sukunimi: 'Example' },
    { etunimet: 'Oppija1', sukunimi: 'Virtanen' },
    { etunimet: 'Etunimi', sukunimi: 'Sukunimi' },
    { etunimet: 'TESTI', sukunimi: 'VIRTANEN' },
    { etunimet: 'Matti', sukunimi: 'Virtanen', kutsumanimi: 'Testi' },
    { sukunimi: 'Test' },
  ])('flags %j', (names) => {
    expect(looksLikeTestName(names)).toBe(true);
  });

  it.each([
    { etunimet: 'Matti Juhani', sukunimi: 'Virtanen', kutsumanimi: 'Matti' },
    { etunimet: 'Anna-Liisa', sukunimi: 'Äijälä' },
    { etunimet: 'Giulia', sukunimi: 'Testa' },
    { etunimet: 'Tessa', sukunimi: 'Testani' },
    { etunimet: 'Aaro', sukunimi: 'Aalto' },
    { etunimet: 'Jaakko', sukunimi: 'Kääriäinen' },
    { etunimet: 'Barbara', sukunimi: 'Fooladi' },
    { etunimet: 'Abdi', sukunimi: 'Ali' },
    { etunimet: 'Åsa', sukunimi: 'Östman' },
    { etunimet: 'John', sukunimi: 'Doe' },
    {},
    { etunimet: '', sukunimi: '' },
  ])('does not flag %j', (names) => {
    expect(looksLikeTestName(names)).toBe(false);
  });

  it('lists tokens in normalised form', () => {
    for (const token of TEST_NAME_TOKENS) expect(normaliseName(token)).toBe(token);
  });
});
