/**
 * docs/openapi.json is the committed API contract (ARCHITECTURE.md, docs/OPENAPI.md): integrators read
 * it without running the server, and a change to the contract shows up in review as a diff of this
 * file. This test fails when the document the app generates differs from the committed one, when the
 * committed document breaks the lint rules a client generator relies on, and when the TypeScript
 * types generated from it (web/src/api/openapi.ts: the UI's wire types and the typed-client example's)
 * are stale or do not type-check against examples/typed-client.ts. `npm run openapi` rewrites both
 * files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';

const ROOT = join(import.meta.dirname, '../..');
const FILE = join(ROOT, 'docs/openapi.json');
const TYPES = join(ROOT, 'web/src/api/openapi.ts');
const EXAMPLE = join(ROOT, 'examples/typed-client.ts');
const UPDATE = process.env.UPDATE_OPENAPI === '1';

const TYPES_HEADER = `/**
 * GENERATED from docs/openapi.json by openapi-typescript (test/http/openapi.test.ts); do not edit.
 * \`npm run openapi\` regenerates it. The UI's wire types (types.ts) and examples/typed-client.ts use it.
 */

`;

/**
 * Rules of @redocly/openapi-core's recommended set switched off, and why (docs/OPENAPI.md says the
 * same). Everything else of the set applies, warnings included: the test fails on any problem.
 */
const RULES_OFF = {
  // The project declares no licence (the repository has none to name).
  'info-license': 'off',
  // The server URL is the deployment's ONR_PUBLIC_URL; the committed document names localhost.
  'no-server-example.com': 'off',
} as const;

/**
 * Problems accepted one by one (docs/OPENAPI.md): the health probes answer no client error, so they
 * have no 4XX response; every other operation must have one.
 */
const ACCEPTED = [
  /^warn operation-4xx-response: .* at #\/paths\/(~1oppijanumerorekisteri-service)?~1health(~1live|~1ready)?\/get\/responses$/,
];

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // missing: the comparison fails and says so
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON, read generically here
type Json = any;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(doc: Json): { method: string; path: string; operation: Json }[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, operation: item[method] })),
  );
}

describe('docs/openapi.json', () => {
  let t: TestApp;
  let close: () => Promise<void>;
  let generated: string;
  let doc: Json;

  beforeAll(async () => {
    const database = await openTestDatabase('pglite');
    // A fixed public URL: the document names it as its server, and it must not depend on the machine.
    t = await createTestApp(database, { env: { ONR_PUBLIC_URL: 'http://localhost:8080' } });
    close = async () => {
      await t.close();
      await database.close();
    };
    generated = `${JSON.stringify(t.app.swagger(), null, 2)}\n`;
    doc = JSON.parse(generated);
  });
  afterAll(() => close?.());

  it('is the document the server generates (npm run openapi rewrites it)', () => {
    if (UPDATE) writeFileSync(FILE, generated);
    expect(readOrEmpty(FILE), 'docs/openapi.json is out of date: run npm run openapi').toBe(generated);
  });

  it("passes @redocly/openapi-core's recommended rules, warnings included", async () => {
    const config = await createConfig({ extends: ['recommended'], rules: RULES_OFF });
    const problems = await lintFromString({ source: readOrEmpty(FILE), absoluteRef: FILE, config });
    const described = problems
      .map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`)
      .filter((problem) => !ACCEPTED.some((accepted) => accepted.test(problem)));
    expect(described).toEqual([]);
  });

  it('names every operation (unique camelCase operationId) and every schema', () => {
    const ids = operations(doc).map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const names = Object.keys(doc.components.schemas);
    expect(names.filter((n) => /^def-\d+$/.test(n))).toEqual([]);
    // One error schema, referenced, never inlined: no inline object has the error body's fields.
    expect(names).toContain('Error');
    const inlineErrors = JSON.stringify(doc.paths).match(/"requestId":\{"type":"string"\}/g) ?? [];
    expect(inlineErrors).toEqual([]);
    for (const { operation } of operations(doc)) {
      for (const response of Object.values(operation.responses) as Json[]) {
        if (response.$ref) continue;
        expect(response.description).not.toMatch(/^(Default Response)?$/);
      }
    }
  });

  it('declares the OAuth2 client-credentials flow; the token, health, code list and login need no credentials', () => {
    expect(doc.components.securitySchemes.oauth2).toMatchObject({
      type: 'oauth2',
      flows: {
        clientCredentials: { tokenUrl: 'http://localhost:8080/oppijanumerorekisteri-service/oauth2/token' },
      },
    });
    const publicOps = operations(doc)
      .filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0)
      .map(({ operation }) => operation.operationId)
      .sort();
    expect(publicOps).toEqual(
      [
        'getCodeList',
        'getHealth',
        'getLiveness',
        'getReadiness',
        'issueToken',
        'issueTokenAtReferenceIssuer',
        'issueTokenAtRoot',
        'signIn',
      ].sort(),
    );
    // An endpoint that needs a right keeps the document's default (a token or a session).
    const hae = doc.paths['/oppijanumerorekisteri-service/yleistunniste/hae'].post;
    expect(hae.security).toBeUndefined();
    expect(doc.security).toEqual([{ oauth2: [] }, { session: [] }]);
  });

  it('types paging parameters as integers and flags as booleans, literal unions as string enums', () => {
    const parameters = operations(doc).flatMap(({ operation }) => operation.parameters ?? []);
    const paging = parameters.filter((p: Json) => ['page', 'count', 'pageSize'].includes(p.name));
    expect(paging.length).toBeGreaterThan(5);
    for (const p of paging) expect(p.schema.type, p.name).toBe('integer');
    const feed = doc.paths['/oppijanumerorekisteri-service/oppija/muuttuneet'].get;
    const vainVirheet = feed.parameters.find((p: Json) => p.name === 'vainVirheet');
    expect(vainVirheet.schema).toEqual({ type: 'boolean' });
    const page = feed.parameters.find((p: Json) => p.name === 'page');
    expect(page.schema).toMatchObject({ type: 'integer', minimum: 1 });
    // No union of single-literal members is left anywhere.
    expect(generated).not.toMatch(/"anyOf": \[\s*\{\s*"type": "string",\s*"enum": \[\s*"[^"]*"\s*\]\s*\},/);
  });

  it('shows examples on the integrator operations', () => {
    const byId = new Map(operations(doc).map(({ operation }) => [operation.operationId, operation]));
    for (const id of [
      'issueToken',
      'findOrCreateLearnerNumber',
      'checkPersonExists',
      'startYleistunnisteImport',
      'getYleistunnisteImportResults',
      'startOppijaImport',
      'getOppijaImportResults',
      'listChangedOppijat',
    ]) {
      const operation = byId.get(id);
      expect(JSON.stringify(operation?.responses?.['200']?.content), id).toContain('"example"');
    }
  });

  it('generates the TypeScript types (web/src/api/openapi.ts) from the committed document', async () => {
    const ast = await openapiTS(JSON.parse(readOrEmpty(FILE) || '{}'));
    const types = TYPES_HEADER + astToString(ast);
    if (UPDATE) writeFileSync(TYPES, types);
    expect(readOrEmpty(TYPES), 'web/src/api/openapi.ts is out of date: run npm run openapi').toBe(types);
  });

  it('the generated types type-check against the integrator example, and catch a drift', () => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
    };
    const diagnose = (files: string[]) => {
      const program = ts.createProgram(files, options);
      return ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    };
    expect(diagnose([EXAMPLE])).toEqual([]);

    // The same client reading a field the contract does not have fails to compile.
    const dir = mkdtempSync(join(tmpdir(), 'onr-drift-'));
    const drifted = join(dir, 'drift.ts');
    writeFileSync(
      drifted,
      `import type { components } from ${JSON.stringify(TYPES)};\n` +
        "export const oid = (r: components['schemas']['Yleistunniste']) => r.oppijaNumero;\n",
    );
    try {
      expect(diagnose([drifted]).join('\n')).toMatch(/oppijaNumero/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
