export {
  deleteFinishedJobs,
  type EnqueueOptions,
  enqueueJob,
  hasLiveJob,
  type Job,
} from './repository.ts';
export {
  exponentialBackoff,
  type JobContext,
  type JobLogger,
  JobRunner,
  type PeriodicTask,
  PermanentJobFailure,
  type QueueDefinition,
  type RunnerOptions,
} from './runner.ts';
export { announceJobs, onJobsAnnounced } from './signals.ts';
