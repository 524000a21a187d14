import { beforeAll, expect, it } from 'vitest';
import { DOCS_PREFIX } from '../../src/app.ts';
import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import { insertUser, tokenFor } from '../support/access.ts';
import { API, createTestApp, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

describeEachDatabase('security headers and body limits', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(database());
    return () => t.close();
  });

  it('API answers carry a strict CSP, no-sniff, no framing, no referrer and no caching; no HSTS over http', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${API}/health` });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // Errors too.
    const unauthorised = await t.app.inject({ method: 'GET', url: `${API}/me` });
    expect(unauthorised.statusCode).toBe(401);
    expect(unauthorised.headers['cache-control']).toBe('no-store');
    expect(unauthorised.headers['x-content-type-options']).toBe('nosniff');
  });

  it('only the API documentation gets the looser policy it needs', async () => {
    const entry = await t.app.inject({ method: 'GET', url: `${DOCS_PREFIX}/static/index.html` });
    const docs = await t.app.inject({ method: 'GET', url: String(entry.headers.location) });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
    expect(String(docs.headers['content-security-policy'])).toContain("style-src 'self' 'unsafe-inline'");
  });

  it('small endpoints refuse large bodies with 413 naming their own limit', async () => {
    const big = { username: 'x', password: 'p'.repeat(20_000) };
    const res = await t.app.inject({ method: 'POST', url: `${API}/session`, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toContain('16 KiB');
    const token = await t.app.inject({
      method: 'POST',
      url: `${API}/oauth2/token`,
      payload: { grant_type: 'client_credentials', client_id: 'x', client_secret: 's'.repeat(20_000) },
    });
    expect(token.statusCode).toBe(413);
    const client = await insertUser(t.services, {
      kind: 'service',
      organisationOid: ROOT_ORGANISATION_OID,
      grants: [{ role: 'YLEISTUNNISTE_LUONTI', organisationOid: ROOT_ORGANISATION_OID }],
    });
    const lookup = await t.app.inject({
      method: 'POST',
      url: `${API}/yleistunniste/hae`,
      headers: await tokenFor(t.services, client),
      payload: { hetu: 'x', etunimet: 'A'.repeat(20_000), kutsumanimi: 'A', sukunimi: 'B' },
    });
    expect(lookup.statusCode).toBe(413);
  });
});
