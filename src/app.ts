import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { sql } from 'kysely';
import {
  type Authenticator,
  accessRoutes,
  administrationRoutes,
  bearerAuthenticator,
  listenForAccessChanges,
  registerAccessControl,
  rules,
  sessionAuthenticator,
  sessionRoutes,
} from './access/index.ts';
import { reportRoutes } from './audit-log/index.ts';
import { codeRoutes } from './codes/index.ts';
import type { AppServices } from './context.ts';
import { type DuplicateThresholds, duplicateRoutes } from './duplicates/index.ts';
import { ServiceUnavailable } from './errors.ts';
import {
  clientErrorHandler,
  containsHetu,
  documentRoute,
  finishDocument,
  frameworkErrors,
  loggerOptions,
  maskHetusInText,
  registerDrain,
  registerErrorHandler,
  registerSecurity,
  registerTextGuard,
} from './http/index.ts';
import { identificationRoutes } from './identification/index.ts';
import { importRoutes } from './imports/index.ts';
import { postgresRateLimitStore } from './limits/index.ts';
import { lookupRoutes } from './lookup/index.ts';
import { operationsRoutes, registerRequestMetrics } from './ops/index.ts';
import { personRoutes } from './person-workflows/index.ts';
import { UI_PREFIX, uiRoutes } from './ui/index.ts';

export const API_BASE = '/oppijanumerorekisteri-service';
export const DOCS_PREFIX = `${API_BASE}/swagger-ui`;
/** The reference's token issuer (otuva's kayttooikeus-service). */
export const REFERENCE_ISSUER_BASE = '/kayttooikeus-service';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The document's tags, in the order a reader meets them (docs/OPENAPI.md). */
const DOCUMENT_TAGS = [
  { name: 'Authentication', description: 'OAuth2 client credentials for service users (RFC 6749)' },
  { name: 'Single person', description: 'Learner numbers one person at a time (the reference contract)' },
  {
    name: 'Mass import (yleistunniste)',
    description: 'Learner numbers for many persons (the reference contract)',
  },
  {
    name: 'Mass import (oppija)',
    description: 'Richer import rows, results and the change feed (the reference contract)',
  },
  { name: 'Code lists', description: 'The code lists that import rows and person data are checked against' },
  { name: 'Session', description: "Officials' sign-in, sign-out and own details (the UI)" },
  { name: 'Persons (officials)', description: 'The person page and its actions' },
  { name: 'Error list (officials)', description: 'Persons officials must handle' },
  { name: 'Duplicates', description: 'Duplicate candidates and linking' },
  { name: 'Registry keeper', description: 'Registry-wide feeds' },
  { name: 'Reports', description: 'Audit log and test-data report (registry keeper)' },
  { name: 'Organisations', description: 'The organisation tree' },
  { name: 'Users and grants', description: 'Officials, service users and their roles (main users)' },
  { name: 'Operations', description: 'Health probes for operators' },
];

export interface AppOptions {
  /** Log to stdout (the server) or not at all (tests). */
  logger?: boolean;
  /** Write the log here instead of stdout (tests that read the log). */
  logStream?: NodeJS.WritableStream;
  /** The built officials' UI (default web/dist). */
  uiDistDir?: string;
  /** Thresholds of the duplicate candidate search (src/duplicates/scoring.ts has the defaults). */
  duplicateThresholds?: Partial<DuplicateThresholds>;
}

