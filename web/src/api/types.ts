/** Wire shapes of the endpoints in paths.ts (docs/ACCESS.md, docs/API-OFFICIALS.md, SPEC §7). */

export interface FieldError {
  field: string;
  message: string;
  rejectedValue?: unknown;
  /** The reference's error code, where it has one. */
  code?: string;
}

export interface ErrorBody {
  status: number;
  error: string;
  message: string;
  path?: string;
  timestamp?: string;
  requestId?: string;
  fieldErrors?: FieldError[];
}

export interface Organisation {
  oid: string;
  name: string;
  type: string;
  active: boolean;
  parentOid: string | null;
  path: string[];
}

export type GrantStatus = 'ACTIVE' | 'FUTURE' | 'EXPIRED' | 'REVOKED';

export interface Grant {
  id: number;
  userOid: string;
  role: string;
  organisationOid: string;
  organisationName: string;
  validFrom: string;
  validUntil: string | null;
  grantedBy: string | null;
  grantedAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
  status: GrantStatus;
}

export interface Me {
  oid: string;
  kind: 'official' | 'service';
  username: string;
  name: string;
  organisation: Organisation;
  organisations: { oid: string; name: string; roles: string[] }[];
  grants: Grant[];
  session?: { expiresAt: string; idleExpiresAt: string };
  csrfToken?: string;
}

export interface User {
  oid: string;
  kind: 'official' | 'service';
  username: string;
  name: string;
  organisationOid: string;
  organisationName: string;
  active: boolean;
  locked: boolean;
  dormant: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  grants: Grant[];
}

export interface UserList {
  users: User[];
  page: number;
  pageSize: number;
}

