export { AUDIT_OPERATIONS, type AuditOperation } from './audit-operations.ts';
export {
  CENTURY_SIGNS,
  daysInMonth,
  type HetuInfo,
  isValidIsoDate,
  makeHetu,
  maskHetu,
  parseHetu,
  type Sex,
} from './hetu.ts';
export {
  DEFAULT_NAME_THRESHOLDS,
  isValidCreatedKutsumanimi,
  isValidKutsumanimi,
  isValidNameString,
  jaroWinkler,
  type KnownNames,
  type NameMatchThresholds,
  namesMatch,
  normaliseName,
} from './names.ts';
export { generateOid, isValidOid, oidCheckDigit, ROOT_ORGANISATION_OID } from './oid.ts';
export {
  GRANTABLE_BY_MAIN_USER,
  isRole,
  REGISTRY_KEEPER_ROLE,
  ROLES,
  ROOT_ONLY_ROLES,
  type Role,
  type RoleRuleName,
  RULE_ROLES,
} from './roles.ts';
export { looksLikeTestName } from './test-data.ts';
