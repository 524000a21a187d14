export { describeSummary, ImportClientError, runImport } from './client.ts';
export { notifyImportIfSettled, queueImportNotification } from './notification.ts';
export {
  DEFAULT_BATCH_SIZE,
  enqueueImportJob,
  IMPORT_QUEUE,
  type ImportWorkerDeps,
  importQueue,
  processImport,
  processNextChunk,
} from './processor.ts';
export { importRoutes } from './routes.ts';