export async function buildApp(services: AppServices, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { ...loggerOptions(config.logLevel), ...(options.logStream ? { stream: options.logStream } : {}) },
    // Our own onResponse hook writes one line a request, without personal data.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    // X-Forwarded-For is believed only from proxies on private networks. Believing it from anyone
    // would let a client choose its own address: past the per-address login and token rate
    // limits, and into the audit log.
    trustProxy: ['loopback', 'linklocal', 'uniquelocal'],
    // A client's request id is kept when it is sane, so that both sides' logs can be joined.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) && !containsHetu(given)
        ? given
        : randomUUID();
    },
    ajv: { customOptions: { allErrors: true, coerceTypes: false } },
    // A bad percent-encoding or an overlong path parameter: answered in our error shape too.
    frameworkErrors,
    clientErrorHandler,
    // registerDrain answers requests that arrive while the server stops, in our error shape.
    return503OnClosing: false,
  });
  registerDrain(app);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // One log line a request, with the caller and without personal data.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: maskHetusInText(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        caller: request.caller?.username,
        callerId: request.headers['caller-id'],
      },
      'request',
    );
  });

  registerRequestMetrics(app);
  // Bytes PostgreSQL cannot store (a NUL) are a 400 naming the field, before any handler (SPEC §16).
  registerTextGuard(app);

  const https = config.publicUrl.startsWith('https:');
  await registerSecurity(app, { https, docsPrefix: DOCS_PREFIX });
  await app.register(formbody);
  // Counted in the database: the limits hold for the deployment, however many instances serve it.
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(services.db) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Oppijanumerorekisteri (onr)',
        version: '1.0.0',
        description:
          'The Finnish learner number registry. Service users authenticate with OAuth2 client credentials at ' +
          `${API_BASE}/oauth2/token (also at the reference's ${REFERENCE_ISSUER_BASE}/oauth2/token) and send ` +
          'the token as "Authorization: Bearer …".',
      },
      servers: [{ url: config.publicUrl }],
      tags: DOCUMENT_TAGS,
      components: {
        securitySchemes: {
          oauth2: {
            type: 'oauth2',
            description: "A service user's client id and secret; the token is sent as a bearer token",
            flows: {
              clientCredentials: { tokenUrl: `${config.publicUrl}${API_BASE}/oauth2/token`, scopes: {} },
            },
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'onr_session',
            description: "An official's session from POST /session; writes also need the X-CSRF-Token header",
          },
        },
      },
      // A session (the UI) also needs the X-CSRF-Token header on every write.
      security: [{ oauth2: [] }, { session: [] }],
    },
    // Named components, string enums, typed parameters, public routes marked (src/http/openapi.ts).
    transform: documentRoute({
      isPublic: (route) => route.config?.access === rules.public,
      // The token endpoint's two other mounts (below): the same operation, named apart.
      operationIdAt: (url, operationId) =>
        url === '/oauth2/token'
          ? `${operationId}AtRoot`
          : url === `${REFERENCE_ISSUER_BASE}/oauth2/token`
            ? `${operationId}AtReferenceIssuer`
            : operationId,
    }),
    transformObject: finishDocument,
  });
  // A bearer token first: an API client's explicit credentials win over any cookie it may carry.
  const authenticators: Authenticator[] = [bearerAuthenticator(services), sessionAuthenticator(services)];
  // Before any route, so that every route (the documentation's too) passes the rule check; after
  // the cookie plugin, whose hook parses the cookies that the session authenticator reads.
  registerAccessControl(app, services, authenticators, [DOCS_PREFIX]);
  const stopListening = await listenForAccessChanges(services.database, services.callerCache);
  app.addHook('onClose', stopListening);
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  registerErrorHandler(app, config.bodyLimit);

  // One budget a group: the token endpoint at all three of its paths (one counter, checked in its
  // onRequest hook so that a refusal answers in OAuth2's shape); the login and the password change (both
  // check a password). Counted in PostgreSQL (src/limits): the budgets hold across instances.
  const tokenRateLimit = app.createRateLimit({
    max: config.rateLimits.tokenPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => `token:${request.ip}`,
  });
  const loginRateLimit = { max: config.rateLimits.loginPerMinute, timeWindow: '1 minute', groupId: 'login' };
  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { access: rules.public }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      api.get(
        '/health',
        {
          config: { access: rules.public },
          schema: {
            tags: ['Operations'],
            operationId: 'getHealth',
            summary: 'Liveness and database reachability',
          },
        },
        async () => {
          try {
            await sql`select 1`.execute(services.db);
          } catch {
            throw new ServiceUnavailable('the database is not available');
          }
          return { status: 'ok', environment: config.environment };
        },
      );
      await api.register(accessRoutes(services, { tokenRateLimit }));
      await api.register(sessionRoutes(services, { loginRateLimit, secureCookie: https }));
      await api.register(administrationRoutes(services));
      await api.register(reportRoutes(services));
      await api.register(lookupRoutes(services));
      await api.register(importRoutes(services));
      await api.register(duplicateRoutes(services, { thresholds: options.duplicateThresholds }));
      await api.register(personRoutes(services));
      await api.register(identificationRoutes(services));
      await api.register(codeRoutes());
    },
    { prefix: API_BASE },
  );
  // The token endpoint also at the root path, where OAuth2 clients commonly look for it, and at the
  // reference's issuer path (`{issuer}/oauth2/token`, issuer …/kayttooikeus-service), so that a
  // client configured for the reference needs only a new host name (SPEC §7a).
  await app.register(accessRoutes(services, { tokenRateLimit }));
  await app.register(accessRoutes(services, { tokenRateLimit }), { prefix: REFERENCE_ISSUER_BASE });

  // Probes and the Prometheus scrape at the root, where operators' tools look for them (SPEC §17).
  await app.register(operationsRoutes(services));

  // The officials' UI (SPEC §13) under /henkilo-ui/; the root leads people there.
  await app.register(uiRoutes({ distDir: options.uiDistDir }));
  app.get('/', { config: { access: rules.public }, schema: { hide: true } }, async (_req, reply) =>
    reply.redirect(`${UI_PREFIX}/`),
  );
  return app;
}
