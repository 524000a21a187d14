import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../context.ts';
import { Invalid } from '../errors.ts';
import { actorOf } from '../http/auth.ts';
import { errors } from '../http/schemas.ts';
import { SMALL_BODY_LIMIT } from '../http/security.ts';
import { rules } from './rules.ts';
import { TokenRequest, TokenResponse } from './schemas.ts';
import { issueToken } from './service.ts';

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

export function accessRoutes(
  services: AppServices,
  options: { tokenRateLimit: { max: number; timeWindow: string } },
) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/oauth2/token',
      {
        config: {
          access: rules.public,
          // Guessing secrets is slowed down per client address.
          rateLimit: options.tokenRateLimit,
        },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags: ['Authentication'],
          summary: 'OAuth2 client credentials: a short-lived access token for a service user',
          description:
            'Form body `grant_type=client_credentials&client_id=…&client_secret=…`, or the client id and secret in HTTP Basic.',
          consumes: ['application/x-www-form-urlencoded'],
          body: TokenRequest,
          response: { 200: TokenResponse, ...errors(400, 401, 413, 429) },
        },
      },
      async (request, reply) => {
        const body = request.body ?? {};
        if (body.grant_type !== 'client_credentials') {
          throw Invalid.field('grant_type', 'must be client_credentials', body.grant_type);
        }
        const basic = basicCredentials(request.headers.authorization);
        const clientId = basic?.id ?? body.client_id;
        const clientSecret = basic?.secret ?? body.client_secret;
        if (!clientId) throw Invalid.field('client_id', 'is required');
        if (!clientSecret) throw Invalid.field('client_secret', 'is required');
        const token = await issueToken(
          services.db,
          services.tokens,
          actorOf(request),
          clientId,
          clientSecret,
        );
        reply.header('cache-control', 'no-store');
        return token;
      },
    );
  };
}
