import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { seedDemoData } from '../../src/seed.ts';
import { createOfficial, login } from '../support/access.ts';
import { API, createTestApp, lookupBody, PERSONS, serviceUser, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

const LOGIN = `${API}/session`;

describeEachDatabase('officials: sessions, CSRF, lockout', (database) => {
  let t: TestApp;
  let demo: Awaited<ReturnType<typeof seedDemoData>>;

  beforeAll(async () => {
    t = await createTestApp(database());
    demo = await seedDemoData(t.services.db, t.services.personOidNode);
    return () => t.close();
  });

  const post = (username: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: LOGIN, headers, payload: { username, password } });
  const auditOf = (operation: string, username: string) =>
    t.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('operation', '=', operation)
      .where((eb) =>
        eb.or([eb('actor_name', '=', username), sql<boolean>`details->>'username' = ${username}`]),
      )
      .execute();

  it('every demo official can sign in; the cookie is HttpOnly, SameSite=Lax, Path=/ and the id is stored only hashed', async () => {
    for (const o of demo.officials) {
      const res = await post(o.username, o.password);
      expect(res.statusCode, o.username).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'onr_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.secure).toBeFalsy();
      expect(res.json()).toMatchObject({ username: o.username, kind: 'official' });
      expect(res.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      const stored = await t.services.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('id_hash', '=', createHash('sha256').update(cookie.value).digest('hex'))
        .executeTakeFirst();
      expect(stored).toBeDefined();
      const raw = await t.services.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('id_hash', '=', cookie.value)
        .execute();
      expect(raw).toHaveLength(0);
    }
    expect(await auditOf('LOGIN', 'demo-virkailija')).not.toHaveLength(0);
  });

  it('the cookie is Secure when the registry is served over https', async () => {
    const secure = await createTestApp(database(), { env: { ONR_PUBLIC_URL: 'https://onr.example' } });
    const res = await secure.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { username: 'demo-virkailija', password: 'demo-virkailija-password' },
    });
    expect(res.cookies.find((c) => c.name === 'onr_session')?.secure).toBe(true);
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    await secure.close();
  });

  it('"who am I" names the organisations, roles and validity of each grant; CSRF token for sessions only', async () => {
    const s = await login(t, 'demo-vastuukayttaja', 'demo-vastuukayttaja-password');
    const me = await t.app.inject({ method: 'GET', url: `${API}/me`, headers: s.cookie });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body).toMatchObject({
      username: 'demo-vastuukayttaja',
      organisation: { name: 'Demo-koulutuskuntayhtymä' },
      organisations: [{ name: 'Demo-koulutuskuntayhtymä', roles: ['VASTUUKAYTTAJA'] }],
      csrfToken: s.csrfToken,
    });
    expect(body.grants[0]).toMatchObject({ role: 'VASTUUKAYTTAJA', status: 'ACTIVE', validUntil: null });
    expect(new Date(body.session.idleExpiresAt).getTime()).toBeGreaterThan(Date.now());
    const client = await serviceUser(t, body.organisation.oid, ['YLEISTUNNISTE_LUONTI']);
    const viaToken = await t.app.inject({ method: 'GET', url: `${API}/me`, headers: client.auth });
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.json().csrfToken).toBeUndefined();
    expect(viaToken.json().kind).toBe('service');
  });

  it('a cookie-authenticated write needs the CSRF token: without or with a wrong one 403, with it accepted', async () => {
    const s = await login(t, 'demo-virkailija', 'demo-virkailija-password');
    const hae = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `${API}/yleistunniste/hae`,
        headers,
        payload: lookupBody(PERSONS.matti),
      });
    const without = await hae(s.cookie);
    expect(without.statusCode).toBe(403);
    expect(without.json().message).toContain('CSRF');
    expect((await hae({ ...s.cookie, 'x-csrf-token': 'x'.repeat(43) })).statusCode).toBe(403);
    const other = await login(t, 'demo-virkailija', 'demo-virkailija-password');
    expect((await hae({ ...s.cookie, 'x-csrf-token': other.csrfToken })).statusCode).toBe(403);
    const persons = await t.services.db.selectFrom('persons').select('id').execute();
    expect(persons).toHaveLength(0);
    const withToken = await hae(s.headers);
    expect(withToken.statusCode).toBe(200);
    // Reads need no token.
    expect((await t.app.inject({ method: 'GET', url: `${API}/me`, headers: s.cookie })).statusCode).toBe(200);
  });

  it('logout ends the session at once and clears the cookie; a forged logout without the token is refused', async () => {
    const s = await login(t, 'demo-virkailija', 'demo-virkailija-password');
    expect((await t.app.inject({ method: 'DELETE', url: LOGIN, headers: s.cookie })).statusCode).toBe(403);
    const out = await t.app.inject({ method: 'DELETE', url: LOGIN, headers: s.headers });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'onr_session');
    expect(cleared?.value).toBe('');
    const after = await t.app.inject({ method: 'GET', url: `${API}/me`, headers: s.cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toContain('session has ended');
    expect(await auditOf('LOGOUT', 'demo-virkailija')).toHaveLength(1);
  });

  it('sessions end after 30 idle minutes and at their absolute end', async () => {
    const idle = await login(t, 'demo-virkailija', 'demo-virkailija-password');
    const abs = await login(t, 'demo-virkailija', 'demo-virkailija-password');
    const hash = (id: string) => createHash('sha256').update(id).digest('hex');
    await sql`update sessions set last_seen_at = now() - interval '31 minutes' where id_hash = ${hash(idle.sessionId)}`.execute(
      t.services.db,
    );
    await sql`update sessions set expires_at = now() - interval '1 second' where id_hash = ${hash(abs.sessionId)}`.execute(
      t.services.db,
    );
    for (const s of [idle, abs]) {
      expect((await t.app.inject({ method: 'GET', url: `${API}/me`, headers: s.cookie })).statusCode).toBe(
        401,
      );
    }
  });

  it('locks the account after 5 failed logins, with one message for every failure; the lock ends by itself', async () => {
    const o = await createOfficial(t.services, await orgOf('demo-virkailija'), ['YLEISTUNNISTE_LUONTI']);
    const unknown = await post('no-such-user', 'whatever');
    expect(unknown.statusCode).toBe(401);
    for (let i = 0; i < 5; i++) {
      const res = await post(o.username, 'wrong-password');
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe(unknown.json().message);
    }
    const locked = await post(o.username, o.password);
    expect(locked.statusCode).toBe(401);
    expect(locked.json().message).toBe(unknown.json().message);
    const failures = await auditOf('LOGIN_FAILED', o.username);
    expect(failures.map((f) => (f.details as { reason: string }).reason)).toEqual([
      'wrong password',
      'wrong password',
      'wrong password',
      'wrong password',
      'wrong password; locked',
      'locked',
    ]);
    // Fifteen minutes later (the lock moved into the past) the right password works again.
    await sql`update users set locked_until = now() - interval '1 second' where oid = ${o.oid}`.execute(
      t.services.db,
    );
    expect((await post(o.username, o.password)).statusCode).toBe(200);
    const row = await t.services.db
      .selectFrom('users')
      .selectAll()
      .where('oid', '=', o.oid)
      .executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(0);
    expect(row.last_login_at).not.toBeNull();
  });

  it('service users cannot sign in with a password; login accepts JSON only (login CSRF)', async () => {
    const res = await post(demo.serviceUser.clientId, demo.serviceUser.secret);
    expect(res.statusCode).toBe(401);
    const form = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=demo-virkailija&password=demo-virkailija-password',
    });
    expect(form.statusCode).toBe(415);
    expect(form.cookies).toHaveLength(0);
  });

  it('an official changes its password: the current one is asked, the other sessions end', async () => {
    const o = await createOfficial(t.services, await orgOf('demo-virkailija'), []);
    const a = await login(t, o.username, o.password);
    const b = await login(t, o.username, o.password);
    const change = (body: object, headers = a.headers) =>
      t.app.inject({ method: 'PUT', url: `${API}/me/password`, headers, payload: body });
    expect((await change({ currentPassword: 'nope', newPassword: 'a-long-new-password' })).statusCode).toBe(
      400,
    );
    expect((await change({ currentPassword: o.password, newPassword: 'short' })).statusCode).toBe(400);
    expect(
      (await change({ currentPassword: o.password, newPassword: 'a-long-new-password' })).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `${API}/me`, headers: a.cookie })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `${API}/me`, headers: b.cookie })).statusCode).toBe(401);
    expect((await post(o.username, o.password)).statusCode).toBe(401);
    expect((await post(o.username, 'a-long-new-password')).statusCode).toBe(200);
  });

  async function orgOf(username: string): Promise<string> {
    const row = await t.services.db
      .selectFrom('users')
      .select('organisation_oid')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return row.organisation_oid;
  }
});

