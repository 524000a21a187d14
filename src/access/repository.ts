import { type RawBuilder, sql } from 'kysely';
import type { Db, GrantRow, OrganisationRow, SessionRow, UserRow } from '../db/index.ts';
import type { GrantWindow } from './caller-cache.ts';
import type { Role } from './roles.ts';

export function findOrganisation(db: Db, oid: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('oid', '=', oid).executeTakeFirst();
}

export async function insertOrganisation(
  db: Db,
  org: {
    oid: string;
    parentOid: string | null;
    parentPath: string[];
    name: string;
    type: OrganisationRow['type'];
  },
): Promise<OrganisationRow> {
  return db
    .insertInto('organisations')
    .values({
      oid: org.oid,
      parent_oid: org.parentOid,
      path: [...org.parentPath, org.oid],
      name: org.name,
      type: org.type,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUser(db: Db, oid: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('oid', '=', oid).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  user: Pick<
    UserRow,
    'oid' | 'kind' | 'username' | 'name' | 'organisation_oid' | 'secret_hash' | 'created_by'
  >,
): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function insertGrants(
  db: Db,
  grants: {
    userOid: string;
    organisationOid: string;
    role: Role;
    validFrom?: Date;
    validUntil?: Date | null;
    grantedBy: string | null;
  }[],
): Promise<void> {
  if (grants.length === 0) return;
  await db
    .insertInto('grants')
    .values(
      grants.map((g) => ({
        user_oid: g.userOid,
        organisation_oid: g.organisationOid,
        role: g.role,
        valid_from: g.validFrom ?? new Date(),
        valid_until: g.validUntil ?? null,
        granted_by: g.grantedBy,
      })),
    )
    .execute();
}

/** The active user and its grants that are not revoked and not yet over, with their windows. */
export async function loadActiveUserWithGrantWindows(
  db: Db,
  oid: string,
): Promise<{ user: UserRow; grants: GrantWindow[] } | undefined> {
  const rows = await sql<
    UserRow & {
      grant_role: Role | null;
      grant_org: string | null;
      grant_from: Date | null;
      grant_until: Date | null;
    }
  >`
    select u.*, g.role as grant_role, g.organisation_oid as grant_org,
           g.valid_from as grant_from, g.valid_until as grant_until
    from users u
    left join grants g on g.user_oid = u.oid
      and g.revoked_at is null
      and (g.valid_until is null or g.valid_until > now())
    where u.oid = ${oid} and u.active`.execute(db);
  const first = rows.rows[0];
  if (!first) return undefined;
  const { grant_role: _r, grant_org: _o, grant_from: _f, grant_until: _u, ...user } = first;
  const grants: GrantWindow[] = [];
  for (const r of rows.rows) {
    if (r.grant_role && r.grant_org && r.grant_from) {
      grants.push({
        role: r.grant_role,
        organisationOid: r.grant_org,
        validFrom: r.grant_from,
        validUntil: r.grant_until,
      });
    }
  }
  return { user, grants };
}

export async function recordLogin(db: Db, oid: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ last_login_at: new Date(), failed_logins: 0, locked_until: null })
    .where('oid', '=', oid)
    .execute();
}

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores the value unless another instance got there first; returns the value that won. */
export async function getOrCreateSetting(db: Db, key: string, create: () => string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value: create() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const value = await getSetting(db, key);
  if (value === undefined) throw new Error(`setting ${key} vanished`);
  return value;
}

// --- organisations ---------------------------------------------------------------------------

export interface OrganisationFilter {
  /** Part of the name or the OID. */
  query?: string;
  type?: OrganisationRow['type'];
  includePassive: boolean;
  limit: number;
  offset: number;
}

/** Organisations within the scope condition, by name; with the total for paging. */
export async function listOrganisations(
  db: Db,
  inScope: RawBuilder<boolean>,
  filter: OrganisationFilter,
): Promise<{ rows: OrganisationRow[]; total: number }> {
  let q = db.selectFrom('organisations').where(inScope);
  if (!filter.includePassive) q = q.where('active', '=', true);
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.query) {
    const pattern = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('oid', '=', filter.query!)]));
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('name').orderBy('oid').limit(filter.limit).offset(filter.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findChildOrganisations(db: Db, oid: string): Promise<OrganisationRow[]> {
  return db.selectFrom('organisations').selectAll().where('parent_oid', '=', oid).orderBy('name').execute();
}

export async function updateOrganisation(
  db: Db,
  oid: string,
  changes: Partial<Pick<OrganisationRow, 'name' | 'type' | 'active'>>,
): Promise<OrganisationRow> {
  return db
    .updateTable('organisations')
    .set({ ...changes, modified_at: new Date() })
    .where('oid', '=', oid)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moves the organisation under a new parent: the paths of its whole subtree change in one statement. */
export async function moveOrganisation(
  db: Db,
  oid: string,
  newParent: Pick<OrganisationRow, 'oid' | 'path'>,
): Promise<void> {
  await sql`
    update organisations
    set path = ${newParent.path}::text[] || path[array_position(path, ${oid}) :],
        parent_oid = case when oid = ${oid} then ${newParent.oid} else parent_oid end,
        modified_at = now()
    where ${oid} = any(path)`.execute(db);
}

// --- users and grants ------------------------------------------------------------------------

export type UserWithOrganisation = UserRow & { organisation_name: string };

/** Users whose home organisation lies in the subtree of `organisationOid`, or who hold a grant there. */
export function listUsersOfSubtree(
  db: Db,
  organisationOid: string,
  filter: { kind?: UserRow['kind']; limit: number; offset: number },
): Promise<UserWithOrganisation[]> {
  let q = db
    .selectFrom('users as u')
    .innerJoin('organisations as ho', 'ho.oid', 'u.organisation_oid')
    .selectAll('u')
    .select('ho.name as organisation_name')
    .where((eb) =>
      eb.or([
        sql<boolean>`${organisationOid} = any(ho.path)`,
        eb.exists(
          eb
            .selectFrom('grants as g')
            .innerJoin('organisations as go', 'go.oid', 'g.organisation_oid')
            .select(sql`1`.as('one'))
            .whereRef('g.user_oid', '=', 'u.oid')
            .where(sql<boolean>`${organisationOid} = any(go.path)`),
        ),
      ]),
    );
  if (filter.kind) q = q.where('u.kind', '=', filter.kind);
  return q
    .orderBy('u.kind')
    .orderBy('u.name')
    .orderBy('u.oid')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export type GrantWithOrganisation = GrantRow & { organisation_name: string };

/** The users' grants (revoked and expired ones too), limited to the subtree when one is given. */
export function listGrantsOfUsers(
  db: Db,
  userOids: string[],
  withinOrganisation?: string,
): Promise<GrantWithOrganisation[]> {
  if (userOids.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('grants as g')
    .innerJoin('organisations as o', 'o.oid', 'g.organisation_oid')
    .selectAll('g')
    .select('o.name as organisation_name')
    .where('g.user_oid', 'in', userOids);
  if (withinOrganisation) q = q.where(sql<boolean>`${withinOrganisation} = any(o.path)`);
  return q.orderBy('g.granted_at').orderBy('g.id').execute();
}

export function findGrant(db: Db, id: number): Promise<GrantRow | undefined> {
  return db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertGrant(
  db: Db,
  grant: {
    userOid: string;
    organisationOid: string;
    role: Role;
    validFrom: Date;
    validUntil: Date | null;
    grantedBy: string | null;
  },
): Promise<GrantRow> {
  return db
    .insertInto('grants')
    .values({
      user_oid: grant.userOid,
      organisation_oid: grant.organisationOid,
      role: grant.role,
      valid_from: grant.validFrom,
      valid_until: grant.validUntil,
      granted_by: grant.grantedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Sets a grant's validity unless it is revoked; undefined then. */
export function setGrantValidity(
  db: Db,
  id: number,
  validity: { validFrom: Date; validUntil: Date },
): Promise<GrantRow | undefined> {
  return db
    .updateTable('grants')
    .set({ valid_from: validity.validFrom, valid_until: validity.validUntil })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Revokes unless already revoked; undefined then (two main users revoking at once: one wins). */
export function revokeGrant(db: Db, id: number, revokedBy: string | null): Promise<GrantRow | undefined> {
  return db
    .updateTable('grants')
    .set({ revoked_at: new Date(), revoked_by: revokedBy })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Replaces the secret (a service user's client secret, an official's password) and raises the
 * secret version, which stops every access token issued under the old one.
 */
export async function replaceSecret(db: Db, oid: string, secretHash: string): Promise<UserRow> {
  return db
    .updateTable('users')
    .set((eb) => ({
      secret_hash: secretHash,
      secret_version: eb('secret_version', '+', 1),
      secret_rotated_at: new Date(),
    }))
    .where('oid', '=', oid)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Counts a failed password; the failure that reaches `maxFailures` locks the account for
 * `lockMinutes` and starts the count again. Returns the lock's end when this failure locked it.
 */
export async function recordFailedLogin(
  db: Db,
  oid: string,
  maxFailures: number,
  lockMinutes: number,
): Promise<Date | null> {
  const row = await sql<{ locked_until: Date | null; locked_now: boolean }>`
    update users set
      failed_logins = case when failed_logins + 1 >= ${maxFailures} then 0 else failed_logins + 1 end,
      locked_until = case when failed_logins + 1 >= ${maxFailures}
        then now() + make_interval(mins => ${lockMinutes}) else locked_until end
    where oid = ${oid}
    returning locked_until, (failed_logins = 0) as locked_now`.execute(db);
  const r = row.rows[0];
  return r?.locked_now ? r.locked_until : null;
}

// --- sessions --------------------------------------------------------------------------------

export async function insertSession(
  db: Db,
  session: Pick<SessionRow, 'id_hash' | 'user_oid' | 'csrf_token' | 'expires_at' | 'ip' | 'user_agent'>,
): Promise<SessionRow> {
  return db.insertInto('sessions').values(session).returningAll().executeTakeFirstOrThrow();
}

/**
 * The live session with this id hash, its idle time restarted; undefined when it is unknown,
 * revoked, past its absolute end or idle for too long. One round trip on every UI request.
 */
export async function touchSession(
  db: Db,
  idHash: string,
  idleMinutes: number,
): Promise<SessionRow | undefined> {
  const row = await sql<SessionRow>`
    update sessions set last_seen_at = now()
    where id_hash = ${idHash} and revoked_at is null and expires_at > now()
      and last_seen_at > now() - make_interval(mins => ${idleMinutes})
    returning *`.execute(db);
  return row.rows[0];
}

export async function revokeSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  return db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Ends every session of the user except the one given (after a password change). */
export async function revokeOtherSessions(db: Db, userOid: string, keepIdHash?: string): Promise<void> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('user_oid', '=', userOid)
    .where('revoked_at', 'is', null);
  if (keepIdHash) q = q.where('id_hash', '!=', keepIdHash);
  await q.execute();
}

/** Housekeeping at login: the user's sessions that ended over a day ago are of no use to anyone. */
export async function deleteEndedSessions(db: Db, userOid: string): Promise<void> {
  await sql`
    delete from sessions where user_oid = ${userOid}
      and (expires_at < now() - interval '1 day' or revoked_at < now() - interval '1 day')`.execute(db);
}
