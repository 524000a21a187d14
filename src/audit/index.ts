export { sealAuditLog } from './sealer.ts';
export { recordTestData, type TestDataSighting } from './test-data-report.ts';
export { type VerifyResult, verifyAuditLog } from './verifier.ts';
export {
  type AuditActor,
  type AuditEntry,
  type AuditOperation,
  auditRow,
  type FieldChange,
  SYSTEM_ACTOR,
  writeAudit,
} from './writer.ts';