describeEachDatabase('rate limits of login and token endpoints', (database) => {
  it('answers 429 after the per-address limit', async () => {
    const t = await createTestApp(database(), {
      env: { ONR_LOGIN_RATE_LIMIT: '3', ONR_TOKEN_RATE_LIMIT: '2' },
    });
    const logins = [];
    for (let i = 0; i < 4; i++) {
      logins.push(
        (await t.app.inject({ method: 'POST', url: LOGIN, payload: { username: 'x', password: 'y' } }))
          .statusCode,
      );
    }
    expect(logins).toEqual([401, 401, 401, 429]);
    // Another address has its own budget; a forged X-Forwarded-For from a public address is ignored.
    const spoofed = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      remoteAddress: '203.0.113.7',
      headers: { 'x-forwarded-for': '198.51.100.1' },
      payload: { username: 'x', password: 'y' },
    });
    expect(spoofed.statusCode).toBe(401);
    const tokens = [];
    for (let i = 0; i < 3; i++) {
      tokens.push(
        (
          await t.app.inject({
            method: 'POST',
            url: `${API}/oauth2/token`,
            payload: { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' },
          })
        ).statusCode,
      );
    }
    expect(tokens).toEqual([401, 401, 429]);
    const limited = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { username: 'x', password: 'y' },
    });
    expect(limited.json()).toMatchObject({ status: 429, error: 'Too Many Requests' });
    await t.close();
  });
});
