import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import { insertPerson } from '../identification/helpers.ts';
import { insertUser, tokenFor } from '../support/access.ts';
import { API, createTestApp, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

/** Any JSON-ish value a client might send for a field. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', '2001-02-30', '010101-0000', '131052-308T', '246', 'fi', '1', '2', '%', '\\'),
  // Text PostgreSQL cannot store (SPEC §16): never a 5xx either.
  fc.constantFrom('Ma\u0000tti', '\u0000', '\ud800', 'x\udfff'),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.constant('246'), fc.integer()), { maxLength: 4 }),
);
const FIELDS = [
  'etunimet',
  'kutsumanimi',
  'sukunimi',
  'syntymaaika',
  'sukupuoli',
  'aidinkieli',
  'asiointikieli',
  'kansalaisuus',
  'hetu',
  'passinumerot',
  'sahkopostit',
  'passinumero',
  'sahkoposti',
];
const body = fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 8 });
const query = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('\u0000', 'a\u0000b'),
);

describeEachDatabase('person endpoints under arbitrary input', (database) => {
  let t: TestApp;
  let auth: { authorization: string };
  let oid: string;

  beforeAll(async () => {
    t = await createTestApp(database());
    const keeper = await insertUser(t.services, {
      kind: 'service',
      organisationOid: ROOT_ORGANISATION_OID,
      grants: [{ role: 'REKISTERINPITAJA', organisationOid: ROOT_ORGANISATION_OID }],
    });
    auth = await tokenFor(t.services, keeper);
    oid = (await insertPerson(t.services.db, { hetu: null, etunimet: 'Fuzz', sukunimi: 'Target' })).oid;
    return () => t.close();
  });

  it('never answers 5xx, always a JSON error body', async () => {
    const requests = fc.oneof(
      body.map((payload) => ({ method: 'PUT' as const, url: `/henkilo/${oid}`, payload })),
      body.map((payload) => ({ method: 'POST' as const, url: `/henkilo/${oid}/yksiloi`, payload })),
      body.map((payload) => ({ method: 'POST' as const, url: '/henkilo/ilman-hetua', payload })),
      query.map((q) => ({ method: 'GET' as const, url: `/henkilo/haku?q=${encodeURIComponent(q)}` })),
      fc.tuple(query, query, query).map(([h, o, c]) => ({
        method: 'GET' as const,
        url: `/virhelista?haku=${encodeURIComponent(h)}&organisaatio=${encodeURIComponent(o)}&count=${encodeURIComponent(c)}`,
      })),
      query.map((o) => ({ method: 'GET' as const, url: `/henkilo/${encodeURIComponent(o)}/muutokset` })),
    );
    await fc.assert(
      fc.asyncProperty(requests, async (r) => {
        const res = await t.app.inject({
          method: r.method,
          url: `${API}${r.url}`,
          headers: auth,
          ...('payload' in r ? { payload: r.payload } : {}),
        });
        expect(res.statusCode, `${r.method} ${r.url} ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400)
          expect(res.json()).toMatchObject({ status: res.statusCode, message: expect.any(String) });
      }),
      { numRuns: 100 },
    );
  });
});
