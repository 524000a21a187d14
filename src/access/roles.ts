import { REGISTRY_KEEPER_ROLE, ROOT_ORGANISATION_OID, type Role } from '../domain/index.ts';

export { isRole, ROLES, type Role } from '../domain/index.ts';

/** One currently valid grant of the caller. */
export interface EffectiveGrant {
  role: Role;
  organisationOid: string;
}

/** Who is calling, with the grants valid at this request's time. */
export interface Caller {
  oid: string;
  kind: 'official' | 'service';
  username: string;
  name: string;
  organisationOid: string;
  grants: EffectiveGrant[];
}

export function isRegistryKeeper(caller: Caller): boolean {
  return caller.grants.some(
    (g) => g.role === REGISTRY_KEEPER_ROLE && g.organisationOid === ROOT_ORGANISATION_OID,
  );
}

/** The organisations in which the caller holds the role (the subtrees below them are covered too). */
export function organisationsWithRole(caller: Caller, role: Role): string[] {
  return [...new Set(caller.grants.filter((g) => g.role === role).map((g) => g.organisationOid))];
}

export function hasRole(caller: Caller, role: Role): boolean {
  return caller.grants.some((g) => g.role === role);
}
