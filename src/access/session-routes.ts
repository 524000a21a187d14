import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppServices } from '../context.ts';
import { AppError, Invalid } from '../errors.ts';
import { errors, SMALL_BODY_LIMIT } from '../http/index.ts';
import { authenticateCaller } from './authentication.ts';
import { actorOf, contextOf } from './http-auth.ts';
import { rules } from './rules.ts';
import { LoginBody, Me, PasswordChangeBody } from './schemas.ts';
import { changePassword, login, logout, SESSION_COOKIE } from './sessions.ts';
import { describeCaller } from './users.ts';

const tags = ['Session'];

/**
 * Login accepts JSON only. A cross-site HTML form can post url-encoded or multipart bodies but
 * never application/json (that needs a CORS preflight, which we do not grant), so another site
 * cannot sign a visitor in to an account of its choosing (login CSRF).
 */
function requireJson(request: FastifyRequest): void {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new AppError(415, 'send the login as application/json');
}

export function sessionRoutes(
  services: AppServices,
  options: { loginRateLimit: { max: number; timeWindow: string }; secureCookie: boolean },
) {
  const cookieOptions = {
    // HttpOnly: scripts (an injected one too) never see the session id. SameSite=Lax: other
    // sites' subrequests and form posts do not carry it. Secure whenever the registry is on https.
    httpOnly: true,
    secure: options.secureCookie,
    sameSite: 'lax' as const,
    path: '/',
  };
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/session',
      {
        // Guessing passwords is slowed per client address here, and per account by the lockout.
        config: { access: rules.public, rateLimit: options.loginRateLimit },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'signIn',
          summary: 'Sign in (officials): sets the session cookie, returns "who am I" with the CSRF token',
          security: [],
          body: LoginBody,
          response: { 200: Me, ...errors(400, 401, 413, 415, 429) },
        },
      },
      async (request, reply) => {
        requireJson(request);
        const actor = actorOf(request);
        const { sessionId, session, user } = await login(
          services.db,
          actor,
          request.body.username,
          request.body.password,
        );
        const credentials = {
          via: 'session' as const,
          userOid: user.oid,
          sessionIdHash: session.id_hash,
          csrfToken: session.csrf_token,
          expiresAt: session.expires_at,
          lastSeenAt: session.last_seen_at,
        };
        request.caller = await authenticateCaller(services.db, credentials);
        request.credentials = credentials;
        reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions);
        return describeCaller(contextOf(services, request), credentials);
      },
    );

    app.delete(
      '/session',
      {
        config: { access: rules.authenticated },
        schema: {
          tags,
          operationId: 'signOut',
          summary: 'Sign out: ends the session at once and clears the cookie',
          response: { 204: { type: 'null' }, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const credentials = request.credentials;
        if (credentials?.via !== 'session')
          throw new Invalid('no session to end: this request used a bearer token');
        await logout(services.db, contextOf(services, request).actor, credentials.sessionIdHash);
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        config: { access: rules.authenticated },
        schema: {
          tags,
          operationId: 'getMe',
          summary: 'Who am I: the caller, its organisations and roles, the validity of each grant',
          response: { 200: Me, ...errors(401) },
        },
      },
      async (request) => {
        const credentials = request.credentials;
        return describeCaller(
          contextOf(services, request),
          credentials?.via === 'session' ? credentials : undefined,
        );
      },
    );

    app.put(
      '/me/password',
      {
        // It checks the current password, so it is rate-limited like the login.
        config: { access: rules.authenticated, rateLimit: options.loginRateLimit },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'changeOwnPassword',
          summary: "Change the official's own password; the other sessions of the user end",
          body: PasswordChangeBody,
          response: { 204: { type: 'null' }, ...errors(400, 401, 403, 413, 429) },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(services, request);
        const credentials = request.credentials;
        await changePassword(
          ctx.db,
          ctx.caller,
          ctx.actor,
          request.body,
          credentials?.via === 'session' ? credentials.sessionIdHash : undefined,
        );
        return reply.status(204).send(null);
      },
    );
  };
}
