import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { OrganisationRow, UserRow } from '../db/tables.ts';
import type { EffectiveGrant, Role } from './roles.ts';

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

/** The user (if active) and the grants valid at this moment, in one round trip. */
export async function loadActiveUserWithGrants(
  db: Db,
  oid: string,
): Promise<{ user: UserRow; grants: EffectiveGrant[] } | undefined> {
  const rows = await sql<UserRow & { grant_role: Role | null; grant_org: string | null }>`
    select u.*, g.role as grant_role, g.organisation_oid as grant_org
    from users u
    left join grants g on g.user_oid = u.oid
      and g.revoked_at is null
      and g.valid_from <= now()
      and (g.valid_until is null or g.valid_until > now())
    where u.oid = ${oid} and u.active`.execute(db);
  const first = rows.rows[0];
  if (!first) return undefined;
  const { grant_role: _r, grant_org: _o, ...user } = first;
  const grants: EffectiveGrant[] = [];
  for (const r of rows.rows) {
    if (r.grant_role && r.grant_org) grants.push({ role: r.grant_role, organisationOid: r.grant_org });
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
