import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AccessRule, type Caller, loadCaller } from '../access/index.ts';
import type { AuditActor } from '../audit/index.ts';
import type { AppServices, RequestContext } from '../context.ts';
import { Forbidden, Unauthenticated } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission rule of the route (src/access/rules.ts). Required on every route. */
    access?: AccessRule;
  }
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * Finds the user OID behind a request's credentials, or undefined when it carries none. Throws
 * Unauthenticated for credentials that are present but not valid.
 */
export type Authenticator = (request: FastifyRequest) => Promise<string | undefined>;

export function bearerAuthenticator(services: AppServices): Authenticator {
  return async (request) => {
    const header = request.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new Unauthenticated('the Authorization header must be "Bearer <token>"');
    const oid = await services.tokens.verify(match[1]);
    if (!oid) throw new Unauthenticated('the access token is invalid or has expired');
    return oid;
  };
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
  app.addHook('onRoute', (route) => {
    if (publicPrefixes.some((p) => route.url.startsWith(p))) {
      // Plugin-registered documentation routes: public by decision, not by omission.
      route.config = {
        ...(route.config as object),
        access: { name: 'public', authenticated: false, allows: () => true },
      };
      return;
    }
    const access = (route.config as { access?: AccessRule } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} has no access rule`);
  });

  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config.access;
    // Unknown URLs have no route: the not-found handler answers them.
    if (!rule?.authenticated) return;
    let oid: string | undefined;
    for (const authenticate of authenticators) {
      oid = await authenticate(request);
      if (oid) break;
    }
    if (!oid) throw new Unauthenticated();
    // Grants are read at request time: an expired or revoked grant stops working at once.
    const caller = await loadCaller(services.db, oid);
    if (!caller) throw new Unauthenticated('the user is not active');
    request.caller = caller;
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
