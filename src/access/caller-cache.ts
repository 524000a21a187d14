import type { Db, UserRow } from '../db/index.ts';
import * as repo from './repository.ts';
import type { EffectiveGrant, Role } from './roles.ts';

/** A grant with its validity window; which grants count is decided at each request's time. */
export interface GrantWindow {
  role: Role;
  organisationOid: string;
  validFrom: Date;
  validUntil: Date | null;
}

export interface UserWithGrants {
  user: UserRow;
  grants: GrantWindow[];
}

export function effectiveGrants(windows: readonly GrantWindow[], now: Date = new Date()): EffectiveGrant[] {
  const t = now.getTime();
  return windows
    .filter((g) => g.validFrom.getTime() <= t && (g.validUntil === null || g.validUntil.getTime() > t))
    .map((g) => ({ role: g.role, organisationOid: g.organisationOid }));
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Users and their grant windows for the Bearer-token path, so that a single lookup needs no
 * extra round trip to authorise. Correctness rests on invalidation, not on the TTL:
 * - in this process, the access services invalidate a user after committing a change to it;
 * - every change to users or grants NOTIFYs channel onr_access at commit (migration 006), which
 *   reaches every instance, also for changes by the CLI;
 * - while the listening connection is down nothing is cached (notifications could be missed).
 * Validity windows are evaluated per request, so grants expire and start on time without any
 * notification. The TTL only bounds the damage of a bug.
 */
export class CallerCache {
  readonly #entries = new Map<string, { value: UserWithGrants; at: number }>();
  // A load that began before an invalidation must not store what it read.
  readonly #generation = new Map<string, number>();
  #listening = false;

  setListening(listening: boolean): void {
    this.#listening = listening;
    this.#entries.clear();
  }

  invalidate(oid: string): void {
    this.#entries.delete(oid);
    this.#generation.set(oid, (this.#generation.get(oid) ?? 0) + 1);
    if (this.#generation.size > MAX_ENTRIES) this.#generation.clear();
  }

  async load(db: Db, oid: string): Promise<UserWithGrants | undefined> {
    const hit = this.#entries.get(oid);
    if (hit && this.#listening && Date.now() - hit.at < TTL_MS) return hit.value;
    const generation = this.#generation.get(oid) ?? 0;
    const value = await repo.loadActiveUserWithGrantWindows(db, oid);
    if (value && this.#listening && (this.#generation.get(oid) ?? 0) === generation) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(oid, { value, at: Date.now() });
    }
    return value;
  }
}

/** Subscribes the cache to the access notifications; returns the unsubscribe. */
export function listenForAccessChanges(
  database: {
    listen: (c: string, m: (p: string) => void, s: (l: boolean) => void) => Promise<() => Promise<void>>;
  },
  cache: CallerCache,
): Promise<() => Promise<void>> {
  return database.listen(
    'onr_access',
    (oid) => cache.invalidate(oid),
    (listening) => cache.setListening(listening),
  );
}
