export { sealAuditLog } from './sealer.ts';
export {
  type AuditLogQuery,
  type AuditReader,
  type AuditSearchFilter,
  type AuditSearchRow,
  searchAuditLog,
  searchAuditLogAsKeeper,
} from './search.ts';
export { readTestDataReport, recordTestData, type TestDataSighting } from './test-data-report.ts';
export { type AuditTip, readAuditTip } from './tip.ts';
export { type VerifyResult, verifyAuditLog } from './verifier.ts';
export {
  AUDIT_OPERATIONS,
  type AuditActor,
  type AuditEntry,
  type AuditOperation,
  type AuditRequest,
  auditEntry,
  auditRow,
  type FieldChange,
  personRead,
  SYSTEM_ACTOR,
  writeAudit,
} from './writer.ts';
