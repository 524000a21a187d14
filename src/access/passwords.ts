import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Officials' passwords: long enough that the lockout leaves no realistic chance of guessing. */
export const MIN_PASSWORD_LENGTH = 12;

// argon2id with the library's defaults (OWASP's minimum: m=19 MiB, t=2, p=1).
export function hashSecret(secret: string): Promise<string> {
  return hash(secret);
}

export async function verifySecret(secretHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(secretHash, secret);
  } catch {
    return false;
  }
}

/** A new client secret: 32 random bytes, URL-safe. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}
