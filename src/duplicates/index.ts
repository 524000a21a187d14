export { type DuplicateRouteOptions, duplicateRoutes } from './routes.ts';
export {
  DEFAULT_DUPLICATE_THRESHOLDS,
  type DuplicateThresholds,
  type Evidence,
  type Score,
  scorePair,
} from './scoring.ts';
export {
  type Candidate,
  type CandidateList,
  candidatesForPerson,
  hasDuplicateCandidates,
  type LinkResult,
  linkPersons,
  markNotDuplicates,
  searchCandidates,
  unlinkPerson,
} from './service.ts';
