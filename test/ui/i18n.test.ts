/**
 * The UI's texts are complete in every language (SPEC §13: "complete, switchable"; issue 6: no
 * English fallbacks in the Finnish or Swedish UI). The type check already refuses a missing key in
 * fi.ts or sv.ts; this test also catches empty texts, extra keys, lost {{placeholders}}, and
 * Finnish or Swedish texts left in English.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { fi } from '../../web/src/i18n/fi.ts';
import { sv } from '../../web/src/i18n/sv.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/**
 * Texts that are rightly the same as the English one: codes, names and words that the language
 * shares with English. Keyed by language, then by the text itself.
 */
const SAME_AS_ENGLISH: Record<'fi' | 'sv', readonly string[]> = {
  fi: [],
  sv: ['Person', 'Import', 'Import {{id}}', 'Status', 'Organisation'],
};

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const english = flatten(en as unknown as Tree);
const languages = { fi: flatten(fi as unknown as Tree), sv: flatten(sv as unknown as Tree) };

describe('UI texts', () => {
  it('English has no empty text', () => {
    for (const [key, text] of english) expect(text.trim(), key).not.toBe('');
  });

  for (const [language, texts] of Object.entries(languages) as ['fi' | 'sv', Map<string, string>][]) {
    describe(language, () => {
      it('has exactly the English keys', () => {
        expect([...texts.keys()].sort()).toEqual([...english.keys()].sort());
      });

      it('has no empty text', () => {
        const empty = [...texts].filter(([, text]) => text.trim() === '').map(([key]) => key);
        expect(empty).toEqual([]);
      });

      it('has no text left in English (except the allow-list)', () => {
        const same = [...texts]
          .filter(([key, text]) => english.get(key) === text && !SAME_AS_ENGLISH[language].includes(text))
          .map(([key, text]) => `${key}: ${text}`);
        expect(same).toEqual([]);
      });

      it('keeps every {{placeholder}} of the English text', () => {
        const broken = [...texts]
          .filter(([key, text]) => {
            const base = key.replace(/_(one|other)$/, '');
            // Plural forms may leave the count out of the "one" form ("One similar person").
            const expected = placeholders(english.get(key) ?? '').filter(
              (p) => !(key.endsWith('_one') && p === 'count'),
            );
            const got = placeholders(text);
            return base && expected.some((p) => !got.includes(p));
          })
          .map(([key]) => key);
        expect(broken).toEqual([]);
      });
    });
  }

  it('every t() key used in the web sources exists', () => {
    // The type check does this for literal keys; this catches keys built from template strings
    // whose prefix no longer exists.
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const missing: string[] = [];
    for (const file of sources(join(import.meta.dirname, '../../web/src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        const key = match[1]!;
        const known = english.has(key) || english.has(`${key}_one`) || english.has(`${key}_other`);
        if (!known) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
