export {
  IDENTIFICATION_ACTOR,
  identifyFromRegister,
  modifiedBy,
  planOutcome,
  writeOutcomes,
} from './apply.ts';
export { errorList, errorListSummary, IMPORT_REPORT_ROLES } from './error-list.ts';
export { createHttpPopulationRegister } from './http-register.ts';
export { instrumentRegister } from './instrumented-register.ts';
export {
  decideOutcome,
  type FinalError,
  type LookupResult,
  MAX_RETRY_DELAY_MS,
  mayLookUp,
  type Outcome,
  registerFields,
  retryDelayMs,
} from './outcome.ts';
export { generatePopulation, toCsv } from './population-generator.ts';
export {
  type PopulationLookup,
  type PopulationRecord,
  type PopulationRegister,
  PopulationRegisterUnavailableError,
} from './population-register.ts';
export { startPopulationServer } from './population-server.ts';
export { deleteSnapshot, findSnapshot, type Snapshot } from './repository.ts';
export { identificationRoutes } from './routes.ts';
export { loadSimulatedRegister } from './simulated-register.ts';
export {
  createLookupPace,
  enqueueIdentification,
  IDENTIFICATION_QUEUE,
  type IdentificationWorkerDeps,
  identificationQueue,
  runIdentification,
  type SweepStats,
  scanForDuePersons,
  wakeIdentification,
} from './worker.ts';
