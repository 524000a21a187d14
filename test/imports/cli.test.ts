import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeSummary, ImportClientError, runImport } from '../../src/imports/client.ts';
import { parseCsv } from '../../src/imports/csv.ts';
import { createOrganisations, createTestApp, serviceUser, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';
import { type Client, freshHetu, importWorkOf } from './helpers.ts';

describeEachDatabase('onr import (the command-line client)', (database) => {
  let t: TestApp;
  let client: Client;
  let work: ReturnType<typeof importWorkOf>;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'onr-import-cli-'));

  beforeAll(async () => {
    t = await createTestApp(database(), { env: { ONR_IMPORT_BATCH_ROWS: '2' } });
    const orgs = await createOrganisations(t.services);
    client = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    work = importWorkOf(t, { pollIntervalMs: 25 });
    work.runner.start();
    return async () => {
      await work.stop();
      await t.close();
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const options = (overrides = {}) => ({
    api: 'oppija' as const,
    url,
    clientId: client.clientId,
    clientSecret: client.secret,
    maxRows: 100_000,
    pollMs: 20,
    progressBar: false,
    ...overrides,
  });

  it('imports a CSV file through the API, in several requests when asked, and writes the results', async () => {
    const hetu = freshHetu();
    const file = join(dir, 'learners.csv');
    writeFileSync(
      file,
      [
        'tunniste;hetu;etunimet;kutsumanimi;sukunimi;passinumero;kansalaisuus',
        `a1;${hetu};Aino Maria;Aino;Virtanen;;246`,
        'a2;;Pekka;Pekka;Puu;;246|752',
        'a3;;" Sven ";Sven;Svensson;SE123;752',
        `a4;${hetu};Aino;Aino;Virtanen;;246`,
      ].join('\n'),
    );
    // As the reference, a request with a broken row (a2: no identifier, a Finnish citizen without a hetu) is refused whole.
    await expect(runImport(file, options({ maxRows: 3 }))).rejects.toThrow(
      /HTTP 400 .*henkilot\[1\]\.henkilo\.hetu: a Finnish citizen/,
    );
    const summary = await runImport(
      file,
      options({ maxRows: 3, out: join(dir, 'results.csv'), rowErrors: true }),
    );
    expect(summary).toMatchObject({
      rows: 4,
      persons: 3,
      conflicts: 0,
      errors: 1,
      results: join(dir, 'results.csv'),
    });
    expect(summary.imports).toHaveLength(2);
    expect(describeSummary(summary)).toContain('4 rows imported through /oppija');
    const results = parseCsv(readFileSync(join(dir, 'results.csv'), 'utf8'));
    expect(results.map((r) => r.tunniste)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(results[1]).toMatchObject({ oid: '', virhe_kentta: 'henkilo' });
    expect(results[0]!.oid).toMatch(/^1\.2\.246\.562\.98\./);
    // The same person again, in the second request: found, not created.
    expect(results[3]!.oid).toBe(results[0]!.oid);
  });

  it('takes a JSON import body, and writes JSON results next to the file by default', async () => {
    const file = join(dir, 'body.json');
    writeFileSync(
      file,
      JSON.stringify({
        henkilot: [
          {
            tunniste: 'j1',
            henkilo: { hetu: freshHetu(), etunimet: 'Eino', kutsumanimi: 'Eino', sukunimi: 'Ek' },
          },
        ],
      }),
    );
    const summary = await runImport(file, options({ api: 'yleistunniste' }));
    expect(summary.results).toBe(join(dir, 'body.results.json'));
    const written = JSON.parse(readFileSync(summary.results, 'utf8'));
    expect(written).toMatchObject({
      api: 'yleistunniste',
      henkilot: [{ tunniste: 'j1', henkilo: { passivoitu: false, linked: [] } }],
    });
  });

  it('stops with a clear message on wrong credentials, an unreachable server or an unreadable file', async () => {
    const file = join(dir, 'one.csv');
    writeFileSync(file, `tunniste,hetu,etunimet,kutsumanimi,sukunimi\n1,${freshHetu()},Aino,Aino,Virtanen\n`);
    await expect(runImport(file, options({ api: 'yleistunniste', clientSecret: 'wrong' }))).rejects.toThrow(
      /getting a token: HTTP 401/,
    );
    await expect(runImport(file, options({ url: 'http://127.0.0.1:9' }))).rejects.toThrow(ImportClientError);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"rows": []}');
    await expect(runImport(bad, options())).rejects.toThrow(/expected an array/);
  });
});
