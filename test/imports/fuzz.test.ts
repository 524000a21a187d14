/**
 * The mass import and the feeds under arbitrary input (SPEC §16): never a 5xx, always a JSON error
 * body; and an import that was accepted is processed to the end (no row that the database cannot
 * store, no rule that throws), in both modes.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { API, createOrganisations, createTestApp, serviceUser, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';
import { type Client, importWorkOf } from './helpers.ts';

const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', 'a\tb', '010866-9260', '131052-308T', '246', 'FI', 'x@y.fi'),
  fc.constantFrom('1.2.246.562.24.14857097582', 'Aino Maria', 'X Æ A-12', '2001-02-30', '2001-02-03'),
);
// Mostly of the right JSON type (so that most requests pass the schema and reach the rules), now
// and then not.
const wrong = fc.oneof(fc.integer(), fc.boolean(), fc.constant({}), fc.constant([]));
const maybeWrong = <T>(right: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: right, weight: 30 }, { arbitrary: fc.oneof(wrong, fc.constant(null)), weight: 1 });
const code = fc.oneof(text, fc.record({ koodi: text }));
const henkilo = fc.record(
  {
    oid: maybeWrong(text),
    hetu: maybeWrong(text),
    passinumero: maybeWrong(text),
    sahkoposti: maybeWrong(text),
    etunimet: maybeWrong(text),
    kutsumanimi: maybeWrong(text),
    sukunimi: maybeWrong(text),
    syntymaaika: maybeWrong(text),
    sukupuoli: maybeWrong(code),
    aidinkieli: maybeWrong(code),
    kansalaisuus: maybeWrong(fc.array(maybeWrong(code), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const row = fc.record({ tunniste: fc.oneof(text, fc.constant(undefined)), henkilo }, { requiredKeys: [] });
const body = fc.record(
  {
    sahkoposti: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 6 },
      { arbitrary: fc.constant('rehtori@koulu.example'), weight: 2 },
      { arbitrary: text, weight: 1 },
    ),
    henkilot: fc.array(row, { minLength: 1, maxLength: 4 }),
  },
  { requiredKeys: ['henkilot'] },
);

describeEachDatabase('mass import under arbitrary input', (database) => {
  let t: TestApp;
  let client: Client;
  let work: ReturnType<typeof importWorkOf>;

  beforeAll(async () => {
    t = await createTestApp(database());
    const orgs = await createOrganisations(t.services, ' fuzz');
    client = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    work = importWorkOf(t);
    return async () => {
      await work.stop();
      await t.close();
    };
  });

  it('PUT never answers 5xx, and what it accepts is processed to the end', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('yleistunniste', 'oppija'),
        fc.boolean(),
        body,
        async (api, rowErrors, payload) => {
          const res = await t.app.inject({
            method: 'PUT',
            url: `${API}/${api}${rowErrors ? '?rivivirheet=true' : ''}`,
            headers: client.auth,
            payload,
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          expect(res.headers['content-type']).toContain('application/json');
          if (res.statusCode !== 200) {
            expect(res.json()).toMatchObject({ status: res.statusCode });
            return;
          }
          accepted += 1;
          await work.runner.runUntilIdle();
          const id = res.json().id as number;
          const results = await t.app.inject({
            method: 'GET',
            url: `${API}/${api}/tuonti=${id}`,
            headers: client.auth,
          });
          expect(results.statusCode).toBe(200);
          const answer = results.json();
          expect(answer.kasitelty, `import ${id} of ${JSON.stringify(payload)}`).toBe(true);
          expect(answer.henkilot).toHaveLength(payload.henkilot.length);
        },
      ),
      { numRuns: 150 },
    );
    // The property says something only if requests got through to processing (about 8 % of the
    // generated bodies are valid imports: a dozen on average, rarely fewer than four).
    expect(accepted).toBeGreaterThan(3);
  });

  it('the feed and the summary never answer 5xx to arbitrary parameters', async () => {
    const param = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('2025-06-01', '2025-06-01T12:00', '2025-13-01', '2025-06-01T12:00:00+99:00', '0', '-1'),
    );
    const name = fc.constantFrom(
      'muokattuJalkeen',
      'tuontiId',
      'vainVirheet',
      'nimiHaku',
      'page',
      'count',
      'jalkeen',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('muuttuneet', 'yhteenveto'),
        fc.dictionary(name, param, { maxKeys: 4 }),
        async (endpoint, params) => {
          const query = new URLSearchParams(params).toString();
          const res = await t.app.inject({
            method: 'GET',
            url: `${API}/oppija/${endpoint}?${query}`,
            headers: client.auth,
          });
          expect(res.statusCode, `${endpoint}?${query}: ${res.body}`).toBeLessThan(500);
          expect(() => res.json()).not.toThrow();
        },
      ),
      { numRuns: 80 },
    );
  });
});
