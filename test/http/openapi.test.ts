/**
 * docs/openapi.json is the committed API contract (ARCHITECTURE.md): integrators read it without
 * running the server, and a change to the contract shows up in review as a diff of this file. This
 * test fails when the document the app generates differs from the committed one;
 * `npm run openapi` rewrites the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';

const FILE = join(import.meta.dirname, '../../docs/openapi.json');

describe('docs/openapi.json', () => {
  let t: TestApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const database = await openTestDatabase('pglite');
    // A fixed public URL: the document names it as its server, and it must not depend on the machine.
    t = await createTestApp(database, { env: { ONR_PUBLIC_URL: 'http://localhost:8080' } });
    close = async () => {
      await t.close();
      await database.close();
    };
  });
  afterAll(() => close?.());

  it('is the document the server generates (npm run openapi rewrites it)', () => {
    const generated = `${JSON.stringify(t.app.swagger(), null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(FILE, generated);
    let committed = '';
    try {
      committed = readFileSync(FILE, 'utf8');
    } catch {
      // missing: the comparison below fails and says so
    }
    expect(committed, 'docs/openapi.json is out of date: run npm run openapi').toBe(generated);
  });
});
