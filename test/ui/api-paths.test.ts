/**
 * The UI calls only endpoints that are in the OpenAPI document (issue 6). Every API path of the
 * web app is in web/src/api/paths.ts; this test checks each method + path against the document
 * the app itself generates, and that no other module of the web app calls fetch or spells an API
 * path of its own.
 *
 * While an endpoint of docs/API-OFFICIALS.md has not landed, this test fails and names it: the UI
 * is built against the contract, and the failure is the reminder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_BASE, ENDPOINTS } from '../../web/src/api/paths.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';

const WEB_SRC = join(import.meta.dirname, '../../web/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('the UI calls only documented endpoints', () => {
  let t: TestApp;
  let documented: Set<string>;

  beforeAll(async () => {
    const database = await openTestDatabase('pglite');
    t = await createTestApp(database);
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    documented = new Set(
      Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    return async () => {
      await t.close();
      await database.close();
    };
  });

  it('every endpoint of web/src/api/paths.ts is in the OpenAPI document', () => {
    const missing = Object.entries(ENDPOINTS)
      .filter(([, e]) => !documented.has(`${e.method} ${API_BASE}${e.path}`))
      .map(([name, e]) => `${name}: ${e.method} ${API_BASE}${e.path}`);
    expect(missing, 'endpoints the UI calls but the server does not document').toEqual([]);
  });

  it('no module outside web/src/api/ calls fetch or spells an API path', () => {
    const offenders: string[] = [];
    for (const file of sources(WEB_SRC)) {
      const name = relative(WEB_SRC, file);
      if (name.startsWith('api/')) continue;
      const text = readFileSync(file, 'utf8');
      if (/\bfetch\s*\(|XMLHttpRequest|oppijanumerorekisteri-service/.test(text)) offenders.push(name);
    }
    expect(offenders).toEqual([]);
  });

  it('only web/src/api/client.ts calls fetch, always with a path from paths.ts', () => {
    const client = readFileSync(join(WEB_SRC, 'api/client.ts'), 'utf8');
    const fetches = [...client.matchAll(/\bfetch\s*\((urlOf\([^)]*\)|[^,]+),/g)].map((m) => m[1]!.trim());
    expect(fetches).toEqual(['urlOf(name, options)']);
  });
});
