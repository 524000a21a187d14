import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppServices } from '../context.ts';
import { isDatabaseUnavailable } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { EXAMPLES, SMALL_BODY_LIMIT } from '../http/index.ts';
import { actorOf } from './http-auth.ts';
import { rules } from './rules.ts';
import { OAuthErrorResponse, TokenRequest, TokenResponse } from './schemas.ts';
import { issueToken } from './service.ts';

/** RFC 6749 §5.2 error codes the token endpoint answers with (plus two of §4.1.2.1 for 5xx and 429). */
type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'temporarily_unavailable'
  | 'server_error';

/** A token request refused with an OAuth2 error code (RFC 6749 §5.2). */
export class OAuthError extends AppError {
  readonly code: OAuthErrorCode;

  constructor(status: number, code: OAuthErrorCode, description: string) {
    super(status, description);
    this.code = code;
  }
}

const invalidRequest = (description: string) => new OAuthError(400, 'invalid_request', description);

function oauthCodeOf(status: number): OAuthErrorCode {
  if (status === 401) return 'invalid_client';
  if (status === 429 || status === 503) return 'temporarily_unavailable';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}

/**
 * The token endpoint's errors in the shape OAuth2 client libraries read (RFC 6749 §5.2):
 * `error` is the OAuth code, `error_description` says what is wrong. The project's `status`,
 * `path`, `timestamp` and `requestId` are kept beside them — additive, ignored by OAuth libraries.
 */
function sendOAuthError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: OAuthErrorCode,
  description: string,
) {
  // RFC 6749 §5.2: a 401 carries a challenge for the scheme the client may authenticate with.
  if (status === 401) reply.header('www-authenticate', 'Basic realm="oauth2", charset="UTF-8"');
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({
      error: code,
      error_description: description,
      status,
      path: request.url.split('?')[0] ?? request.url,
      timestamp: new Date().toISOString(),
      requestId: request.id,
    });
}

function oauthErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof OAuthError) {
    return sendOAuthError(request, reply, error.status, error.code, error.message);
  }
  if (error instanceof AppError) {
    return sendOAuthError(request, reply, error.status, oauthCodeOf(error.status), error.message);
  }
  if (error.validation) {
    // A parameter of the wrong type, or given twice (the form parser makes a list of it).
    const fields = [...new Set(error.validation.map((e) => e.instancePath.replace(/^\//, '') || 'body'))];
    return sendOAuthError(request, reply, 400, 'invalid_request', `invalid parameter: ${fields.join(', ')}`);
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, 'database unavailable');
    return sendOAuthError(request, reply, 503, 'temporarily_unavailable', 'the database is not available');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: body too large, bad content type, unreadable body, rate limit.
    return sendOAuthError(request, reply, status, oauthCodeOf(status), error.message);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendOAuthError(request, reply, 500, 'server_error', 'internal error; quote the request id');
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = header && /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded inside the Basic header.
  const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/** What `app.createRateLimit()` returns: one counter shared by every path of the token endpoint. */
export type RateLimitCheck = ReturnType<FastifyInstance['createRateLimit']>;

export function accessRoutes(services: AppServices, options: { tokenRateLimit: RateLimitCheck }) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Encapsulated: only the token endpoint answers in OAuth2's error shape.
    app.setErrorHandler(oauthErrorHandler);
    app.post(
      '/oauth2/token',
      {
        config: { access: rules.public },
        // Guessing secrets is slowed down per client address — one count for all three paths.
        onRequest: async (request, reply) => {
          const limit = await options.tokenRateLimit(request);
          if (!limit.isAllowed && limit.isExceeded) {
            reply.header('retry-after', String(limit.ttlInSeconds));
            throw new OAuthError(
              429,
              'temporarily_unavailable',
              'too many token requests; try again shortly',
            );
          }
        },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags: ['Authentication'],
          operationId: 'issueToken',
          'x-onr-examples': EXAMPLES.issueToken,
          summary: 'OAuth2 client credentials: a short-lived access token for a service user',
          description:
            'Form body `grant_type=client_credentials&client_id=…&client_secret=…` (also JSON), or the client id and secret in HTTP Basic. Errors as RFC 6749 §5.2: `{"error": "invalid_request" | "invalid_client" | "unsupported_grant_type", "error_description": …}` (401 with `WWW-Authenticate`); 413 and 429 carry `invalid_request` and `temporarily_unavailable`.',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: TokenRequest,
          response: {
            200: TokenResponse,
            400: OAuthErrorResponse,
            401: OAuthErrorResponse,
            413: OAuthErrorResponse,
            429: OAuthErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const body = request.body ?? {};
        if (!body.grant_type) throw invalidRequest('grant_type is required');
        if (body.grant_type !== 'client_credentials') {
          throw new OAuthError(400, 'unsupported_grant_type', 'only client_credentials is supported');
        }
        const basic = basicCredentials(request.headers.authorization);
        const clientId = basic?.id ?? body.client_id;
        const clientSecret = basic?.secret ?? body.client_secret;
        // RFC 6749 §5.2: no client authentication included is invalid_client (401).
        if (!clientId) throw new OAuthError(401, 'invalid_client', 'client_id is required');
        if (!clientSecret) throw new OAuthError(401, 'invalid_client', 'client_secret is required');
        const token = await issueToken(
          services.db,
          services.tokens,
          actorOf(request),
          clientId,
          clientSecret,
        );
        // RFC 6749 §5.1: the answer holds a credential.
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        // The reference's issuer echoes a requested scope (its clients ask for "oauth2"); onr's
        // tokens carry no scopes (the grants decide), so the scope is only echoed.
        return body.scope ? { ...token, scope: body.scope } : token;
      },
    );
  };
}
