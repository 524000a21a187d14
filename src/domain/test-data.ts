import { normaliseName } from './names.ts';

/**
 * Name tokens (after normaliseName) that people type when they try a system out rather than record a real
 * person. Production refuses test persons and OPH follows them up, so a name is worth flagging when it
 * looks like one of these. Only tokens that are not plausible real names in Finland are listed: "Testa"
 * (an Italian surname) is not here, nor is "Doe".
 */
export const TEST_NAME_TOKENS: ReadonlySet<string> = new Set([
  // "test" in Finnish, Swedish and English, and the personas built on it (Teppo Testaaja, Tiina Testinen).
  'test',
  'testi',
  'testaaja',
  'testinen',
  'testikayttaja',
  'tester',
  'testing',
  'testperson',
  'testare',
  // The Finnish John Doe (Matti/Maija Meikäläinen) and the model-form persons (Malli Mallikas).
  'meikalainen',
  'mallikas',
  'esimerkki',
  'esimerkkinen',
  'example',
  'demo',
  // Placeholders from forms, code and keyboards.
  'etunimi',
  'sukunimi',
  'kutsumanimi',
  'firstname',
  'lastname',
  'dummy',
  'foo',
  'bar',
  'baz',
  'foobar',
  'asdf',
  'asdfg',
  'asdfgh',
  'qwerty',
  'qwertz',
  'abc',
  'abcd',
  'xyz',
  'lorem',
  'ipsum',
  'null',
  'undefined',
]);

function looksLikeTestToken(token: string): boolean {
  return (
    TEST_NAME_TOKENS.has(token) ||
    // Finnish compounds: testihenkilö, testioppija, testikäyttäjä…
    token.startsWith('testi') ||
    // Real names contain no digits (Oppija1, Test2) …
    /\p{N}/u.test(token) ||
    // … nor the same letter three times in a row (aaa, xxx, Xxxxx).
    /(\p{L})\1\1/u.test(token)
  );
}

export function looksLikeTestName(names: {
  etunimet?: string;
  sukunimi?: string;
  kutsumanimi?: string;
}): boolean {
  for (const value of [names.etunimet, names.sukunimi, names.kutsumanimi]) {
    if (typeof value !== 'string') continue;
    for (const word of normaliseName(value).split(/[\s-]+/)) {
      if (word !== '' && looksLikeTestToken(word)) return true;
    }
  }
  return false;
}
