import type { OrganisationRow, UserRow } from '../db/index.ts';
import { isDormant } from './authentication.ts';
import { type GrantStatus, grantStatus } from './grant-policy.ts';
import type { GrantWithOrganisation } from './repository.ts';
import type { Role } from './roles.ts';

/** Wire shapes of the access administration endpoints (camelCase JSON, ISO times). */
export interface OrganisationView {
  oid: string;
  name: string;
  type: OrganisationRow['type'];
  active: boolean;
  parentOid: string | null;
  /** OIDs from the root down to the organisation itself. */
  path: string[];
}

export function organisationView(o: OrganisationRow): OrganisationView {
  return { oid: o.oid, name: o.name, type: o.type, active: o.active, parentOid: o.parent_oid, path: o.path };
}

export interface GrantView {
  id: number;
  userOid: string;
  role: Role;
  organisationOid: string;
  organisationName: string;
  validFrom: string;
  /** null: open-ended (grants made on the command line). */
  validUntil: string | null;
  grantedBy: string | null;
  grantedAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
  /** Only ACTIVE grants count for anything; the others are listed for the record. */
  status: GrantStatus;
}

export function grantView(g: GrantWithOrganisation, now: Date = new Date()): GrantView {
  return {
    id: g.id,
    userOid: g.user_oid,
    role: g.role as Role,
    organisationOid: g.organisation_oid,
    organisationName: g.organisation_name,
    validFrom: g.valid_from.toISOString(),
    validUntil: g.valid_until?.toISOString() ?? null,
    grantedBy: g.granted_by,
    grantedAt: g.granted_at.toISOString(),
    revokedBy: g.revoked_by,
    revokedAt: g.revoked_at?.toISOString() ?? null,
    status: grantStatus(g, now),
  };
}

export interface UserView {
  oid: string;
  kind: UserRow['kind'];
  /** Login name of an official, client id of a service user. */
  username: string;
  name: string;
  organisationOid: string;
  organisationName: string;
  active: boolean;
  /** Locked after repeated failed logins (officials); opens by itself. */
  locked: boolean;
  /** A service user without a token for over a year: it has no rights until its secret is rotated. */
  dormant: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  grants: GrantView[];
}

export function userView(
  u: UserRow & { organisation_name: string },
  grants: GrantWithOrganisation[],
  now: Date = new Date(),
): UserView {
  return {
    oid: u.oid,
    kind: u.kind,
    username: u.username,
    name: u.name,
    organisationOid: u.organisation_oid,
    organisationName: u.organisation_name,
    active: u.active,
    locked: !!u.locked_until && u.locked_until > now,
    dormant: isDormant(u, now),
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
    grants: grants.map((g) => grantView(g, now)),
  };
}
