import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import {
  GRANTABLE_BY_MAIN_USER,
  REGISTRY_KEEPER_ROLE,
  ROLES,
  type Role,
  RULE_ROLES,
} from '../../src/domain/roles.ts';
import type { Me } from './api/types.ts';

// The roles and which roles each rule accepts are the server's own (src/domain/roles.ts).
export { GRANTABLE_BY_MAIN_USER, ROLES, ROOT_ORGANISATION_OID, type Role };

export function rolesOf(me: Me): Set<string> {
  return new Set(me.organisations.flatMap((o) => o.roles));
}

export function isRegistryKeeper(me: Me): boolean {
  return me.organisations.some(
    (o) => o.oid === ROOT_ORGANISATION_OID && o.roles.includes(REGISTRY_KEEPER_ROLE),
  );
}

function hasAny(me: Me, roles: readonly string[]): boolean {
  if (isRegistryKeeper(me)) return true;
  const held = rolesOf(me);
  return roles.some((r) => held.has(r));
}

/**
 * Which views the caller may use, by the server's rules (src/access/rules.ts, whose role lists are
 * RULE_ROLES; the contract in docs/API-OFFICIALS.md). The server decides; this only keeps the menu honest.
 */
export function permissions(me: Me) {
  return {
    learnerNumber: hasAny(me, RULE_ROLES.createLearnerNumber),
    importReport: hasAny(me, RULE_ROLES.readImportReport),
    readPersons: hasAny(me, RULE_ROLES.readPersons),
    updatePersons: hasAny(me, RULE_ROLES.updatePersons),
    compareWithRegister: hasAny(me, RULE_ROLES.compareWithRegister),
    identifyManually: hasAny(me, RULE_ROLES.identifyManually),
    duplicates: hasAny(me, RULE_ROLES.readDuplicates),
    searchPersons: hasAny(me, RULE_ROLES.searchPersons),
    testDataReport: isRegistryKeeper(me),
    auditLog: isRegistryKeeper(me),
    organisations: isRegistryKeeper(me),
    users: hasAny(me, RULE_ROLES.readUsersAndGrants),
    manageUsers: hasAny(me, RULE_ROLES.manageUsersAndGrants),
    registryKeeper: isRegistryKeeper(me),
  };
}
export type Permissions = ReturnType<typeof permissions>;
