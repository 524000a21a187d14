import type { Db, UserRow } from '../db/index.ts';
import { Unauthenticated } from '../errors.ts';
import { type CallerCache, effectiveGrants } from './caller-cache.ts';
import * as repo from './repository.ts';
import type { Caller, EffectiveGrant } from './roles.ts';

/** What a request's credentials proved, before the user is loaded. */
export type Credentials =
  | {
      via: 'token';
      userOid: string;
      /** The secret version the token was issued under. */
      secretVersion: number;
    }
  | {
      via: 'session';
      userOid: string;
      /** SHA-256 of the session id (the row key; the id itself stays in the cookie). */
      sessionIdHash: string;
      csrfToken: string;
      expiresAt: Date;
      lastSeenAt: Date;
    };

/**
 * A service user that has not obtained a token for this long loses its rights (SPEC §11):
 * forgotten integrations should not keep live credentials to the registry.
 */
export const DORMANT_AFTER_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export const DORMANT_MESSAGE =
  `the service user has not obtained an access token for over ${DORMANT_AFTER_DAYS} days and has lost its ` +
  'rights; a main user (VASTUUKAYTTAJA) of its organisation can reactivate it by rotating its secret';

/**
 * A service user's last sign of life: its last token, or the creation or secret rotation that
 * a main user did since (rotating the secret is the deliberate act that reactivates it).
 */
export function lastActivityOf(
  user: Pick<UserRow, 'last_login_at' | 'created_at' | 'secret_rotated_at'>,
): Date {
  const times = [user.created_at, user.secret_rotated_at, user.last_login_at].filter((t): t is Date => !!t);
  return new Date(Math.max(...times.map((t) => t.getTime())));
}

export function isDormant(
  user: Pick<UserRow, 'kind' | 'last_login_at' | 'created_at' | 'secret_rotated_at'>,
  now: Date = new Date(),
): boolean {
  return (
    user.kind === 'service' && now.getTime() - lastActivityOf(user).getTime() > DORMANT_AFTER_DAYS * DAY_MS
  );
}

export function callerOf(user: UserRow, grants: EffectiveGrant[]): Caller {
  return {
    oid: user.oid,
    kind: user.kind,
    username: user.username,
    name: user.name,
    organisationOid: user.organisation_oid,
    grants,
  };
}

/** Why credentials that were valid when issued no longer hold for this user; undefined when they do. */
export function staleCredentials(
  user: UserRow,
  credentials: Credentials,
  now: Date = new Date(),
): string | undefined {
  if (credentials.via === 'token') {
    // Tokens are for service users only; sessions for officials only.
    if (user.kind !== 'service') return 'access tokens are for service users';
    if (credentials.secretVersion !== user.secret_version) {
      return 'the access token was issued before the client secret was rotated; obtain a new token';
    }
    if (isDormant(user, now)) return DORMANT_MESSAGE;
    return undefined;
  }
  if (user.kind !== 'official') return 'sessions are for officials';
  return undefined;
}

/**
 * The caller behind the credentials with the grants valid at this moment (expiry and revocation
 * take effect at once). Throws Unauthenticated, with the reason, when the user is gone, inactive,
 * or the credentials were overtaken (secret rotated, dormant service user).
 */
export async function authenticateCaller(
  db: Db,
  credentials: Credentials,
  cache?: CallerCache,
): Promise<Caller> {
  // Tokens are the API's hot path: their users come from the cache (see CallerCache for why that
  // stays exact). A session is read from the database on every request anyway.
  const loaded =
    credentials.via === 'token' && cache
      ? await cache.load(db, credentials.userOid)
      : await repo.loadActiveUserWithGrantWindows(db, credentials.userOid);
  if (!loaded) throw new Unauthenticated('the user does not exist or is not active');
  const now = new Date();
  const stale = staleCredentials(loaded.user, credentials, now);
  if (stale) throw new Unauthenticated(stale);
  return callerOf(loaded.user, effectiveGrants(loaded.grants, now));
}
