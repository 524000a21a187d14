import { ROOT_ORGANISATION_OID } from '../domain/oid.ts';

/** Roles of SPEC §11. A role held in organisation X covers persons attached to X or below it. */
export const ROLES = [
  'REKISTERINPITAJA',
  'REKISTERINPITAJA_READ',
  'VASTUUKAYTTAJA',
  'YLEISTUNNISTE_LUONTI',
  'OPPIJOIDENTUONTI',
  'HENKILON_RU',
  'MANUAALINEN_YKSILOINTI',
  'DUPLIKAATTINAKYMA',
  'VTJ_VERTAILUNAKYMA',
  'TUONTIDATA_READ',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

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
    (g) => g.role === 'REKISTERINPITAJA' && g.organisationOid === ROOT_ORGANISATION_OID,
  );
}

/** The organisations in which the caller holds the role (the subtrees below them are covered too). */
export function organisationsWithRole(caller: Caller, role: Role): string[] {
  return [...new Set(caller.grants.filter((g) => g.role === role).map((g) => g.organisationOid))];
}

export function hasRole(caller: Caller, role: Role): boolean {
  return caller.grants.some((g) => g.role === role);
}
