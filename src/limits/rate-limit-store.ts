import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/index.ts';
import { hitWindow, readWindow } from './repository.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit that counts in PostgreSQL (table rate_limit_windows), so that a
 * limit holds for the deployment: a client spreading its attempts over every API instance gets no
 * more than from one. Same semantics as the plugin's own in-memory store: a fixed window per key.
 * Routes are counted apart unless they share a `groupId`, which then names the bucket.
 */
export function postgresRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  // Not `implements FastifyRateLimitStore`: its type of child()'s argument is not what the plugin passes
  // (the merged limit options with `routeInfo`).
  class PostgresRateLimitStore {
    readonly #bucket: string;

    constructor(_options?: unknown, bucket = '') {
      this.#bucket = bucket;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      hitWindow(db, `http:${this.#bucket}:${key}`, timeWindow).then(
        (w) => callback(null, { current: w.hits, ttl: w.ttlMs }),
        (error: Error) => callback(error),
      );
    }

    read(key: string, callback: Callback, timeWindow: number): void {
      readWindow(db, `http:${this.#bucket}:${key}`, timeWindow).then(
        (w) => callback(null, { current: w.hits, ttl: w.ttlMs }),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: { groupId?: string; routeInfo?: { method?: string; url?: string } }) {
      const route = routeOptions.groupId
        ? `group:${routeOptions.groupId}`
        : `${routeOptions.routeInfo?.method ?? ''} ${routeOptions.routeInfo?.url ?? ''}`;
      return new PostgresRateLimitStore(undefined, route);
    }
  }
  return PostgresRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
