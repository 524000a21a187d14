import { type RoleRuleName, RULE_ROLES } from '../domain/index.ts';
import { type Caller, hasRole, isRegistryKeeper, type Role } from './roles.ts';

/**
 * Every route declares one of these (route option `config.access`); a route without one cannot be
 * registered (deny by default). A rule decides only whether the caller may call the endpoint at
 * all; which persons it may touch (organisation scoping) is decided by the service with the data.
 */
export interface AccessRule {
  readonly name: string;
  /** false: no credentials needed (login, token endpoint, API documentation). */
  readonly authenticated: boolean;
  readonly allows: (caller: Caller) => boolean;
  /**
   * The roles the rule accepts besides the registry keeper's (src/domain/roles.ts RULE_ROLES; empty:
   * the registry keeper only); absent on the rules that ask for no role.
   */
  readonly roles?: readonly Role[];
}

function anyOf(name: RoleRuleName): AccessRule {
  const roles: readonly Role[] = RULE_ROLES[name];
  return {
    name,
    authenticated: true,
    roles,
    // The registry keeper at the root may do everything (SPEC §11).
    allows: (caller) => isRegistryKeeper(caller) || roles.some((r) => hasRole(caller, r)),
  };
}

export const rules = {
  /** No credentials: documentation, health, obtaining credentials. */
  public: { name: 'public', authenticated: false, allows: () => true } as AccessRule,
  /** Any signed-in caller, for "who am I" and the like. */
  authenticated: { name: 'authenticated', authenticated: true, allows: () => true } as AccessRule,
  /** Find or create a person by hetu and names, one at a time or in a mass import. */
  createLearnerNumber: anyOf('createLearnerNumber'),
  registryKeeper: {
    name: 'registryKeeper',
    authenticated: true,
    allows: isRegistryKeeper,
  } as AccessRule,
  /** See organisations: every signed-in caller, its own subtrees only (the service scopes it). */
  readOrganisations: { name: 'readOrganisations', authenticated: true, allows: () => true } as AccessRule,
  /** Create, rename, retype, passivate and move organisations: the registry keeper only. */
  manageOrganisations: anyOf('manageOrganisations'),
  /** See an organisation's officials, service users and their grants (scoped to the caller's subtrees). */
  readUsersAndGrants: anyOf('readUsersAndGrants'),
  /**
   * Create officials and service users, rotate secrets, grant and revoke: main users within
   * their subtrees and grantable roles (src/access/grant-policy.ts decides per target).
   */
  manageUsersAndGrants: anyOf('manageUsersAndGrants'),
  /** The test-data report of SPEC §11: the registry keeper only. */
  readTestDataReport: anyOf('readTestDataReport'),
  /** Search of the whole audit log (SPEC §13): the registry keeper only — it says who looked at whom. */
  searchAuditLog: anyOf('searchAuditLog'),

  // Mass import (src/imports). PUT /yleistunniste and its results use createLearnerNumber.
  /** PUT /oppija and its results, the importers' change feed and summary (SPEC §7). */
  importPersons: anyOf('importPersons'),
  readImportedPersons: anyOf('readImportedPersons'),
  /** POST /oppija: an importing system creates one person (SPEC §7a; the reference's RP and OT). */
  createOppija: anyOf('createOppija'),
  /** The list of imports (GET /tuonnit); the service lists those of the caller's APIs and subtrees. */
  readImports: anyOf('readImports'),

  // Duplicates (src/duplicates, docs/DUPLICATES.md). Which persons: the service scopes by
  // DUPLIKAATTINAKYMA (out-of-scope candidates are shown with minimal data).
  /** A person's duplicate candidates with their evidence. */
  readDuplicates: anyOf('readDuplicates'),
  /** Candidates for free criteria: also for creators, whose hetuless form checks before creating. */
  searchDuplicates: anyOf('searchDuplicates'),
  /** Link, unlink, and the do-not-link list. */
  linkDuplicates: anyOf('linkDuplicates'),

  // Officials' person endpoints and the error list (src/person-workflows, src/identification,
  // docs/API-OFFICIALS.md). Which persons: the service scopes by the same roles, and a person out
  // of scope answers 404.
  /** The person page and its audit trail: every role that works on persons. */
  readPersons: anyOf('readPersons'),
  /** Correct a person's data, passivate and reactivate. */
  updatePersons: anyOf('updatePersons'),
  /** The register comparison and accepting the register's data. */
  compareWithRegister: anyOf('compareWithRegister'),
  /** Identify a person without a hetu by hand. */
  identifyManually: anyOf('identifyManually'),
  /** Search persons: the registry keeper's readers everywhere, officials within their scope. */
  searchPersons: anyOf('searchPersons'),
  /** The error list and its summary. */
  readImportReport: anyOf('readImportReport'),
  /**
   * An import's progress and results: the API's right, or officials' TUONTIDATA_READ (the import
   * report's drill-down); the service scopes by the same roles.
   */
  readYleistunnisteImport: anyOf('readYleistunnisteImport'),
  readOppijaImport: anyOf('readOppijaImport'),
} satisfies Record<string, AccessRule>;
