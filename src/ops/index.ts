export { parseAllowList } from './allow-list.ts';
export { checkReadiness, type Readiness } from './health.ts';
export {
  circuitTransitions,
  identificationOutcomes,
  importRowsProcessed,
  instrumentRegister,
  registerRequestMetrics,
} from './metrics.ts';
