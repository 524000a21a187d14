import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditActor } from '../audit/index.ts';
import { writeAudit } from '../audit/index.ts';
import type { Db, SessionRow, UserRow } from '../db/index.ts';
import { Invalid, Unauthenticated } from '../errors.ts';
import { hashSecret, MIN_PASSWORD_LENGTH, verifySecret } from './passwords.ts';
import * as repo from './repository.ts';
import type { Caller } from './roles.ts';

export const SESSION_COOKIE = 'onr_session';

/**
 * Session lifetimes. Idle: an unattended, signed-in browser is a door into the identities of
 * every learner, so 30 minutes of inactivity ends the session (OWASP's range for sensitive
 * applications). Absolute: even an active session ends after a working day, so a stolen cookie
 * does not live for ever.
 */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_MAX_HOURS = 10;

/** Five wrong passwords in a row lock the account for 15 minutes: online guessing becomes futile. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

/**
 * One message for every failed login: unknown user, wrong password and locked account look the
 * same from outside, so the answers do not tell which usernames exist.
 */
export const LOGIN_FAILED_MESSAGE = `wrong username or password, or the account is locked for ${LOCKOUT_MINUTES} minutes after ${MAX_FAILED_LOGINS} failed attempts`;

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** Compares without leaking through timing how much of a guessed token was right. */
export function sameToken(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

// A hash to verify against when the user is unknown or locked, so that every failed login costs
// the same argon2 work and takes the same time.
let dummyHash: Promise<string> | undefined;
const dummy = () => {
  dummyHash ??= hashSecret(randomBytes(16).toString('hex'));
  return dummyHash;
};

export interface NewSession {
  /** The cookie value; returned only here, never stored. */
  sessionId: string;
  session: SessionRow;
  user: UserRow;
}

function actorFor(actor: AuditActor, user: UserRow): AuditActor {
  return {
    ...actor,
    oid: user.oid,
    kind: 'official',
    name: user.username,
    organisations: [user.organisation_oid],
  };
}

async function loginFailed(db: Db, actor: AuditActor, username: string, reason: string, user?: UserRow) {
  await writeAudit(db, {
    operation: 'LOGIN_FAILED',
    actor,
    targetOids: user ? [user.oid] : [],
    details: { username: username.slice(0, 100), via: 'password', reason },
  });
  return new Unauthenticated(LOGIN_FAILED_MESSAGE);
}

/**
 * An official signs in with username and password. Locked accounts are not even checked (no
 * guessing while locked); the failure that reaches MAX_FAILED_LOGINS locks the account.
 */
export async function login(
  db: Db,
  actor: AuditActor,
  username: string,
  password: string,
): Promise<NewSession> {
  const user = await repo.findUserByUsername(db, username);
  if (user?.kind !== 'official' || !user.active) {
    await verifySecret(await dummy(), password);
    throw await loginFailed(db, actor, username, user ? 'not an active official' : 'unknown user', user);
  }
  if (user.locked_until && user.locked_until > new Date()) {
    await verifySecret(await dummy(), password);
    throw await loginFailed(db, actor, username, 'locked', user);
  }
  if (!(await verifySecret(user.secret_hash, password))) {
    const lockedUntil = await repo.recordFailedLogin(db, user.oid, MAX_FAILED_LOGINS, LOCKOUT_MINUTES);
    throw await loginFailed(
      db,
      actor,
      username,
      lockedUntil ? 'wrong password; locked' : 'wrong password',
      user,
    );
  }
  // 256 random bits: unguessable, and the database keeps only its hash.
  const sessionId = randomBytes(32).toString('base64url');
  const session = await db.transaction().execute(async (trx) => {
    await repo.recordLogin(trx, user.oid);
    await repo.deleteEndedSessions(trx, user.oid);
    const row = await repo.insertSession(trx, {
      id_hash: hashSessionId(sessionId),
      user_oid: user.oid,
      csrf_token: randomBytes(32).toString('base64url'),
      expires_at: new Date(Date.now() + SESSION_MAX_HOURS * 3600_000),
      ip: actor.ip ?? null,
      user_agent: actor.userAgent ?? null,
    });
    await writeAudit(trx, { operation: 'LOGIN', actor: actorFor(actor, user), details: { via: 'password' } });
    return row;
  });
  return { sessionId, session, user };
}

/** The live session behind a cookie value (its idle time restarted), or undefined. */
export async function resolveSession(db: Db, sessionId: string): Promise<SessionRow | undefined> {
  // A cookie value of absurd length is not ours; do not even hash it.
  if (sessionId.length > 100) return undefined;
  return repo.touchSession(db, hashSessionId(sessionId), SESSION_IDLE_MINUTES);
}

export function idleExpiryOf(session: { lastSeenAt: Date; expiresAt: Date }): Date {
  const idle = new Date(session.lastSeenAt.getTime() + SESSION_IDLE_MINUTES * 60_000);
  return idle < session.expiresAt ? idle : session.expiresAt;
}

/** Ends the session at once: the cookie is worth nothing afterwards, even if someone copied it. */
export async function logout(db: Db, actor: AuditActor, sessionIdHash: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ended = await repo.revokeSession(trx, sessionIdHash);
    if (ended) await writeAudit(trx, { operation: 'LOGOUT', actor });
  });
}

/**
 * An official changes its own password. The current one is asked again (a session left open is
 * not enough), and every other session of the user ends: whoever knew the old password is out.
 */
export async function changePassword(
  db: Db,
  caller: Caller,
  actor: AuditActor,
  input: { currentPassword: string; newPassword: string },
  currentSessionIdHash?: string,
): Promise<void> {
  if (caller.kind !== 'official')
    throw new Invalid('only officials have passwords; service users rotate secrets');
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) {
    throw Invalid.field('newPassword', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const user = await repo.findUser(db, caller.oid);
  if (!user || !(await verifySecret(user.secret_hash, input.currentPassword))) {
    throw Invalid.field('currentPassword', 'is not right');
  }
  const newHash = await hashSecret(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.replaceSecret(trx, user.oid, newHash);
    await repo.revokeOtherSessions(trx, user.oid, currentSessionIdHash);
    await writeAudit(trx, {
      operation: 'SECRET_ROTATE',
      actor,
      targetOids: [user.oid],
      details: { kind: 'password' },
    });
  });
}
