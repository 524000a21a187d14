import type { Me } from './api/types.ts';

/** The root organisation (OPH): REKISTERINPITAJA held here is the registry keeper (SPEC §11). */
export const ROOT_ORGANISATION_OID = '1.2.246.562.10.00000000001';

/** The roles of SPEC §11, in the order the UI lists them. */
export const ROLES = [
  'YLEISTUNNISTE_LUONTI',
  'OPPIJOIDENTUONTI',
  'HENKILON_RU',
  'MANUAALINEN_YKSILOINTI',
  'DUPLIKAATTINAKYMA',
  'VTJ_VERTAILUNAKYMA',
  'TUONTIDATA_READ',
  'VASTUUKAYTTAJA',
  'REKISTERINPITAJA_READ',
  'REKISTERINPITAJA',
] as const;
export type Role = (typeof ROLES)[number];

/** What a main user may grant (docs/ACCESS.md); the registry keeper may grant every role. */
export const GRANTABLE_BY_MAIN_USER: readonly Role[] = [
  'YLEISTUNNISTE_LUONTI',
  'OPPIJOIDENTUONTI',
  'HENKILON_RU',
  'MANUAALINEN_YKSILOINTI',
  'DUPLIKAATTINAKYMA',
  'VTJ_VERTAILUNAKYMA',
  'TUONTIDATA_READ',
];

export function rolesOf(me: Me): Set<string> {
  return new Set(me.organisations.flatMap((o) => o.roles));
}

export function isRegistryKeeper(me: Me): boolean {
  return me.organisations.some(
    (o) => o.oid === ROOT_ORGANISATION_OID && o.roles.includes('REKISTERINPITAJA'),
  );
}

function hasAny(me: Me, roles: readonly string[]): boolean {
  if (isRegistryKeeper(me)) return true;
  const held = rolesOf(me);
  return roles.some((r) => held.has(r));
}

/**
 * Which views the caller may use, mirroring the server's rules (src/access/rules.ts and the
 * contract in docs/API-OFFICIALS.md). The server decides; this only keeps the menu honest.
 */
export function permissions(me: Me) {
  return {
    learnerNumber: hasAny(me, ['YLEISTUNNISTE_LUONTI']),
    importReport: hasAny(me, ['OPPIJOIDENTUONTI', 'TUONTIDATA_READ', 'HENKILON_RU']),
    readPersons: hasAny(me, [
      'HENKILON_RU',
      'VTJ_VERTAILUNAKYMA',
      'MANUAALINEN_YKSILOINTI',
      'DUPLIKAATTINAKYMA',
      'TUONTIDATA_READ',
      'OPPIJOIDENTUONTI',
    ]),
    updatePersons: hasAny(me, ['HENKILON_RU']),
    compareWithRegister: hasAny(me, ['VTJ_VERTAILUNAKYMA', 'MANUAALINEN_YKSILOINTI']),
    identifyManually: hasAny(me, ['MANUAALINEN_YKSILOINTI']),
    duplicates: hasAny(me, ['DUPLIKAATTINAKYMA']),
    searchPersons: hasAny(me, ['REKISTERINPITAJA_READ', 'HENKILON_RU']),
    testDataReport: isRegistryKeeper(me),
    auditLog: isRegistryKeeper(me),
    organisations: isRegistryKeeper(me),
    users: hasAny(me, ['VASTUUKAYTTAJA', 'REKISTERINPITAJA_READ']),
    manageUsers: hasAny(me, ['VASTUUKAYTTAJA']),
    registryKeeper: isRegistryKeeper(me),
  };
}
export type Permissions = ReturnType<typeof permissions>;
