/**
 * Short names for the wire shapes the UI uses. Every one is taken from openapi.ts, which is generated
 * from the server's OpenAPI document (docs/OPENAPI.md): no shape is written here by hand, so a server
 * change the UI does not follow fails `npm run typecheck`.
 */
import type { components } from './openapi.ts';

type Schemas = components['schemas'];

export type ErrorBody = Schemas['Error'];
export type FieldError = NonNullable<ErrorBody['fieldErrors']>[number];

// Access administration and "who am I" (docs/ACCESS.md)
export type Organisation = Schemas['Organisation'];
export type OrganisationList = Schemas['OrganisationList'];
export type Grant = Schemas['Grant'];
export type GrantStatus = Grant['status'];
export type Me = Schemas['Me'];
export type User = Schemas['User'];
export type UserList = Schemas['UserList'];
export type CreatedOfficial = Schemas['CreatedOfficial'];
export type ServiceUserSecret = Schemas['ServiceUserSecret'];

// Single person (SPEC §7)
export type LookupBody = Schemas['HenkiloPerustiedot'];
export type LearnerNumber = Schemas['Yleistunniste'];
export type OidDescription = Schemas['YleistunnisteOid'];

// Persons (docs/API-OFFICIALS.md)
export type HenkiloSummary = Schemas['HenkiloSummary'];
export type IdentificationState = HenkiloSummary['tila'];
export type Henkilo = Schemas['Henkilo'];
export type IdentificationErrorReason = Schemas['Yksilointivirhe']['syy'];
export type PersonUpdate = Schemas['HenkiloMuutos'];
export type ManualIdentification = Schemas['ManuaalinenYksilointi'];
export type RegisterComparison = Schemas['VtjVertailu'];
/** The register's side has every field of the registry's side, and more. */
export type RegisterData = NonNullable<RegisterComparison['vtj']>;
export type AuditTrail = Schemas['HenkilonMuutokset'];
export type PersonSearchPage = Schemas['HenkiloHaku'];
export type NewPersonWithoutHetu = Schemas['HenkiloIlmanHetua'];

// Error list and imports
export type ErrorListPage = Schemas['Virhelista'];
export type ErrorListItem = Schemas['VirhelistaRivi'];
export type ErrorListReason = ErrorListItem['syy'];
export type ImportSummary = Schemas['VirhelistaYhteenveto'];
export type ImportListPage = Schemas['TuontiLista'];
export type ImportListItem = Schemas['TuontiListanRivi'];
export type ImportResults = Schemas['YleistunnisteTulokset'] | Schemas['OppijaTulokset'];

// Duplicates (docs/DUPLICATES.md)
export type DuplicateCandidates = Schemas['Duplikaatit'];
export type DuplicateCandidate = DuplicateCandidates['items'][number];
export type SimilarityEvidence = Schemas['DuplikaattiPeruste'];
export type LinkResult = Schemas['LinkitysTulos'];
export type SimilarPersonsQuery = Schemas['DuplikaattiHaku'];
export type NotDuplicateList = Schemas['EiDuplikaatit'];

// Registry keeper
export type TestDataReport = Schemas['TestDataReport'];
export type AuditLogPage = Schemas['AuditLogPage'];
