import Fastify from 'fastify';
import type { AppServices } from '../context.ts';
import { frameworkErrors, registerErrorHandler } from '../http/index.ts';
import { operationsRoutes } from './routes.ts';

export interface OperationsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The operations endpoints (`/health/live`, `/health/ready`, `/metrics`) on a port of their own, for a
 * process without the HTTP API — `onr worker`, whose counters (import rows, identification outcomes,
 * register calls) exist only in that process. The same routes, rules and address check as the API's.
 */
export async function startOperationsServer(
  services: AppServices,
  options: { port: number; host: string },
): Promise<OperationsServer> {
  const app = Fastify({ logger: false, frameworkErrors });
  registerErrorHandler(app, 1024 * 1024);
  await app.register(operationsRoutes(services));
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () => app.close(),
  };
}
