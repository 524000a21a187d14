// The cookie plugin's types add request.cookies.
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/index.ts';
import type { AppServices, RequestContext } from '../context.ts';
import { Forbidden, Unauthenticated } from '../errors.ts';
import { authenticateCaller, type Credentials } from './authentication.ts';
import type { Caller } from './roles.ts';
import { type AccessRule, rules } from './rules.ts';
import { resolveSession, SESSION_COOKIE, sameToken } from './sessions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission rule of the route (src/access/rules.ts). Required on every route. */
    access?: AccessRule;
  }
  interface FastifyRequest {
    caller?: Caller;
    /** How the caller authenticated (token or session); set on authenticated routes. */
    credentials?: Credentials;
  }
}

/**
 * Finds the credentials a request carries, or undefined when it carries none of this kind.
 * Throws Unauthenticated for credentials that are present but not valid.
 */
export type Authenticator = (request: FastifyRequest) => Promise<Credentials | undefined>;

export function bearerAuthenticator(services: AppServices): Authenticator {
  return async (request) => {
    const header = request.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new Unauthenticated('the Authorization header must be "Bearer <token>"');
    const token = await services.tokens.verify(match[1]);
    if (!token) throw new Unauthenticated('the access token is invalid or has expired');
    return { via: 'token', userOid: token.userOid, secretVersion: token.secretVersion };
  };
}

/** The officials' UI: the session cookie set by POST /session. */
export function sessionAuthenticator(services: AppServices): Authenticator {
  return async (request) => {
    const sessionId = request.cookies?.[SESSION_COOKIE];
    if (!sessionId) return undefined;
    const session = await resolveSession(services.db, sessionId);
    if (!session) throw new Unauthenticated('the session has ended; sign in again');
    return {
      via: 'session',
      userOid: session.user_oid,
      sessionIdHash: session.id_hash,
      csrfToken: session.csrf_token,
      expiresAt: session.expires_at,
      lastSeenAt: session.last_seen_at,
    };
  };
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the session cookie with any request, also one that another site triggers
 * (CSRF). Such a site cannot read our pages, so it cannot know the session's CSRF token: a
 * cookie-authenticated request that changes anything must echo it in X-CSRF-Token. Bearer
 * requests need no token, because a browser never attaches a bearer token by itself.
 */
function checkCsrf(request: FastifyRequest, credentials: Credentials): void {
  if (credentials.via !== 'session' || SAFE_METHODS.has(request.method)) return;
  const given = request.headers[CSRF_HEADER];
  if (!sameToken(credentials.csrfToken, typeof given === 'string' ? given : undefined)) {
    throw new Forbidden(
      `a cookie-authenticated ${request.method} needs the session's CSRF token in X-CSRF-Token`,
    );
  }
}

/** One registered route and its rule, for the route-table and authorisation-matrix tests. */
export interface RouteAccess {
  method: string;
  url: string;
  rule: AccessRule;
}

const routeTables = new WeakMap<FastifyInstance, RouteAccess[]>();

/** Every route registered on the app, with its permission rule. */
export function accessRouteTable(app: FastifyInstance): readonly RouteAccess[] {
  return routeTables.get(app) ?? [];
}

/**
 * Deny by default: a route without a permission rule cannot even be registered, and every
 * request is authenticated and checked against its route's rule before its body is read.
 */
export function registerAccessControl(
  app: FastifyInstance,
  services: AppServices,
  authenticators: Authenticator[],
  publicPrefixes: string[],
): void {
  const table: RouteAccess[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    if (publicPrefixes.some((p) => route.url.startsWith(p))) {
      // Plugin-registered documentation routes: public by decision, not by omission.
      route.config = { ...(route.config as object), access: rules.public };
    }
    const access = (route.config as { access?: AccessRule } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} has no access rule`);
    for (const method of [route.method].flat()) table.push({ method, url: route.url, rule: access });
  });

  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config.access;
    if (!rule) {
      // Unknown URLs have no route: the not-found handler answers them. A route that slipped
      // past the registration check (registered before it) is refused, not opened.
      if (request.is404) return;
      throw new Forbidden('this endpoint has no permission rule');
    }
    if (!rule.authenticated) return;
    let credentials: Credentials | undefined;
    for (const authenticate of authenticators) {
      credentials = await authenticate(request);
      if (credentials) break;
    }
    if (!credentials) throw new Unauthenticated();
    // Grants are read at request time: an expired or revoked grant stops working at once.
    const caller = await authenticateCaller(services.db, credentials, services.callerCache);
    request.caller = caller;
    request.credentials = credentials;
    checkCsrf(request, credentials);
    if (!rule.allows(caller))
      throw new Forbidden(`the caller lacks the rights for this operation (${rule.name})`);
  });
}

export function actorOf(request: FastifyRequest, caller?: Caller): AuditActor {
  const c = caller ?? request.caller;
  const callerId = request.headers['caller-id'];
  const organisations = c ? [...new Set([c.organisationOid, ...c.grants.map((g) => g.organisationOid)])] : [];
  return {
    oid: c?.oid ?? null,
    kind: c?.kind ?? 'system',
    name: c?.username ?? null,
    organisations,
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 300),
    requestId: request.id,
    callerId: typeof callerId === 'string' ? callerId.slice(0, 200) : undefined,
  };
}

/** The request's context for a service call; only on authenticated routes. */
export function contextOf(services: AppServices, request: FastifyRequest): RequestContext {
  const caller = request.caller;
  if (!caller) throw new Unauthenticated();
  return {
    ...services,
    caller,
    actor: actorOf(request, caller),
    endpoint: `${request.method} ${request.routeOptions.url ?? request.url}`,
  };
}
