import { createHash } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface TokenClaims {
  /** The user's OID. */
  sub: string;
  client_id: string;
  /** Informational: the grants at issue time. Authorisation re-reads grants on every request. */
  roles: Record<string, string[]>;
}

export interface TokenIssuer {
  readonly issuer: string;
  readonly ttlSeconds: number;
  sign(claims: TokenClaims): Promise<string>;
  /** Returns the user OID of a valid token, or undefined for anything else. */
  verify(token: string): Promise<string | undefined>;
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
  const verified = new Map<string, { sub: string; exp: number }>();
  return {
    issuer: options.issuer,
    ttlSeconds: options.ttlSeconds,
    async sign(claims) {
      return new SignJWT({ client_id: claims.client_id, roles: claims.roles })
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
        if (hit.exp > now) return hit.sub;
        verified.delete(token);
        return undefined;
      }
      try {
        const { payload } = await jwtVerify(token, key, { issuer: options.issuer, algorithms: ['HS256'] });
        if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return undefined;
        if (verified.size >= MAX_CACHED) verified.clear();
        verified.set(token, { sub: payload.sub, exp: payload.exp });
        return payload.sub;
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
