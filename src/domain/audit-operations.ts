// The operations of the audit log: pure data, shared with the UI (its audit log search).

/** Every operation the audit log records (docs/ARCHITECTURE.md § Audit log). */
export const AUDIT_OPERATIONS = [
  'PERSON_CREATE',
  'PERSON_READ',
  'PERSON_UPDATE',
  'PERSON_IDENTIFY',
  'PERSON_PASSIVATE',
  'PERSON_REACTIVATE',
  'PERSON_LINK',
  'PERSON_UNLINK',
  'PERSON_NOT_DUPLICATE',
  'PERSON_NOT_DUPLICATE_REMOVE',
  'IMPORT_CREATE',
  'IMPORT_READ',
  'ORGANISATION_CREATE',
  'ORGANISATION_UPDATE',
  'USER_CREATE',
  'SECRET_ROTATE',
  'GRANT_CREATE',
  'GRANT_REVOKE',
  'GRANT_UPDATE',
  'LOGIN',
  'LOGIN_FAILED',
  'LOGOUT',
  'TOKEN_ISSUE',
  'AUDIT_READ',
  'REPORT_READ',
] as const;

export type AuditOperation = (typeof AUDIT_OPERATIONS)[number];
