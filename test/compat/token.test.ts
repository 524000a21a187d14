/**
 * Compatibility: the token endpoint (SPEC §7a). The reference's issuer is otuva's
 * kayttooikeus-service, a Spring Authorization Server: `POST {issuer}/oauth2/token` with
 * `grant_type=client_credentials&client_id&client_secret` in the form (CLIENT_SECRET_POST, scope
 * `oauth2`), answering `{access_token, token_type: "Bearer", expires_in}`; a JWT whose `sub` is the
 * service user's OID and whose `roles` map organisation OIDs to `OPPIJANUMEROREKISTERI_<role>`
 * (otuva KayttajarooliProvider: palvelu + "_" + rooli); errors as RFC 6749 §5.2.
 */
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { API, createOrganisations, createTestApp, serviceUser, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

const PATHS = ['/kayttooikeus-service/oauth2/token', `${API}/oauth2/token`, '/oauth2/token'];
const REFERENCE_PATH = PATHS[0]!;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachDatabase('compatibility: token endpoint', (database) => {
  let t: TestApp;
  let client: Awaited<ReturnType<typeof serviceUser>>;
  let school: string;

  beforeAll(async () => {
    t = await createTestApp(database());
    school = (await createOrganisations(t.services)).school;
    client = await serviceUser(t, school, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    return () => t.close();
  });

  const form = (params: Record<string, string | string[]>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) search.append(k, x);
    return search.toString();
  };
  const token = (payload: string, headers: Record<string, string> = {}, url = REFERENCE_PATH) =>
    t.app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload });
  const credentials = () => ({
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.secret,
  });

  it('issues a token at the reference issuer path and at onr’s own paths, as the reference answers', async () => {
    for (const url of PATHS) {
      const res = await token(form({ ...credentials(), scope: 'oauth2' }), {}, url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json();
      expect(body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'oauth2',
      });
      const claims = decodeJwt(body.access_token);
      expect(claims.sub).toBe(client.oid);
      // The reference's role names, beside onr's own (additive).
      expect(claims.roles).toEqual({
        [school]: expect.arrayContaining([
          'OPPIJANUMEROREKISTERI_YLEISTUNNISTE_LUONTI',
          'OPPIJANUMEROREKISTERI_OPPIJOIDENTUONTI',
          'YLEISTUNNISTE_LUONTI',
          'OPPIJOIDENTUONTI',
        ]),
      });
      const me = await t.app.inject({
        method: 'GET',
        url: `${API}/me`,
        headers: { authorization: `Bearer ${body.access_token}` },
      });
      expect(me.statusCode).toBe(200);
    }
  });

  it('a wrong secret or an unknown client: 401 {"error":"invalid_client"} with WWW-Authenticate', async () => {
    for (const payload of [
      form({ ...credentials(), client_secret: 'wrong' }),
      form({ ...credentials(), client_id: 'nobody-at-all' }),
    ]) {
      const res = await token(payload);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toMatchObject({
        error: 'invalid_client',
        error_description: 'invalid client credentials',
      });
    }
  });

  it('no client authentication at all is invalid_client (RFC 6749 §5.2)', async () => {
    const cases: Record<string, string>[] = [
      { grant_type: 'client_credentials' },
      { grant_type: 'client_credentials', client_id: client.clientId },
    ];
    for (const params of cases) {
      const res = await token(form(params));
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('invalid_client');
    }
  });

  it('another grant type: 400 unsupported_grant_type; none: 400 invalid_request', async () => {
    for (const grant of ['password', 'authorization_code', 'refresh_token']) {
      const res = await token(form({ ...credentials(), grant_type: grant }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('unsupported_grant_type');
    }
    const { grant_type: _omitted, ...noGrant } = credentials();
    const missing = await token(form(noGrant));
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringContaining('grant_type'),
    });
  });

  it('a parameter given twice is invalid_request, naming it', async () => {
    const res = await token(form({ ...credentials(), client_id: [client.clientId, 'other'] }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringContaining('client_id'),
    });
  });

  it('HTTP Basic client authentication works too; a wrong one is invalid_client', async () => {
    const basic = (id: string, secret: string) =>
      `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    const ok = await token(form({ grant_type: 'client_credentials' }), {
      authorization: basic(client.clientId, client.secret),
    });
    expect(ok.statusCode).toBe(200);
    // No scope asked for, none echoed.
    expect(ok.json().scope).toBeUndefined();
    const wrong = await token(form({ grant_type: 'client_credentials' }), {
      authorization: basic(client.clientId, 'nope'),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toBeDefined();
    expect(wrong.json().error).toBe('invalid_client');
  });

  it('framework errors keep their status with an OAuth error code: 413, 415', async () => {
    const big = await token(form({ ...credentials(), client_secret: 's'.repeat(20_000) }));
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toBe('invalid_request');
    const xml = await token('<token/>', { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error).toBe('invalid_request');
  });

  it('the rest of the API keeps the project error body', async () => {
    const res = await t.app.inject({ method: 'POST', url: `${API}/yleistunniste/hae`, payload: {} });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, error: 'Unauthorized' });
  });
});

describeEachDatabase('compatibility: token endpoint rate limit', (database) => {
  it('beyond the limit: 429 temporarily_unavailable with Retry-After; one count for all three paths', async () => {
    const t = await createTestApp(database(), { env: { ONR_TOKEN_RATE_LIMIT: '2' } });
    const send = (url: string) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: FORM,
        payload: 'grant_type=client_credentials&client_id=x&client_secret=y',
      });
    expect((await send(PATHS[0]!)).statusCode).toBe(401);
    expect((await send(PATHS[1]!)).statusCode).toBe(401);
    const limited = await send(PATHS[2]!);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe('temporarily_unavailable');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await t.close();
  });
});

describeEachDatabase('compatibility: token endpoint under arbitrary input', (database) => {
  it('never answers 5xx; every error carries an OAuth2 error code', async () => {
    const t = await createTestApp(database());
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('client_credentials', 'password', '', 'oauth2', '%', '\u0000'),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    );
    const params = fc.dictionary(
      fc.constantFrom('grant_type', 'client_id', 'client_secret', 'scope', 'x'),
      value,
      { maxKeys: 5 },
    );
    const requests = fc.oneof(
      params.map((p) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(p) })),
      params.map((p) => {
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(p)) for (const x of [v].flat()) form.append(k, String(x));
        return { headers: FORM, payload: form.toString() };
      }),
      fc.string({ maxLength: 40 }).map((auth) => ({
        headers: { ...FORM, authorization: `Basic ${auth}` },
        payload: 'grant_type=client_credentials',
      })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), requests, async (url, r) => {
        const res = await t.app.inject({ method: 'POST', url, headers: r.headers, payload: r.payload });
        expect(res.statusCode, `${url} ${r.payload} ${res.body}`).toBeLessThan(500);
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.json().error).toMatch(/^(invalid_request|invalid_client|unsupported_grant_type)$/);
      }),
      { numRuns: 150 },
    );
    await t.close();
  });
});
