import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import { ageUser, insertUser, tokenFor } from '../support/access.ts';
import { API, createOrganisations, createTestApp, type Organisations, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

type Headers = Record<string, string>;

describeEachDatabase('access administration', (database) => {
  let t: TestApp;
  let orgs: Organisations;
  /** VASTUUKAYTTAJA at the provider (the school is below it). */
  let mainUser: { oid: string; auth: Headers };
  /** REKISTERINPITAJA at the root. */
  let keeper: { oid: string; auth: Headers };
  /** An official of the school, and one of the other provider. */
  let schoolOfficial: { oid: string };
  let otherOfficial: { oid: string };

  beforeAll(async () => {
    t = await createTestApp(database());
    orgs = await createOrganisations(t.services, ' admin');
    const make = async (organisationOid: string, roles: Parameters<typeof insertUser>[1]['grants']) => {
      const u = await insertUser(t.services, { kind: 'service', organisationOid, grants: roles });
      return { oid: u.oid, auth: await tokenFor(t.services, u) };
    };
    mainUser = await make(orgs.provider, [{ role: 'VASTUUKAYTTAJA', organisationOid: orgs.provider }]);
    keeper = await make(ROOT_ORGANISATION_OID, [
      { role: 'REKISTERINPITAJA', organisationOid: ROOT_ORGANISATION_OID },
    ]);
    schoolOfficial = await insertUser(t.services, { kind: 'official', organisationOid: orgs.school });
    otherOfficial = await insertUser(t.services, { kind: 'official', organisationOid: orgs.other });
    return () => t.close();
  });

  const grant = (auth: Headers, userOid: string, body: object) =>
    t.app.inject({ method: 'POST', url: `${API}/users/${userOid}/grants`, headers: auth, payload: body });
  const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600_000).toISOString();

  describe('grants', () => {
    it('a main user grants a grantable role in its subtree, for a year by default', async () => {
      const res = await grant(mainUser.auth, schoolOfficial.oid, {
        role: 'YLEISTUNNISTE_LUONTI',
        organisationOid: orgs.school,
      });
      expect(res.statusCode).toBe(201);
      const g = res.json();
      expect(g).toMatchObject({
        role: 'YLEISTUNNISTE_LUONTI',
        organisationOid: orgs.school,
        status: 'ACTIVE',
      });
      const days = (Date.parse(g.validUntil) - Date.parse(g.validFrom)) / (24 * 3600_000);
      expect(Math.round(days)).toBe(365);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('operation', '=', 'GRANT_CREATE')
        .where('actor_oid', '=', mainUser.oid)
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.target_oids).toEqual([schoolOfficial.oid]);
      expect(audit[0]!.changes).toMatchObject({
        grant: { before: null, after: { role: 'YLEISTUNNISTE_LUONTI', organisationOid: orgs.school } },
      });
    });

    it.each([
      ['outside its subtree', () => otherOfficial.oid, () => orgs.other, 'YLEISTUNNISTE_LUONTI', /outside/],
      [
        "to another provider's user, in its own organisation",
        () => otherOfficial.oid,
        () => orgs.provider,
        'YLEISTUNNISTE_LUONTI',
        /user belongs/,
      ],
      ['to itself', () => mainUser.oid, () => orgs.provider, 'YLEISTUNNISTE_LUONTI', /own rights/],
      [
        'VASTUUKAYTTAJA (main users are appointed by the registry keeper)',
        () => schoolOfficial.oid,
        () => orgs.school,
        'VASTUUKAYTTAJA',
        /may not grant/,
      ],
      [
        'REKISTERINPITAJA',
        () => schoolOfficial.oid,
        () => ROOT_ORGANISATION_OID,
        'REKISTERINPITAJA',
        /may not grant/,
      ],
      [
        'REKISTERINPITAJA_READ',
        () => schoolOfficial.oid,
        () => orgs.provider,
        'REKISTERINPITAJA_READ',
        /may not grant/,
      ],
    ])('a main user cannot grant %s: 403', async (_label, user, org, role, message) => {
      const res = await grant(mainUser.auth, user(), { role, organisationOid: org() });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toMatch(message);
    });

    it('validity: at most 366 days for a main user, the end after the start; the keeper may grant longer', async () => {
      const tooLong = await grant(mainUser.auth, schoolOfficial.oid, {
        role: 'HENKILON_RU',
        organisationOid: orgs.school,
        validUntil: inDays(400),
      });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json().fieldErrors[0].field).toBe('validUntil');
      const backwards = await grant(mainUser.auth, schoolOfficial.oid, {
        role: 'HENKILON_RU',
        organisationOid: orgs.school,
        validFrom: inDays(10),
        validUntil: inDays(5),
      });
      expect(backwards.statusCode).toBe(400);
      const notADate = await grant(mainUser.auth, schoolOfficial.oid, {
        role: 'HENKILON_RU',
        organisationOid: orgs.school,
        validUntil: 'tomorrow',
      });
      expect(notADate.statusCode).toBe(400);
      const long = await grant(keeper.auth, schoolOfficial.oid, {
        role: 'HENKILON_RU',
        organisationOid: orgs.school,
        validUntil: inDays(1000),
      });
      expect(long.statusCode).toBe(201);
      const rootOnly = await grant(keeper.auth, schoolOfficial.oid, {
        role: 'REKISTERINPITAJA_READ',
        organisationOid: orgs.provider,
      });
      expect(rootOnly.statusCode).toBe(400);
      expect(rootOnly.json().message).toContain('root organisation');
    });

    it('a grant counts from its start and stops at revocation, at once; the revocation is audited with before/after', async () => {
      const client = await insertUser(t.services, { kind: 'service', organisationOid: orgs.school });
      const auth = await tokenFor(t.services, client);
      const exists = () =>
        t.app.inject({
          method: 'POST',
          url: `${API}/henkilo/exists`,
          headers: auth,
          payload: { hetu: 'x', etunimet: 'A', kutsumanimi: 'A', sukunimi: 'B' },
        });
      expect((await exists()).statusCode).toBe(403);
      const future = await grant(mainUser.auth, client.oid, {
        role: 'YLEISTUNNISTE_LUONTI',
        organisationOid: orgs.school,
        validFrom: inDays(2),
        validUntil: inDays(30),
      });
      expect(future.json().status).toBe('FUTURE');
      expect((await exists()).statusCode).toBe(403);
      const now = await grant(mainUser.auth, client.oid, {
        role: 'YLEISTUNNISTE_LUONTI',
        organisationOid: orgs.school,
      });
      expect((await exists()).statusCode).toBe(400); // past the rule: the body is checked
      const revoke = await t.app.inject({
        method: 'DELETE',
        url: `${API}/grants/${now.json().id}`,
        headers: mainUser.auth,
      });
      expect(revoke.statusCode).toBe(200);
      expect(revoke.json()).toMatchObject({ status: 'REVOKED', revokedBy: mainUser.oid });
      expect((await exists()).statusCode).toBe(403);
      const again = await t.app.inject({
        method: 'DELETE',
        url: `${API}/grants/${now.json().id}`,
        headers: mainUser.auth,
      });
      expect(again.statusCode).toBe(409);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .select(['changes', 'target_oids'])
        .where('operation', '=', 'GRANT_REVOKE')
        .where('target_oids', '@>', sql<string[]>`${[client.oid]}::text[]`)
        .executeTakeFirstOrThrow();
      expect(audit.changes).toMatchObject({
        grant: { before: { revokedAt: null }, after: { revokedAt: expect.any(String) } },
      });
    });

    it("changes a grant's validity: extends an active one (start kept), moves a future one; audited; limits hold", async () => {
      const official = await insertUser(t.services, { kind: 'official', organisationOid: orgs.school });
      const patch = (id: number, body: object, auth = mainUser.auth) =>
        t.app.inject({ method: 'PATCH', url: `${API}/grants/${id}`, headers: auth, payload: body });
      const active = (
        await grant(mainUser.auth, official.oid, { role: 'HENKILON_RU', organisationOid: orgs.school })
      ).json();
      const end200 = inDays(200);
      const extended = await patch(active.id, { validUntil: end200 });
      expect(extended.statusCode, extended.body).toBe(200);
      expect(extended.json()).toMatchObject({ status: 'ACTIVE', validFrom: active.validFrom });
      expect(extended.json().validUntil).toBe(end200);
      // A begun grant keeps its start; a main user's grant lasts at most a year; the end after the start.
      expect((await patch(active.id, { validFrom: inDays(1), validUntil: inDays(20) })).statusCode).toBe(400);
      const tooLong = await patch(active.id, { validUntil: inDays(400) });
      expect(tooLong.statusCode).toBe(400);
      expect(JSON.stringify(tooLong.json().fieldErrors)).toContain('validUntil');
      expect((await patch(active.id, { validUntil: inDays(-1) })).statusCode).toBe(400);

      const future = (
        await grant(mainUser.auth, official.oid, {
          role: 'DUPLIKAATTINAKYMA',
          organisationOid: orgs.school,
          validFrom: inDays(10),
          validUntil: inDays(20),
        })
      ).json();
      const start5 = inDays(5);
      const moved = await patch(future.id, { validFrom: start5, validUntil: inDays(40) });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ status: 'FUTURE', validFrom: start5 });

      const audit = await t.services.db
        .selectFrom('audit_log')
        .select(['changes'])
        .where('operation', '=', 'GRANT_UPDATE')
        .where('target_oids', '@>', sql<string[]>`${[official.oid]}::text[]`)
        .orderBy('id')
        .execute();
      expect(audit).toHaveLength(2);
      expect(audit[0]!.changes).toMatchObject({
        grant: {
          before: { validUntil: active.validUntil },
          after: { validUntil: end200 },
        },
      });

      // Revoked: not revived (409); another provider's grant: 403.
      await t.app.inject({ method: 'DELETE', url: `${API}/grants/${active.id}`, headers: mainUser.auth });
      expect((await patch(active.id, { validUntil: inDays(100) })).statusCode).toBe(409);
      const foreign = (
        await grant(keeper.auth, otherOfficial.oid, { role: 'HENKILON_RU', organisationOid: orgs.other })
      ).json();
      expect((await patch(foreign.id, { validUntil: inDays(100) })).statusCode).toBe(403);
    });

    it("a main user cannot revoke the grants of another provider's users, nor the keeper's roles", async () => {
      const foreign = await grant(keeper.auth, otherOfficial.oid, {
        role: 'HENKILON_RU',
        organisationOid: orgs.other,
      });
      const res = await t.app.inject({
        method: 'DELETE',
        url: `${API}/grants/${foreign.json().id}`,
        headers: mainUser.auth,
      });
      expect(res.statusCode).toBe(403);
      const missing = await t.app.inject({
        method: 'DELETE',
        url: `${API}/grants/999999999`,
        headers: mainUser.auth,
      });
      expect(missing.statusCode).toBe(404);
    });

    it("lists an organisation's users with every grant, expired and revoked ones flagged", async () => {
      const u = await insertUser(t.services, {
        kind: 'official',
        organisationOid: orgs.school,
        grants: [
          { role: 'HENKILON_RU', organisationOid: orgs.school, state: 'expired' },
          { role: 'DUPLIKAATTINAKYMA', organisationOid: orgs.school, state: 'revoked' },
          { role: 'TUONTIDATA_READ', organisationOid: orgs.school, state: 'future' },
          { role: 'OPPIJOIDENTUONTI', organisationOid: orgs.school },
        ],
      });
      const res = await t.app.inject({
        method: 'GET',
        url: `${API}/organisations/${orgs.provider}/users`,
        headers: mainUser.auth,
      });
      expect(res.statusCode).toBe(200);
      const listed = res.json().users.find((x: { oid: string }) => x.oid === u.oid);
      expect(listed).toMatchObject({ kind: 'official', organisationOid: orgs.school, locked: false });
      expect(
        Object.fromEntries(listed.grants.map((g: { role: string; status: string }) => [g.role, g.status])),
      ).toEqual({
        HENKILON_RU: 'EXPIRED',
        DUPLIKAATTINAKYMA: 'REVOKED',
        TUONTIDATA_READ: 'FUTURE',
        OPPIJOIDENTUONTI: 'ACTIVE',
      });
      const oids = res.json().users.map((x: { oid: string }) => x.oid);
      expect(oids).not.toContain(otherOfficial.oid);
      const services = await t.app.inject({
        method: 'GET',
        url: `${API}/organisations/${orgs.provider}/users?kind=service`,
        headers: mainUser.auth,
      });
      expect(services.json().users.every((x: { kind: string }) => x.kind === 'service')).toBe(true);
      const foreign = await t.app.inject({
        method: 'GET',
        url: `${API}/organisations/${orgs.other}/users`,
        headers: mainUser.auth,
      });
      expect(foreign.statusCode).toBe(403);
    });
  });

  describe('officials and service users', () => {
    it('a main user creates an official of its school with roles; the initial password is shown once and works', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${API}/officials`,
        headers: mainUser.auth,
        payload: {
          username: 'school-official-1',
          name: 'Koulun Virkailija',
          organisationOid: orgs.school,
          roles: ['YLEISTUNNISTE_LUONTI'],
        },
      });
      expect(res.statusCode).toBe(201);
      const { password, oid } = res.json();
      expect(password.length).toBeGreaterThanOrEqual(40);
      const row = await t.services.db
        .selectFrom('users')
        .select('secret_hash')
        .where('oid', '=', oid)
        .executeTakeFirstOrThrow();
      expect(row.secret_hash).toMatch(/^\$argon2id\$/);
      expect(row.secret_hash).not.toContain(password);
      const login = await t.app.inject({
        method: 'POST',
        url: `${API}/session`,
        payload: { username: 'school-official-1', password },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json().grants[0]).toMatchObject({ role: 'YLEISTUNNISTE_LUONTI', status: 'ACTIVE' });
      expect(login.json().grants[0].validUntil).not.toBeNull();
      const taken = await t.app.inject({
        method: 'POST',
        url: `${API}/officials`,
        headers: mainUser.auth,
        payload: { username: 'school-official-1', name: 'Again', organisationOid: orgs.school },
      });
      expect(taken.statusCode).toBe(409);
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: `${API}/officials`,
        headers: mainUser.auth,
        payload: { username: 'other-official-1', name: 'Muu', organisationOid: orgs.other },
      });
      expect(elsewhere.statusCode).toBe(403);
      const mainRole = await t.app.inject({
        method: 'POST',
        url: `${API}/officials`,
        headers: mainUser.auth,
        payload: {
          username: 'school-main-1',
          name: 'Pää',
          organisationOid: orgs.school,
          roles: ['VASTUUKAYTTAJA'],
        },
      });
      expect(mainRole.statusCode).toBe(403);
    });

    it('secret rotation: the new secret is shown once; the old secret and its tokens stop at once', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: `${API}/service-users`,
        headers: mainUser.auth,
        payload: { name: 'Koulun SIS', organisationOid: orgs.school, roles: ['YLEISTUNNISTE_LUONTI'] },
      });
      expect(created.statusCode).toBe(201);
      const { oid, clientId, clientSecret } = created.json();
      const token = (secret: string) =>
        t.app.inject({
          method: 'POST',
          url: `${API}/oauth2/token`,
          payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
        });
      const first = await token(clientSecret);
      expect(first.statusCode).toBe(200);
      const oldAuth = { authorization: `Bearer ${first.json().access_token}` };
      const me = (auth: Headers) => t.app.inject({ method: 'GET', url: `${API}/me`, headers: auth });
      expect((await me(oldAuth)).statusCode).toBe(200); // verified and cached by the issuer

      const rotated = await t.app.inject({
        method: 'POST',
        url: `${API}/service-users/${oid}/secret`,
        headers: mainUser.auth,
      });
      expect(rotated.statusCode).toBe(200);
      const newSecret = rotated.json().clientSecret;
      expect(newSecret).not.toBe(clientSecret);
      expect((await token(clientSecret)).statusCode).toBe(401);
      const stale = await me(oldAuth);
      expect(stale.statusCode).toBe(401);
      expect(stale.json().message).toContain('rotated');
      const fresh = await token(newSecret);
      expect(fresh.statusCode).toBe(200);
      expect((await me({ authorization: `Bearer ${fresh.json().access_token}` })).statusCode).toBe(200);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('operation', '=', 'SECRET_ROTATE')
        .where('target_oids', '@>', sql<string[]>`${[oid]}::text[]`)
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit[0])).not.toContain(newSecret);
      const foreign = await insertUser(t.services, { kind: 'service', organisationOid: orgs.other });
      const denied = await t.app.inject({
        method: 'POST',
        url: `${API}/service-users/${foreign.oid}/secret`,
        headers: mainUser.auth,
      });
      expect(denied.statusCode).toBe(403);
    });

    it('a service user without a token for over a year has no rights until its secret is rotated', async () => {
      const u = await insertUser(t.services, {
        kind: 'service',
        organisationOid: orgs.school,
        grants: [{ role: 'YLEISTUNNISTE_LUONTI', organisationOid: orgs.school }],
      });
      const held = await tokenFor(t.services, u);
      await ageUser(t.services, u.oid, 366);
      const token = (secret: string) =>
        t.app.inject({
          method: 'POST',
          url: `${API}/oauth2/token`,
          payload: { grant_type: 'client_credentials', client_id: u.username, client_secret: secret },
        });
      const refused = await token(u.secret);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ error: 'invalid_client' });
      expect(refused.json().error_description).toContain('over 365 days');
      const withHeld = await t.app.inject({ method: 'GET', url: `${API}/me`, headers: held });
      expect(withHeld.statusCode).toBe(401);
      expect(withHeld.json().message).toContain('lost its rights');
      // A wrong secret learns nothing about dormancy.
      expect((await token('wrong')).json().error_description).toBe('invalid client credentials');
      const listed = await t.app.inject({
        method: 'GET',
        url: `${API}/organisations/${orgs.school}/users?kind=service`,
        headers: mainUser.auth,
      });
      expect(listed.json().users.find((x: { oid: string }) => x.oid === u.oid).dormant).toBe(true);
      const rotated = await t.app.inject({
        method: 'POST',
        url: `${API}/service-users/${u.oid}/secret`,
        headers: mainUser.auth,
      });
      expect((await token(rotated.json().clientSecret)).statusCode).toBe(200);
    });
  });

  describe('organisations', () => {
    const get = (auth: Headers, url: string) =>
      t.app.inject({ method: 'GET', url: `${API}${url}`, headers: auth });

    it('officials see their own subtrees; the registry keeper sees every organisation', async () => {
      const mine = await get(mainUser.auth, '/organisations?pageSize=500');
      expect(mine.statusCode).toBe(200);
      const oids = mine.json().organisations.map((o: { oid: string }) => o.oid);
      expect(oids).toEqual(expect.arrayContaining([orgs.provider, orgs.school]));
      expect(oids).not.toContain(orgs.other);
      expect(oids).not.toContain(ROOT_ORGANISATION_OID);
      const all = await get(keeper.auth, `/organisations?q=${encodeURIComponent(' admin')}`);
      expect(all.json().organisations.map((o: { oid: string }) => o.oid)).toEqual(
        expect.arrayContaining([orgs.provider, orgs.school, orgs.other]),
      );
      const one = await get(mainUser.auth, `/organisations/${orgs.provider}`);
      expect(one.json()).toMatchObject({ oid: orgs.provider, type: 'koulutustoimija', active: true });
      expect(one.json().children.map((c: { oid: string }) => c.oid)).toEqual([orgs.school]);
      expect((await get(mainUser.auth, `/organisations/${orgs.other}`)).statusCode).toBe(403);
      expect((await get(mainUser.auth, '/organisations/1.2.246.562.10.99999999990')).statusCode).toBe(404);
      expect((await get(mainUser.auth, '/organisations/not-an-oid')).statusCode).toBe(400);
    });

    it('the registry keeper creates, renames, passivates and moves organisations; paths of the subtree follow', async () => {
      const post = (payload: object) =>
        t.app.inject({ method: 'POST', url: `${API}/organisations`, headers: keeper.auth, payload });
      const patch = (oid: string, payload: object, auth = keeper.auth) =>
        t.app.inject({ method: 'PATCH', url: `${API}/organisations/${oid}`, headers: auth, payload });
      const a = (await post({ name: 'Siirtyvä järjestäjä', type: 'koulutustoimija' })).json();
      const b = (await post({ name: 'Siirtyvä koulu', type: 'oppilaitos', parentOid: a.oid })).json();
      const c = (await post({ name: 'Toimipiste', type: 'toimipiste', parentOid: b.oid })).json();
      expect(c.path).toEqual([ROOT_ORGANISATION_OID, a.oid, b.oid, c.oid]);

      const moved = await patch(b.oid, { parentOid: orgs.provider, name: 'Siirretty koulu' });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ parentOid: orgs.provider, name: 'Siirretty koulu' });
      const after = await t.services.db
        .selectFrom('organisations')
        .select(['oid', 'path'])
        .where('oid', 'in', [b.oid, c.oid])
        .execute();
      expect(Object.fromEntries(after.map((o) => [o.oid, o.path]))).toEqual({
        [b.oid]: [ROOT_ORGANISATION_OID, orgs.provider, b.oid],
        [c.oid]: [ROOT_ORGANISATION_OID, orgs.provider, b.oid, c.oid],
      });
      // Now inside the main user's subtree.
      expect((await get(mainUser.auth, `/organisations/${c.oid}`)).statusCode).toBe(200);

      expect((await patch(a.oid, { parentOid: c.oid })).statusCode).toBe(200);
      expect((await patch(b.oid, { parentOid: c.oid })).statusCode).toBe(400);
      expect((await patch(c.oid, { active: false })).json().active).toBe(false);
      expect((await post({ name: 'Under passive', parentOid: c.oid })).statusCode).toBe(400);
      expect(
        (await grant(keeper.auth, schoolOfficial.oid, { role: 'HENKILON_RU', organisationOid: c.oid }))
          .statusCode,
      ).toBe(400);
      expect((await patch(ROOT_ORGANISATION_OID, { active: false })).statusCode).toBe(400);
      expect((await patch(b.oid, { name: 'x' }, mainUser.auth)).statusCode).toBe(403);
      expect((await patch(b.oid, {})).statusCode).toBe(400);

      const audit = await t.services.db
        .selectFrom('audit_log')
        .select('changes')
        .where('operation', '=', 'ORGANISATION_UPDATE')
        .where(sql<boolean>`details->>'organisationOid' = ${b.oid}`)
        .executeTakeFirstOrThrow();
      expect(audit.changes).toEqual({
        name: { before: 'Siirtyvä koulu', after: 'Siirretty koulu' },
        parentOid: { before: a.oid, after: orgs.provider },
      });
    });
  });
});
