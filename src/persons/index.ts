export { type IdentificationState, identificationState, isIdentified, oppijanumeroOf } from './model.ts';
export {
  attachAndAudit,
  findLinkGroup,
  findPersonByHetu,
  findPersonById,
  findPersonByOid,
  insertPersonIfAbsent,
  oidExists,
} from './repository.ts';
export { createReadRecorder, type PersonRead, type ReadRecorder } from './read-recorder.ts';
