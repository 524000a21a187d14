import type { AuditActor } from '../audit/index.ts';
import { writeAudit } from '../audit/index.ts';
import type { Db, OrganisationRow } from '../db/index.ts';
import { generateOid, ROOT_ORGANISATION_OID } from '../domain/index.ts';
import { Conflict, Invalid, NotFound, Unauthenticated } from '../errors.ts';
import { callerOf, DORMANT_MESSAGE, isDormant } from './authentication.ts';
import { effectiveGrants } from './caller-cache.ts';
import { generateSecret, hashSecret, MIN_PASSWORD_LENGTH, verifySecret } from './passwords.ts';
import * as repo from './repository.ts';
import { type Caller, isRole, type Role } from './roles.ts';
import type { TokenIssuer } from './tokens.ts';

export const ORGANISATION_TYPES = ['koulutustoimija', 'oppilaitos', 'toimipiste', 'muu'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** Users share the person OID node of the deployment (as officials' OIDs do in the reference). */
export interface AccessContext {
  db: Db;
  actor: AuditActor;
  userOidNode: string;
}

export async function createOrganisation(
  ctx: AccessContext,
  input: { name: string; parentOid?: string; type?: OrganisationType; oid?: string },
): Promise<OrganisationRow> {
  const name = input.name.trim();
  if (!name) throw Invalid.field('name', 'must not be empty', input.name);
  const type = input.type ?? 'koulutustoimija';
  if (!ORGANISATION_TYPES.includes(type))
    throw Invalid.field('type', `must be one of ${ORGANISATION_TYPES.join(', ')}`, type);
  const parentOid = input.parentOid ?? ROOT_ORGANISATION_OID;
  return ctx.db.transaction().execute(async (trx) => {
    const parent = await repo.findOrganisation(trx, parentOid);
    if (!parent) throw Invalid.field('parentOid', 'no such organisation', parentOid);
    const org = await repo.insertOrganisation(trx, {
      oid: input.oid ?? generateOid('10'),
      parentOid,
      parentPath: parent.path,
      name,
      type,
    });
    await writeAudit(trx, {
      operation: 'ORGANISATION_CREATE',
      actor: ctx.actor,
      details: { organisationOid: org.oid, name, type, parentOid },
    });
    return org;
  });
}

export interface NewUser {
  kind: 'official' | 'service';
  /** Login name of an official, client id of a service user. */
  username?: string;
  name: string;
  organisationOid: string;
  roles: string[];
  /** Chosen secret (officials' passwords, demo data); otherwise one is generated. */
  secret?: string;
  /** End of the initial grants (in the home organisation); open-ended when absent (CLI, demo data). */
  grantsValidUntil?: Date;
}

export interface CreatedUser {
  oid: string;
  username: string;
  /** Shown once; only its hash is stored. */
  secret: string;
  roles: Role[];
}

function slug(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'client'
  );
}

export async function createUser(ctx: AccessContext, input: NewUser): Promise<CreatedUser> {
  const name = input.name.trim();
  if (!name) throw Invalid.field('name', 'must not be empty', input.name);
  const badRole = input.roles.find((r) => !isRole(r));
  if (badRole !== undefined) throw Invalid.field('role', 'unknown role', badRole);
  const roles = [...new Set(input.roles)] as Role[];
  const username =
    input.username?.trim() ||
    `${slug(name)}-${generateSecret()
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 6)
      .toLowerCase()}`;
  if (!/^[A-Za-z0-9._@-]{3,64}$/.test(username)) {
    throw Invalid.field('username', '3–64 letters, digits or . _ @ -', username);
  }
  // A chosen password (the CLI) must not be guessable in the few attempts the lockout leaves.
  if (input.kind === 'official' && input.secret !== undefined && input.secret.length < MIN_PASSWORD_LENGTH) {
    throw Invalid.field('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const secret = input.secret ?? generateSecret();
  const secretHash = await hashSecret(secret);
  const oid = generateOid(ctx.userOidNode);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.findOrganisation(trx, input.organisationOid))) {
      throw Invalid.field('organisationOid', 'no such organisation', input.organisationOid);
    }
    if (await repo.findUserByUsername(trx, username)) throw new Conflict(`username ${username} is taken`);
    await repo.insertUser(trx, {
      oid,
      kind: input.kind,
      username,
      name,
      organisation_oid: input.organisationOid,
      secret_hash: secretHash,
      created_by: ctx.actor.oid ?? ctx.actor.name,
    });
    const validFrom = new Date();
    const validUntil = input.grantsValidUntil ?? null;
    await repo.insertGrants(
      trx,
      roles.map((role) => ({
        userOid: oid,
        organisationOid: input.organisationOid,
        role,
        validFrom,
        validUntil,
        grantedBy: ctx.actor.oid,
      })),
    );
    await writeAudit(trx, [
      {
        operation: 'USER_CREATE',
        actor: ctx.actor,
        details: { userOid: oid, kind: input.kind, username, name },
      },
      ...roles.map((role) => ({
        operation: 'GRANT_CREATE' as const,
        actor: ctx.actor,
        details: { userOid: oid, organisationOid: input.organisationOid, role },
        changes: {
          grant: {
            before: null,
            after: { role, organisationOid: input.organisationOid, validFrom, validUntil },
          },
        },
      })),
    ]);
  });
  return { oid, username, secret, roles };
}

