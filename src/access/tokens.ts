import { createHash } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface TokenClaims {
  /** The user's OID. */
  sub: string;
  client_id: string;
  /** Informational: the grants at issue time. Authorisation re-reads grants on every request. */
  roles: Record<string, string[]>;
  /**
   * The user's secret version at issue time (claim `sv`). Every request compares it with the
   * user's current version, so rotating the secret stops the tokens issued before it at once,
   * even while they are cached as verified here.
   */
  secretVersion: number;
}

/** What a valid token proves. */
export interface VerifiedToken {
  userOid: string;
  secretVersion: number;
}

export interface TokenIssuer {
  readonly issuer: string;
  readonly ttlSeconds: number;
  sign(claims: TokenClaims): Promise<string>;
  /** The user and secret version of a valid token, or undefined for anything else. */
  verify(token: string): Promise<VerifiedToken | undefined>;
}

const MAX_CACHED = 10_000;

/**
 * HS256 access tokens. Each deployment has its own key and its own issuer (environment and
 * deployment id), so a token of one deployment never works in another.
 */
export function createTokenIssuer(options: {
  secret: string;
  issuer: string;
  ttlSeconds: number;
}): TokenIssuer {
  const key = createHash('sha256').update(options.secret).digest();
  // Verification costs more than the lookup it guards; a verified token is remembered until it expires.
  // The cache only saves the signature check: the caller's secret version and grants are still
  // compared with the database on every request.
  const verified = new Map<string, VerifiedToken & { exp: number }>();
  return {
    issuer: options.issuer,
    ttlSeconds: options.ttlSeconds,
    async sign(claims) {
      return new SignJWT({ client_id: claims.client_id, roles: claims.roles, sv: claims.secretVersion })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(options.issuer)
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds}s`)
        .setJti(crypto.randomUUID())
        .sign(key);
    },
    async verify(token) {
      const now = Date.now() / 1000;
      const hit = verified.get(token);
      if (hit) {
        if (hit.exp > now) return { userOid: hit.userOid, secretVersion: hit.secretVersion };
        verified.delete(token);
        return undefined;
      }
      try {
        const { payload } = await jwtVerify(token, key, { issuer: options.issuer, algorithms: ['HS256'] });
        const { sub, exp, sv } = payload;
        if (typeof sub !== 'string' || typeof exp !== 'number' || !Number.isInteger(sv)) return undefined;
        const result = { userOid: sub, secretVersion: sv as number };
        if (verified.size >= MAX_CACHED) verified.clear();
        verified.set(token, { ...result, exp });
        return result;
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
