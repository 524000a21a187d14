export { type AuditedColumn, personChanges, WIRE_NAMES } from './fields.ts';
export { type IdentificationState, identificationState, isIdentified, oppijanumeroOf } from './model.ts';
export { createPersonLoader, type PersonLoader } from './person-loader.ts';
export { createReadRecorder, type PersonRead, type ReadRecorder } from './read-recorder.ts';
export {
  attachAndAudit,
  findLinkGroup,
  findPersonByHetu,
  findPersonById,
  findPersonByOid,
  insertPersonIfAbsent,
  oidExists,
} from './repository.ts';
