import { sql } from 'kysely';
import { createUser, hashSecret, type Role } from '../../src/access/index.ts';
import type { AuditActor } from '../../src/audit/index.ts';
import type { AppServices } from '../../src/context.ts';
import { generateOid } from '../../src/domain/oid.ts';
import { API, type TestApp } from './app.ts';

const fixtureActor: AuditActor = { oid: null, kind: 'system', name: 'test-fixture', organisations: [] };
const DAY = 24 * 3600_000;

/** A grant as a test wants it: valid now unless told otherwise. */
export interface FixtureGrant {
  role: Role;
  organisationOid: string;
  state?: 'valid' | 'expired' | 'future' | 'revoked';
}

// argon2 costs ~50 ms a hash: users inserted by the fixtures share one.
const SHARED_SECRET = 'fixture-secret-not-for-real-use';
let sharedHash: Promise<string> | undefined;

let counter = 0;

/**
 * Inserts a user with grants straight into the database (fast: no hashing per user). Grants
 * can be expired, not yet valid or revoked, for the tests of request-time validity.
 */
export async function insertUser(
  services: AppServices,
  input: {
    kind: 'official' | 'service';
    organisationOid: string;
    grants?: FixtureGrant[];
    username?: string;
  },
): Promise<{ oid: string; username: string; secret: string }> {
  sharedHash ??= hashSecret(SHARED_SECRET);
  counter += 1;
  const oid = generateOid(services.personOidNode);
  const username = input.username ?? `fixture-${input.kind}-${counter}-${oid.slice(-6)}`;
  await services.db
    .insertInto('users')
    .values({
      oid,
      kind: input.kind,
      username,
      name: `Fixture ${username}`,
      organisation_oid: input.organisationOid,
      secret_hash: await sharedHash,
      created_by: 'test',
    })
    .execute();
  const now = Date.now();
  for (const g of input.grants ?? []) {
    const state = g.state ?? 'valid';
    await services.db
      .insertInto('grants')
      .values({
        user_oid: oid,
        organisation_oid: g.organisationOid,
        role: g.role,
        valid_from: new Date(state === 'future' ? now + DAY : now - 2 * DAY),
        valid_until: new Date(state === 'expired' ? now - DAY : now + 30 * DAY),
        revoked_at: state === 'revoked' ? new Date(now - 3600_000) : null,
        granted_by: 'test',
      })
      .execute();
  }
  return { oid, username, secret: SHARED_SECRET };
}

/** An access token signed by the app's issuer for a service user, without the token endpoint. */
export async function tokenFor(services: AppServices, user: { oid: string; username: string }) {
  const token = await services.tokens.sign({
    sub: user.oid,
    client_id: user.username,
    roles: {},
    secretVersion: 1,
  });
  return { authorization: `Bearer ${token}` };
}

/** A service user holding the roles in one organisation, and the Authorization header of its token. */
export async function serviceToken(
  services: AppServices,
  organisationOid: string,
  roles: Role[],
): Promise<{ authorization: string }> {
  const user = await insertUser(services, {
    kind: 'service',
    organisationOid,
    grants: roles.map((role) => ({ role, organisationOid })),
  });
  return tokenFor(services, user);
}

/** An official created through the service (real hashing), with a known password. */
export async function createOfficial(
  services: AppServices,
  organisationOid: string,
  roles: Role[],
  username?: string,
): Promise<{ oid: string; username: string; password: string }> {
  counter += 1;
  const password = `password-${counter}-${Math.random().toString(36).slice(2)}`;
  const created = await createUser(
    { db: services.db, actor: fixtureActor, userOidNode: services.personOidNode },
    {
      kind: 'official',
      username: username ?? `official-${counter}-${Date.now()}`,
      name: `Official ${counter}`,
      organisationOid,
      roles,
      secret: password,
    },
  );
  return { oid: created.oid, username: created.username, password };
}

export interface Session {
  /** Cookie only: what a forged cross-site request would carry. */
  cookie: { cookie: string };
  /** Cookie and CSRF token: what the UI sends on writes. */
  headers: { cookie: string; 'x-csrf-token': string };
  csrfToken: string;
  sessionId: string;
}

/** Signs in through POST /session and returns the cookie and CSRF token. */
export async function login(t: TestApp, username: string, password: string): Promise<Session> {
  const res = await t.app.inject({ method: 'POST', url: `${API}/session`, payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const sessionCookie = res.cookies.find((c) => c.name === 'onr_session');
  if (!sessionCookie) throw new Error('no session cookie');
  const csrfToken = res.json().csrfToken as string;
  const cookie = `onr_session=${sessionCookie.value}`;
  return {
    cookie: { cookie },
    headers: { cookie, 'x-csrf-token': csrfToken },
    csrfToken,
    sessionId: sessionCookie.value,
  };
}

/** Moves a user's last sign of life back in time (dormancy tests). */
export async function ageUser(services: AppServices, oid: string, days: number): Promise<void> {
  const then = new Date(Date.now() - days * 24 * 3600_000);
  await sql`update users set created_at = ${then}, secret_rotated_at = ${then}, last_login_at = ${then}
    where oid = ${oid}`.execute(services.db);
}
