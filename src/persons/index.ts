export { type AuditedColumn, personChanges, WIRE_NAMES } from './fields.ts';
export { type IdentificationState, identificationState, isIdentified, oppijanumeroOf } from './model.ts';
export { replacePassports, SUMMARY_COLUMNS } from './page-repository.ts';
export { createPersonLoader, type PersonLoader } from './person-loader.ts';
export { createReadRecorder, type PersonRead, type ReadRecorder } from './read-recorder.ts';
export {
  attachAndAudit,
  findLinkGroup,
  findPersonByHetu,
  findPersonById,
  findPersonByOid,
  hetuInUse,
  insertPersonIfAbsent,
  oidExists,
} from './repository.ts';
export { criteriaSql, type SearchCriteria, searchCriteria } from './search.ts';
export { type HenkiloSummary, type SummaryRow, summaryOf } from './view.ts';
