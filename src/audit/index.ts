export { sealAuditLog } from './sealer.ts';
export { type AuditSearchFilter, type AuditSearchRow, searchAuditLog } from './search.ts';
export { recordTestData, type TestDataSighting } from './test-data-report.ts';
export { type AuditTip, readAuditTip } from './tip.ts';
export { type VerifyResult, verifyAuditLog } from './verifier.ts';
export {
  AUDIT_OPERATIONS,
  type AuditActor,
  type AuditEntry,
  type AuditOperation,
  auditRow,
  type FieldChange,
  SYSTEM_ACTOR,
  writeAudit,
} from './writer.ts';