const REFERENCE_SERVICE_PREFIX = 'OPPIJANUMEROREKISTERI_';

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** OAuth2 client credentials → a short-lived access token. */
export async function issueToken(
  db: Db,
  issuer: TokenIssuer,
  actor: AuditActor,
  clientId: string,
  clientSecret: string,
): Promise<IssuedToken> {
  const user = await repo.findUserByUsername(db, clientId);
  // The same answer for an unknown client and a wrong secret: do not reveal which client ids exist.
  const ok = user?.kind === 'service' && user.active && (await verifySecret(user.secret_hash, clientSecret));
  if (!user || !ok) {
    await writeAudit(db, {
      operation: 'LOGIN_FAILED',
      actor,
      details: { clientId: clientId.slice(0, 200), via: 'client_credentials' },
    });
    throw new Unauthenticated('invalid client credentials');
  }
  // Told only to the holder of the right secret, so it reveals nothing to a guesser.
  if (isDormant(user)) {
    await writeAudit(db, {
      operation: 'LOGIN_FAILED',
      actor,
      details: { clientId, via: 'client_credentials', reason: 'dormant' },
    });
    throw new Unauthenticated(DORMANT_MESSAGE);
  }
  const loaded = await repo.loadActiveUserWithGrantWindows(db, user.oid);
  // Each role twice: as onr names it, and as the reference's issuer does (`<service>_<role>`, e.g.
  // OPPIJANUMEROREKISTERI_YLEISTUNNISTE_LUONTI), so that a client reading either finds its rights.
  // Informational only: every request re-reads the grants.
  const roles: Record<string, string[]> = {};
  for (const g of effectiveGrants(loaded?.grants ?? [])) {
    roles[g.organisationOid] = [
      ...(roles[g.organisationOid] ?? []),
      g.role,
      `${REFERENCE_SERVICE_PREFIX}${g.role}`,
    ];
  }
  const token = await issuer.sign({
    sub: user.oid,
    client_id: user.username,
    roles,
    // The version read with the secret it was checked against: a rotation racing with this
    // request leaves the token stale, never valid under the new secret.
    secretVersion: user.secret_version,
  });
  await repo.recordLogin(db, user.oid);
  await writeAudit(db, {
    operation: 'TOKEN_ISSUE',
    actor: {
      ...actor,
      oid: user.oid,
      kind: 'service',
      name: user.username,
      organisations: [user.organisation_oid],
    },
  });
  return { access_token: token, token_type: 'Bearer', expires_in: issuer.ttlSeconds };
}

/** The caller behind a user OID, with the grants valid now; undefined when the user is gone or inactive. */
export async function loadCaller(db: Db, oid: string): Promise<Caller | undefined> {
  const loaded = await repo.loadActiveUserWithGrantWindows(db, oid);
  return loaded ? callerOf(loaded.user, effectiveGrants(loaded.grants)) : undefined;
}

export async function requireOrganisation(db: Db, oid: string): Promise<OrganisationRow> {
  const org = await repo.findOrganisation(db, oid);
  if (!org) throw new NotFound(`organisation ${oid} not found`);
  return org;
}
