export { parseAllowList } from './allow-list.ts';
export { checkReadiness, type Readiness } from './health.ts';
export {
  circuitTransitions,
  identificationOutcomes,
  importRowsProcessed,
  instrumentRegister,
  registerRequestMetrics,
} from './metrics.ts';
export { type OperationsServer, startOperationsServer } from './server.ts';
