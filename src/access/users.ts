import { writeAudit } from '../audit/index.ts';
import type { RequestContext } from '../context.ts';
import type { OrganisationRow, UserRow } from '../db/index.ts';
import { RULE_ROLES } from '../domain/index.ts';
import { type FieldError, Forbidden, Invalid, NotFound } from '../errors.ts';
import { grantValidity, invalidFields, mayManageGrant, mayManageUsersIn } from './grant-policy.ts';
import { generateSecret, hashSecret } from './passwords.ts';
import * as repo from './repository.ts';
import type { Role } from './roles.ts';
import { coversOrganisation, scopeOf } from './scope.ts';
import { createUser } from './service.ts';
import { idleExpiryOf } from './sessions.ts';
import {
  type GrantView,
  grantView,
  type OrganisationView,
  organisationView,
  type UserView,
  userView,
} from './views.ts';

/** The roles that may read an organisation's users and grants. */
const USER_READERS = RULE_ROLES.readUsersAndGrants;

async function existingOrganisation(
  ctx: RequestContext,
  oid: string,
  field?: string,
): Promise<OrganisationRow> {
  const org = await repo.findOrganisation(ctx.db, oid);
  if (!org)
    throw field
      ? Invalid.field(field, 'no such organisation', oid)
      : new NotFound(`organisation ${oid} not found`);
  return org;
}

/** An organisation's officials and service users with their grants in its subtree (expired and revoked too). */
export async function listOrganisationUsers(
  ctx: RequestContext,
  organisationOid: string,
  filter: { kind?: UserRow['kind']; page: number; pageSize: number },
): Promise<{ users: UserView[]; page: number; pageSize: number }> {
  const org = await existingOrganisation(ctx, organisationOid);
  if (!coversOrganisation(scopeOf(ctx.caller, USER_READERS), org.path)) {
    throw new Forbidden('the organisation is outside the organisations whose users you may see');
  }
  const users = await repo.listUsersOfSubtree(ctx.db, organisationOid, {
    kind: filter.kind,
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  });
  const grants = await repo.listGrantsOfUsers(
    ctx.db,
    users.map((u) => u.oid),
    organisationOid,
  );
  const now = new Date();
  return {
    users: users.map((u) =>
      userView(
        u,
        grants.filter((g) => g.user_oid === u.oid),
        now,
      ),
    ),
    page: filter.page,
    pageSize: filter.pageSize,
  };
}

export interface NewUserInput {
  name: string;
  organisationOid: string;
  /** Login name (officials) or client id (service users; derived from the name when absent). */
  username?: string;
  /** Initial roles in the home organisation; each is checked like any grant. */
  roles?: Role[];
  /** End of the initial grants (default: a year). */
  validUntil?: Date;
}

/**
 * Checks that the caller may create a user with these initial grants: a main user only in its
 * subtree and only grantable roles; the registry keeper anywhere; never in a passive organisation.
 */
async function checkNewUser(ctx: RequestContext, input: NewUserInput): Promise<{ validUntil?: Date }> {
  const org = await existingOrganisation(ctx, input.organisationOid, 'organisationOid');
  const allowed = mayManageUsersIn(ctx.caller, org.path);
  if (!allowed.ok) throw new Forbidden(allowed.reason);
  if (!org.active) throw Invalid.field('organisationOid', 'the organisation is passive', org.oid);
  const roles = [...new Set(input.roles ?? [])];
  if (roles.length === 0) return {};
  const errors: FieldError[] = [];
  let validUntil: Date | undefined;
  for (const role of roles) {
    const decision = mayManageGrant(ctx.caller, {
      // Not yet created, so never the caller itself.
      userOid: '(new user)',
      userOrganisationPath: org.path,
      role,
      organisationPath: org.path,
    });
    if (!decision.ok) throw new Forbidden(decision.reason);
    const validity = grantValidity(ctx.caller, {
      role,
      organisationOid: org.oid,
      validUntil: input.validUntil,
    });
    if (validity.ok) validUntil = validity.validity.validUntil;
    else errors.push(...validity.errors);
  }
  if (errors.length > 0) throw invalidFields(errors);
  return { validUntil };
}

/** Checks and creates an official or a service user with its grants. */
async function createChecked(ctx: RequestContext, kind: 'official' | 'service', input: NewUserInput) {
  const { validUntil } = await checkNewUser(ctx, input);
  return createUser(
    { db: ctx.db, actor: ctx.actor, userOidNode: ctx.personOidNode },
    {
      kind,
      username: input.username,
      name: input.name,
      organisationOid: input.organisationOid,
      roles: input.roles ?? [],
      grantsValidUntil: validUntil,
    },
  );
}

