export { checkReadiness, type Readiness } from './health.ts';
export {
  circuitTransitions,
  identificationOutcomes,
  importRowsProcessed,
  metricsRegistryFor,
  registerLookupDuration,
  registerLookups,
  registerRequestMetrics,
  scrape,
} from './metrics.ts';
export { operationsRoutes } from './routes.ts';
export { type OperationsServer, startOperationsServer } from './server.ts';
