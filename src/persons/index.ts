export { type AuditedColumn, personChanges, WIRE_NAMES } from './fields.ts';
export { type IdentificationState, identificationState, isIdentified, oppijanumeroOf } from './model.ts';
export {
  addHetuToHistory,
  findAuditTrail,
  hetuTakenByOther,
  loadPageLists,
  loadPersonOrganisations,
  loadUserNames,
  lockPersonByOid,
  replaceEmails,
  replacePassports,
  SUMMARY_COLUMNS,
  searchPersons,
} from './page-repository.ts';
export { createPersonLoader, type PersonLoader } from './person-loader.ts';
export { createReadRecorder, type PersonRead, type ReadRecorder } from './read-recorder.ts';
export {
  attachAndAudit,
  attachToOrganisations,
  findLinkGroup,
  findPersonByHetu,
  findPersonById,
  findPersonByOid,
  hasLinkedDuplicates,
  hetuInUse,
  insertPersonIfAbsent,
  oidExists,
  updatePersonRow,
  withFreshOid,
} from './repository.ts';
export {
  AuditTrailPage,
  Comparison,
  CreatedOid,
  Henkilo as HenkiloSchema,
  HenkiloSummary as HenkiloSummarySchema,
  HetulessBody,
  ManualIdentificationBody,
  OidParams,
  PageQuery,
  PersonUpdateBody,
  SearchQuery,
  SummaryPage,
} from './schemas.ts';
export { criteriaSql, type SearchCriteria, searchCriteria } from './search.ts';
export { FieldCheck } from './validation.ts';
export { type Henkilo, type HenkiloSummary, henkiloOf, type SummaryRow, summaryOf } from './view.ts';