/** A main user (or the registry keeper) creates an official; the initial password is shown once. */
export async function createOfficial(
  ctx: RequestContext,
  input: NewUserInput & { username: string },
): Promise<{ oid: string; username: string; password: string; roles: Role[] }> {
  const created = await createChecked(ctx, 'official', input);
  return { oid: created.oid, username: created.username, password: created.secret, roles: created.roles };
}

/** A main user (or the registry keeper) creates a service user; the client secret is shown once. */
export async function createServiceUser(
  ctx: RequestContext,
  input: NewUserInput,
): Promise<{ oid: string; clientId: string; clientSecret: string; roles: Role[] }> {
  const created = await createChecked(ctx, 'service', input);
  return { oid: created.oid, clientId: created.username, clientSecret: created.secret, roles: created.roles };
}

/**
 * A new client secret for a service user, shown once. The old secret and every token issued
 * under it stop working at once (the secret version rises); a dormant user is active again.
 */
export async function rotateServiceUserSecret(
  ctx: RequestContext,
  userOid: string,
): Promise<{ oid: string; clientId: string; clientSecret: string }> {
  const user = await repo.findUser(ctx.db, userOid);
  if (user?.kind !== 'service') throw new NotFound(`service user ${userOid} not found`);
  const org = await existingOrganisation(ctx, user.organisation_oid);
  const allowed = mayManageUsersIn(ctx.caller, org.path);
  if (!allowed.ok) throw new Forbidden(allowed.reason);
  const secret = generateSecret();
  const secretHash = await hashSecret(secret);
  await ctx.db.transaction().execute(async (trx) => {
    const after = await repo.replaceSecret(trx, user.oid, secretHash);
    await writeAudit(trx, {
      operation: 'SECRET_ROTATE',
      actor: ctx.actor,
      targetOids: [user.oid],
      changes: { secretVersion: { before: user.secret_version, after: after.secret_version } },
      details: { kind: 'client_secret', clientId: user.username },
    });
  });
  ctx.callerCache.invalidate(user.oid);
  return { oid: user.oid, clientId: user.username, clientSecret: secret };
}

export interface MeView {
  oid: string;
  kind: UserRow['kind'];
  username: string;
  name: string;
  organisation: OrganisationView;
  /** The organisations where the caller holds valid grants now, with those roles. */
  organisations: { oid: string; name: string; roles: Role[] }[];
  /** Every grant that is not revoked, with its validity and status (ACTIVE, FUTURE, EXPIRED). */
  grants: GrantView[];
  /** Only for a session: when it ends (idle and absolute), and the CSRF token for writes. */
  session?: { expiresAt: string; idleExpiresAt: string };
  csrfToken?: string;
}

/** "Who am I": the caller, its organisations and roles, the validity of each grant. */
export async function describeCaller(
  ctx: RequestContext,
  session?: { csrfToken: string; expiresAt: Date; lastSeenAt: Date },
): Promise<MeView> {
  const user = await repo.findUser(ctx.db, ctx.caller.oid);
  if (!user) throw new NotFound('the user is gone');
  const home = await existingOrganisation(ctx, user.organisation_oid);
  const now = new Date();
  const grants = (await repo.listGrantsOfUsers(ctx.db, [user.oid]))
    .filter((g) => !g.revoked_at)
    .map((g) => grantView(g, now));
  const organisations = new Map<string, { oid: string; name: string; roles: Role[] }>();
  for (const g of grants.filter((x) => x.status === 'ACTIVE')) {
    const entry = organisations.get(g.organisationOid) ?? {
      oid: g.organisationOid,
      name: g.organisationName,
      roles: [],
    };
    if (!entry.roles.includes(g.role)) entry.roles.push(g.role);
    organisations.set(g.organisationOid, entry);
  }
  return {
    oid: user.oid,
    kind: user.kind,
    username: user.username,
    name: user.name,
    organisation: organisationView(home),
    organisations: [...organisations.values()],
    grants,
    ...(session
      ? {
          session: {
            expiresAt: session.expiresAt.toISOString(),
            idleExpiresAt: idleExpiryOf(session).toISOString(),
          },
          csrfToken: session.csrfToken,
        }
      : {}),
  };
}
