import { type AuditEntry, writeAudit } from '../audit/index.ts';
import type { RequestContext } from '../context.ts';
import type { GrantRow } from '../db/index.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.ts';
import { grantValidity, invalidFields, mayManageGrant } from './grant-policy.ts';
import * as repo from './repository.ts';
import type { Role } from './roles.ts';
import { type GrantView, grantView } from './views.ts';

async function userAndPath(ctx: RequestContext, userOid: string) {
  const user = await repo.findUser(ctx.db, userOid);
  if (!user) throw new NotFound(`user ${userOid} not found`);
  const home = await repo.findOrganisation(ctx.db, user.organisation_oid);
  if (!home) throw new NotFound(`organisation ${user.organisation_oid} not found`);
  return { user, homePath: home.path };
}

function grantSnapshot(g: GrantRow) {
  return {
    role: g.role,
    organisationOid: g.organisation_oid,
    validFrom: g.valid_from.toISOString(),
    validUntil: g.valid_until?.toISOString() ?? null,
    revokedAt: g.revoked_at?.toISOString() ?? null,
  };
}

/** The audit record of a change to a grant: its content before and after. */
function grantAudit(
  ctx: RequestContext,
  operation: 'GRANT_CREATE' | 'GRANT_REVOKE' | 'GRANT_UPDATE',
  target: { user: { oid: string }; org: { oid: string } },
  before: GrantRow | null,
  after: GrantRow,
): AuditEntry {
  const { user, org } = target;
  return {
    operation,
    actor: ctx.actor,
    targetOids: [user.oid],
    changes: { grant: { before: before && grantSnapshot(before), after: grantSnapshot(after) } },
    details: { grantId: after.id, userOid: user.oid, organisationOid: org.oid, role: after.role },
  };
}

/** Grants a role in an organisation for a period (SPEC §11); audit-logged with the grant's content. */
export async function grantRole(
  ctx: RequestContext,
  userOid: string,
  input: { role: Role; organisationOid: string; validFrom?: Date; validUntil?: Date },
): Promise<GrantView> {
  const { user, homePath } = await userAndPath(ctx, userOid);
  const org = await repo.findOrganisation(ctx.db, input.organisationOid);
  if (!org) throw Invalid.field('organisationOid', 'no such organisation', input.organisationOid);
  const decision = mayManageGrant(ctx.caller, {
    userOid: user.oid,
    userOrganisationPath: homePath,
    role: input.role,
    organisationPath: org.path,
  });
  if (!decision.ok) throw new Forbidden(decision.reason);
  if (!org.active) throw Invalid.field('organisationOid', 'the organisation is passive', org.oid);
  const validity = grantValidity(ctx.caller, input);
  if (!validity.ok) throw invalidFields(validity.errors);
  const grant = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertGrant(trx, {
      userOid: user.oid,
      organisationOid: org.oid,
      role: input.role,
      ...validity.validity,
      grantedBy: ctx.caller.oid,
    });
    await writeAudit(trx, grantAudit(ctx, 'GRANT_CREATE', { user, org }, null, row));
    return row;
  });
  // After the commit: a reload before it could cache the old grants again.
  ctx.callerCache.invalidate(user.oid);
  return grantView({ ...grant, organisation_name: org.name });
}

/** A grant with its holder and organisation, if the caller may manage it (the rules of granting). */
async function manageableGrant(ctx: RequestContext, grantId: number) {
  const grant = await repo.findGrant(ctx.db, grantId);
  if (!grant) throw new NotFound(`grant ${grantId} not found`);
  const { user, homePath } = await userAndPath(ctx, grant.user_oid);
  const org = await repo.findOrganisation(ctx.db, grant.organisation_oid);
  if (!org) throw new NotFound(`organisation ${grant.organisation_oid} not found`);
  const decision = mayManageGrant(ctx.caller, {
    userOid: user.oid,
    userOrganisationPath: homePath,
    role: grant.role as Role,
    organisationPath: org.path,
  });
  if (!decision.ok) throw new Forbidden(decision.reason);
  return { grant, user, org };
}

/**
 * Revokes a grant at once: the next request of its holder already runs without it (grants are
 * read per request). The same rules as granting decide who may.
 */
export async function revokeGrantById(ctx: RequestContext, grantId: number): Promise<GrantView> {
  const { grant, user, org } = await manageableGrant(ctx, grantId);
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.revokeGrant(trx, grantId, ctx.caller.oid);
    if (!row) throw new Conflict(`grant ${grantId} is already revoked`);
    await writeAudit(trx, grantAudit(ctx, 'GRANT_REVOKE', { user, org }, grant, row));
    return row;
  });
  ctx.callerCache.invalidate(user.oid);
  return grantView({ ...revoked, organisation_name: org.name });
}

/**
 * Sets a grant's validity: extend or shorten it, or move a grant that has not begun. The same rules
 * as granting decide who may and for how long; a grant that has begun keeps its start. A revoked grant
 * is not revived (409): grant again.
 */
export async function changeGrantValidity(
  ctx: RequestContext,
  grantId: number,
  input: { validFrom?: Date; validUntil: Date },
): Promise<GrantView> {
  const { grant, user, org } = await manageableGrant(ctx, grantId);
  if (grant.revoked_at !== null) throw new Conflict(`grant ${grantId} is revoked; grant the role again`);
  const now = new Date();
  const begun = grant.valid_from <= now;
  if (begun && input.validFrom && input.validFrom.getTime() !== grant.valid_from.getTime()) {
    throw Invalid.field(
      'validFrom',
      'the grant has begun: its start cannot change',
      input.validFrom.toISOString(),
    );
  }
  const validity = grantValidity(ctx.caller, {
    role: grant.role as Role,
    organisationOid: grant.organisation_oid,
    validFrom: begun ? undefined : (input.validFrom ?? grant.valid_from),
    validUntil: input.validUntil,
  });
  if (!validity.ok) throw invalidFields(validity.errors);
  // A grant that has begun keeps its start (the policy measured the length from now).
  const validFrom = begun ? grant.valid_from : validity.validity.validFrom;
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.setGrantValidity(trx, grantId, {
      validFrom,
      validUntil: validity.validity.validUntil,
    });
    if (!row) throw new Conflict(`grant ${grantId} is revoked; grant the role again`);
    await writeAudit(trx, grantAudit(ctx, 'GRANT_UPDATE', { user, org }, grant, row));
    return row;
  });
  ctx.callerCache.invalidate(user.oid);
  return grantView({ ...changed, organisation_name: org.name });
}
