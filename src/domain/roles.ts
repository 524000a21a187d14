// The roles of SPEC §11 and which of them each permission rule accepts: the one list the server's
// rules (src/access/rules.ts), its services' scoping and the UI's menu (web/src/access.ts) all use.

/**
 * The roles a main user (VASTUUKAYTTAJA) may grant and revoke within its own subtree (SPEC §11).
 * Not VASTUUKAYTTAJA itself: main users are appointed by the registry keeper, so one stolen main
 * user account cannot multiply itself into more. Never the registry keeper's roles.
 */
const WORK_ROLES = [
  'YLEISTUNNISTE_LUONTI',
  'OPPIJOIDENTUONTI',
  'HENKILON_RU',
  'MANUAALINEN_YKSILOINTI',
  'DUPLIKAATTINAKYMA',
  'VTJ_VERTAILUNAKYMA',
  'TUONTIDATA_READ',
] as const;

/** The roles, in the order the UI lists them. A role held in organisation X covers X and below it. */
export const ROLES = [...WORK_ROLES, 'VASTUUKAYTTAJA', 'REKISTERINPITAJA_READ', 'REKISTERINPITAJA'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Held at the root organisation, this role makes the registry keeper, who may do everything. */
export const REGISTRY_KEEPER_ROLE: Role = 'REKISTERINPITAJA';

/** What a main user may grant (WORK_ROLES). */
export const GRANTABLE_BY_MAIN_USER: readonly Role[] = WORK_ROLES;

/** The registry keeper's roles mean something only at the root organisation; they are granted only there. */
export const ROOT_ONLY_ROLES: readonly Role[] = ['REKISTERINPITAJA', 'REKISTERINPITAJA_READ'];

/**
 * The roles each role-based rule accepts, besides the registry keeper (who passes every rule). An
 * empty list: the registry keeper only. The services scope their data by the same lists.
 */
export const RULE_ROLES = {
  /** Find or create a person by hetu and names, one at a time or in a mass import. */
  createLearnerNumber: ['YLEISTUNNISTE_LUONTI'],
  manageOrganisations: [],
  readUsersAndGrants: ['VASTUUKAYTTAJA', 'REKISTERINPITAJA_READ'],
  manageUsersAndGrants: ['VASTUUKAYTTAJA'],
  readTestDataReport: [],
  searchAuditLog: [],
  importPersons: ['OPPIJOIDENTUONTI'],
  /** The importers' change feed and summary: importers, and the registry keeper's readers (as the reference). */
  readImportedPersons: ['OPPIJOIDENTUONTI', 'REKISTERINPITAJA_READ'],
  createOppija: ['OPPIJOIDENTUONTI'],
  readImports: ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI', 'TUONTIDATA_READ'],
  readDuplicates: ['DUPLIKAATTINAKYMA'],
  searchDuplicates: ['DUPLIKAATTINAKYMA', 'YLEISTUNNISTE_LUONTI'],
  linkDuplicates: ['DUPLIKAATTINAKYMA'],
  readPersons: [
    'HENKILON_RU',
    'VTJ_VERTAILUNAKYMA',
    'MANUAALINEN_YKSILOINTI',
    'DUPLIKAATTINAKYMA',
    'TUONTIDATA_READ',
    'OPPIJOIDENTUONTI',
  ],
  updatePersons: ['HENKILON_RU'],
  compareWithRegister: ['VTJ_VERTAILUNAKYMA', 'MANUAALINEN_YKSILOINTI'],
  identifyManually: ['MANUAALINEN_YKSILOINTI'],
  searchPersons: ['REKISTERINPITAJA_READ', 'HENKILON_RU'],
  readImportReport: ['OPPIJOIDENTUONTI', 'TUONTIDATA_READ', 'HENKILON_RU'],
  readYleistunnisteImport: ['YLEISTUNNISTE_LUONTI', 'TUONTIDATA_READ'],
  readOppijaImport: ['OPPIJOIDENTUONTI', 'TUONTIDATA_READ'],
} as const satisfies Record<string, readonly Role[]>;
export type RoleRuleName = keyof typeof RULE_ROLES;
