import { GRANTABLE_BY_MAIN_USER, ROOT_ONLY_ROLES, ROOT_ORGANISATION_OID } from '../domain/index.ts';
import { type FieldError, Invalid } from '../errors.ts';
import { type Caller, isRegistryKeeper, type Role } from './roles.ts';

export { GRANTABLE_BY_MAIN_USER, ROOT_ONLY_ROLES } from '../domain/index.ts';

import { coversOrganisation, scopeOf } from './scope.ts';

/** A grant made without an end date lasts a year; a main user's grants may not last longer. */
export const DEFAULT_GRANT_DAYS = 365;
export const MAX_GRANT_DAYS_BY_MAIN_USER = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

export type Decision = { ok: true } | { ok: false; reason: string };
const ALLOW: Decision = { ok: true };
const deny = (reason: string): Decision => ({ ok: false, reason });

/** May the caller create users in, or rotate the secrets of users of, this organisation? */
export function mayManageUsersIn(caller: Caller, organisationPath: readonly string[]): Decision {
  if (isRegistryKeeper(caller)) return ALLOW;
  if (coversOrganisation(scopeOf(caller, 'VASTUUKAYTTAJA'), organisationPath)) return ALLOW;
  return deny('the organisation is outside the organisations where you are a main user (VASTUUKAYTTAJA)');
}

/** A grant to make or to revoke, with the organisation paths the decision needs. */
export interface GrantTarget {
  userOid: string;
  /** Path (root → itself) of the user's home organisation. */
  userOrganisationPath: readonly string[];
  role: Role;
  /** Path of the organisation the grant is (or would be) held in. */
  organisationPath: readonly string[];
}

/**
 * Who may grant or revoke what: nobody their own rights; the registry keeper anything anywhere;
 * a main user only the grantable roles, only in its own subtree and only to users of its subtree
 * (it may not hand its organisation's rights to another provider's users).
 */
export function mayManageGrant(caller: Caller, target: GrantTarget): Decision {
  if (target.userOid === caller.oid) return deny('nobody grants or revokes their own rights');
  if (isRegistryKeeper(caller)) return ALLOW;
  if (!GRANTABLE_BY_MAIN_USER.includes(target.role)) {
    return deny(`a main user may not grant or revoke ${target.role}`);
  }
  const scope = scopeOf(caller, 'VASTUUKAYTTAJA');
  if (!coversOrganisation(scope, target.organisationPath)) {
    return deny('the organisation is outside the organisations where you are a main user (VASTUUKAYTTAJA)');
  }
  if (!coversOrganisation(scope, target.userOrganisationPath)) {
    return deny('the user belongs to an organisation outside the organisations where you are a main user');
  }
  return ALLOW;
}

export interface Validity {
  validFrom: Date;
  validUntil: Date;
}

/**
 * The validity of a new grant: it starts now unless a later start is given (a start in the past
 * would only rewrite history), ends after DEFAULT_GRANT_DAYS unless an end is given, and a main
 * user's grant lasts at most MAX_GRANT_DAYS_BY_MAIN_USER: rights are renewed, not forgotten.
 */
export function grantValidity(
  caller: Caller,
  input: { role: Role; organisationOid: string; validFrom?: Date; validUntil?: Date },
  now: Date = new Date(),
): { ok: true; validity: Validity } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (ROOT_ONLY_ROLES.includes(input.role) && input.organisationOid !== ROOT_ORGANISATION_OID) {
    errors.push({
      field: 'organisationOid',
      message: `${input.role} is granted only at the root organisation ${ROOT_ORGANISATION_OID}`,
      rejectedValue: input.organisationOid,
    });
  }
  const validFrom = input.validFrom && input.validFrom > now ? input.validFrom : now;
  const validUntil = input.validUntil ?? new Date(validFrom.getTime() + DEFAULT_GRANT_DAYS * DAY_MS);
  if (validUntil <= validFrom) {
    errors.push({
      field: 'validUntil',
      message: 'must be later than validFrom (and than now)',
      rejectedValue: input.validUntil?.toISOString(),
    });
  } else if (
    !isRegistryKeeper(caller) &&
    validUntil.getTime() - validFrom.getTime() > MAX_GRANT_DAYS_BY_MAIN_USER * DAY_MS
  ) {
    errors.push({
      field: 'validUntil',
      message: `a main user's grant lasts at most ${MAX_GRANT_DAYS_BY_MAIN_USER} days`,
      rejectedValue: input.validUntil?.toISOString(),
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, validity: { validFrom, validUntil } };
}

export type GrantStatus = 'ACTIVE' | 'FUTURE' | 'EXPIRED' | 'REVOKED';

/** How a grant stands at this moment; only ACTIVE grants count for anything. */
export function grantStatus(
  grant: { valid_from: Date; valid_until: Date | null; revoked_at: Date | null },
  now: Date = new Date(),
): GrantStatus {
  if (grant.revoked_at) return 'REVOKED';
  if (grant.valid_from > now) return 'FUTURE';
  if (grant.valid_until && grant.valid_until <= now) return 'EXPIRED';
  return 'ACTIVE';
}

/** A 400 naming every broken field; with one, its message says what is wrong. */
export function invalidFields(errors: FieldError[]): Invalid {
  const only = errors.length === 1 ? errors[0] : undefined;
  return new Invalid(
    only
      ? `${only.field}: ${only.message}`
      : `invalid ${[...new Set(errors.map((e) => e.field))].join(', ')}`,
    errors,
  );
}