export interface OrganisationList {
  organisations: Organisation[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CreatedOfficial {
  oid: string;
  username: string;
  password: string;
  roles: string[];
}

export interface ServiceUserSecret {
  oid: string;
  clientId: string;
  clientSecret: string;
  roles?: string[];
}

export interface LookupBody {
  hetu: string;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
}

export interface LearnerNumber {
  oid: string;
  oppijanumero: string | null;
}

export interface OidDescription {
  oid: string;
  oppijanumero: string | null;
  passivoitu: boolean;
  linked: string[];
}

export type IdentificationState = 'OK' | 'HETU_PUUTTUU' | 'KESKEN' | 'VIRHE';
export type IdentificationErrorReason =
  | 'HETU_EI_VTJ'
  | 'HETU_PASSIVOITU'
  | 'HETU_EI_OIKEA'
  | 'NIMET_EIVAT_TASMAA'
  | 'VTJ_EI_VASTAA';
export type ErrorListReason = 'HETU_PUUTTUU' | Exclude<IdentificationErrorReason, 'VTJ_EI_VASTAA'>;

export interface HenkiloSummary {
  oid: string;
  oppijanumero: string | null;
  hetu: string | null;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string | null;
  tila: IdentificationState;
  passivoitu: boolean;
  duplicate: boolean;
  modified: string;
}

export interface Henkilo {
  oid: string;
  oppijanumero: string | null;
  hetu: string | null;
  kaikkiHetut: string[];
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  entisetSukunimet: string[];
  syntymaaika: string | null;
  sukupuoli: '1' | '2' | null;
  aidinkieli: string | null;
  asiointikieli: string | null;
  kansalaisuus: string[];
  passinumerot: string[];
  sahkopostit: string[];
  kotikunta: string | null;
  turvakielto: boolean;
  kuolinpaiva: string | null;
  yksiloity: boolean;
  yksiloityVTJ: boolean;
  yksilointiYritetty: boolean;
  duplicate: boolean;
  passivoitu: boolean;
  tila: IdentificationState;
  yksilointivirhe: {
    syy: IdentificationErrorReason;
    aika: string;
    yrityksia: number;
    seuraavaYritys: string | null;
  } | null;
  master: { oid: string; oppijanumero: string | null } | null;
  linkitetyt: string[];
  organisaatiot: {
    oid: string;
    nimi: string;
    lisatty: string;
    lisaaja: string | null;
    lisaajaNimi: string | null;
  }[];
  created: string;
  createdBy: string | null;
  createdByName: string | null;
  modified: string;
  modifiedBy: string | null;
  modifiedByName: string | null;
}

export interface PersonUpdate {
  etunimet?: string;
  kutsumanimi?: string;
  sukunimi?: string;
  syntymaaika?: string;
  sukupuoli?: '1' | '2';
  aidinkieli?: string;
  asiointikieli?: string;
  kansalaisuus?: string[];
  hetu?: string;
}

export interface ManualIdentification {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string;
  sukupuoli: '1' | '2';
  aidinkieli: string;
  kansalaisuus: string[];
}

export interface RegisterData {
  etunimet: string;
  kutsumanimi: string | null;
  sukunimi: string;
  syntymaaika: string | null;
  sukupuoli: '1' | '2' | null;
  aidinkieli: string | null;
  kansalaisuus: string[];
  kotikunta?: string | null;
  turvakielto: boolean;
  entisetSukunimet?: string[];
  kuolinpaiva?: string | null;
}

export interface RegisterComparison {
  rekisteri: RegisterData;
  vtj: RegisterData | null;
  haettu: string | null;
  erot: string[];
}

export interface AuditTrail {
  items: {
    aika: string;
    toiminto: string;
    tekija: { oid: string | null; nimi: string | null; tyyppi: string };
    organisaatiot: string[];
    muutokset?: Record<string, { before: unknown; after: unknown }>;
  }[];
  page: number;
  count: number;
  total: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  count: number;
  total: number;
}

export type ErrorListItem = HenkiloSummary & {
  syy: ErrorListReason;
  tuotu: string;
  tuoja: { oid: string; nimi: string };
  organisaatio: { oid: string; nimi: string };
};

export interface ImportSummary {
  onnistuneet: number;
  virheet: number;
  keskeneraiset: number;
  yhteensa: number;
}

export interface ImportListItem {
  id: number;
  api: 'yleistunniste' | 'oppija';
  luotu: string;
  tekija: { oid: string; nimi: string };
  organisaatiot: string[];
  kasiteltavia: number;
  kasiteltyja: number;
  kasitelty: boolean;
  virheita: number;
  konflikteja: number;
}

export interface ImportResults {
  id: number;
  kasiteltavia: number;
  kasiteltyja: number;
  kasitelty: boolean;
  henkilot: {
    tunniste?: string | null;
    henkilo?: { oid: string; oppijanumero: string | null; passivoitu: boolean; linked?: string[] };
    conflict?: boolean;
    virhe?: { field: string; message: string };
  }[];
}

export interface SimilarityEvidence {
  kentta: 'etunimet' | 'sukunimi' | 'syntymaaika' | 'sukupuoli' | 'kansalaisuus' | 'hetu';
  tulos: 'sama' | 'samankaltainen' | 'eri' | 'puuttuu';
  samankaltaisuus?: number;
  /** Why similar (docs/API-OFFICIALS.md, Duplicates). */
  tarkenne?:
    | 'NIMET_RISTIIN'
    | 'ENTINEN_SUKUNIMI'
    | 'OSA_NIMISTA'
    | 'PAIVA_JA_KUUKAUSI_VAIHTUNEET'
    | 'PAIVIA_EROA'
    | 'YKSI_NUMERO_ERI'
    | 'AIEMPI_HETU'
    | 'HETU_KIRJOITUSVIRHE';
  selitys: string;
}

export interface DuplicateCandidate {
  henkilo: HenkiloSummary;
  pisteet: number;
  perusteet: SimilarityEvidence[];
  /** Not in the caller's organisations: only OID, names, birth date and state; no person page. */
  rajattu: boolean;
}

export interface DuplicateCandidates {
  items: DuplicateCandidate[];
}

/** POST /henkilo/{oid}/linkita: the learner number that stays in force, and the master's slaves. */
export interface LinkResult {
  master: string;
  oppijanumero: string | null;
  linkitetyt: string[];
}

export interface SimilarPersonsQuery {
  etunimet: string;
  sukunimi: string;
  syntymaaika?: string;
  sukupuoli?: '1' | '2';
  kansalaisuus?: string[];
}

export interface NewPersonWithoutHetu {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string;
  sukupuoli: '1' | '2';
  kansalaisuus: string[];
  aidinkieli?: string;
  passinumero?: string;
  sahkoposti?: string;
}

export interface TestDataReport {
  organisations: {
    organisationOid: string | null;
    organisationName: string | null;
    count: number;
    latest: string;
    actors: {
      actorOid: string | null;
      actorName: string | null;
      count: number;
      testHetus: number;
      testNames: number;
      latest: string;
    }[];
  }[];
  entries: {
    id: number;
    occurredAt: string;
    reason: 'TEST_HETU' | 'TEST_NAME';
    organisationOid: string | null;
    organisationName: string | null;
    actorOid: string | null;
    actorName: string | null;
    endpoint: string;
    maskedHetu: string | null;
    names: string | null;
    requestId: string | null;
  }[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /henkilo/{oid}/ei-duplikaatit: the person's pairs on the do-not-link list. */
export interface NotDuplicateList {
  items: {
    oid: string;
    lisatty: string;
    lisaaja: string | null;
    lisaajaNimi: string | null;
    syy: string | null;
  }[];
}

/** GET /audit-log: the registry keeper's audit log search, newest first. */
export interface AuditLogPage {
  items: {
    id: number;
    aika: string;
    toiminto: string;
    tekija: { oid: string | null; nimi: string | null; tyyppi: string | null; organisaatiot: string[] };
    ip: string | null;
    requestId: string | null;
    callerId: string | null;
    kohteet: string[];
    muutokset?: unknown;
    tiedot?: unknown;
  }[];
  /** The `ennen` of the next (older) page; null on the last. */
  seuraava: string | null;
}
