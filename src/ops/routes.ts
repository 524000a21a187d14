import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { rules } from '../access/index.ts';
import { parseAllowList } from '../config.ts';
import type { AppServices } from '../context.ts';
import { Forbidden } from '../errors.ts';
import { ErrorResponse, errorBody } from '../http/index.ts';
import { checkReadiness } from './health.ts';
import { metricsRegistryFor, scrape } from './metrics.ts';

const Checks = Type.Object({
  database: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  migrations: Type.Union([Type.Literal('ok'), Type.Literal('pending'), Type.Literal('unknown')]),
  pending: Type.Array(Type.String(), { description: 'migrations the database lacks' }),
});

const Ready = Type.Object(
  { status: Type.Literal('ok'), checks: Checks },
  { $id: 'Ready', description: 'ready to serve: the database answers and its schema is current' },
);
const NotReady = Type.Object(
  { ...ErrorResponse.properties, checks: Checks },
  { $id: 'NotReady', description: 'not ready: the error shape, with what failed' },
);

/**
 * Operations endpoints at the root path, outside the API (SPEC §17): liveness, readiness and
 * Prometheus metrics. Probes and scrapers carry no credentials, so these are public by rule; the
 * metrics are limited by client address instead (ONR_METRICS_ALLOW).
 */
export function operationsRoutes(services: AppServices) {
  const allowed = parseAllowList(services.config.metricsAllow);
  const registry = metricsRegistryFor(services);
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    api.get(
      '/health/live',
      {
        config: { access: rules.public },
        schema: {
          tags: ['Operations'],
          operationId: 'getLiveness',
          summary: 'Liveness: the process answers (never looks at the database)',
          response: { 200: Type.Object({ status: Type.Literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );
    api.get(
      '/health/ready',
      {
        config: { access: rules.public },
        schema: {
          tags: ['Operations'],
          operationId: 'getReadiness',
          summary: 'Readiness: the database answers and every migration is applied; 503 otherwise',
          response: { 200: Ready, 503: NotReady },
        },
      },
      async (request, reply) => {
        const { ready, ...checks } = await checkReadiness(services.db);
        if (ready) return { status: 'ok' as const, checks };
        const why =
          checks.database === 'unavailable'
            ? 'the database is not available'
            : `the database schema is not current (pending: ${checks.pending.join(', ')}); run onr migrate`;
        return reply.status(503).send({ ...errorBody(request, 503, why), checks });
      },
    );
    api.get(
      '/metrics',
      {
        config: { access: rules.public },
        // The scrape is not part of the API contract; its format is Prometheus's.
        schema: { hide: true },
        onRequest: async (request) => {
          // Security: request.ip honours X-Forwarded-For only from trusted (private) proxies.
          if (!allowed(request.ip)) throw new Forbidden('metrics are not served to this address');
        },
      },
      async (_request, reply) => {
        const { contentType, text } = await scrape(registry);
        return reply.type(contentType).send(text);
      },
    );
  };
}
