import { type Expression, type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { type Caller, isRegistryKeeper, type Role } from './roles.ts';

/**
 * What a caller reaches with a role: everything (the registry keeper), or the subtrees of the
 * organisations in which it holds the role now (SPEC §11: a role held in X covers X and below).
 * A root grant (REKISTERINPITAJA_READ at OPH) therefore covers every organisation without a
 * special case.
 */
export type Scope =
  | { readonly all: true }
  | { readonly all: false; readonly organisations: readonly string[] };

export const EVERYTHING: Scope = { all: true };

/** The scope of the caller's grants of any of the roles. */
export function scopeOf(caller: Caller, roles: Role | readonly Role[]): Scope {
  if (isRegistryKeeper(caller)) return EVERYTHING;
  const wanted: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
  const organisations = caller.grants.filter((g) => wanted.includes(g.role)).map((g) => g.organisationOid);
  return { all: false, organisations: [...new Set(organisations)] };
}

/**
 * The organisations a caller may see: the subtrees of its home organisation and of every
 * organisation where it holds a valid grant (organisation names are not personal data, but
 * the tree of other providers is none of an official's business).
 */
export function organisationScopeOf(caller: Caller): Scope {
  if (isRegistryKeeper(caller)) return EVERYTHING;
  const organisations = [caller.organisationOid, ...caller.grants.map((g) => g.organisationOid)];
  return { all: false, organisations: [...new Set(organisations)] };
}

/** Is the organisation with this path (root → itself) in the scope? */
export function coversOrganisation(scope: Scope, organisationPath: readonly string[]): boolean {
  return scope.all || scope.organisations.some((oid) => organisationPath.includes(oid));
}

/** SQL condition: the organisation whose `path` column is given lies in the scope. */
export function organisationInScopeSql(scope: Scope, path: Expression<string[]>): RawBuilder<boolean> {
  if (scope.all) return sql<boolean>`true`;
  if (scope.organisations.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${path} && ${[...scope.organisations]}::text[])`;
}

/**
 * SQL condition for person data: the person (an expression giving `persons.id`, by default the
 * column itself) is attached to an organisation in the scope or below it. Use it in every query
 * that returns persons to a caller:
 *
 *   db.selectFrom('persons').where(personInScopeSql(scopeOf(caller, 'HENKILON_RU')))
 */
export function personInScopeSql(
  scope: Scope,
  personId: Expression<number> = sql.ref<number>('persons.id'),
): RawBuilder<boolean> {
  if (scope.all) return sql<boolean>`true`;
  if (scope.organisations.length === 0) return sql<boolean>`false`;
  return sql<boolean>`exists (
    select 1 from person_organisations po
    join organisations o on o.oid = po.organisation_oid
    where po.person_id = ${personId} and o.path && ${[...scope.organisations]}::text[])`;
}

/** Is any of the persons (by id; e.g. a link group) attached to an organisation in the scope? */
export async function anyPersonInScope(db: Db, scope: Scope, personIds: readonly number[]): Promise<boolean> {
  if (scope.all) return true;
  if (scope.organisations.length === 0 || personIds.length === 0) return false;
  const row = await sql<{ ok: boolean }>`
    select exists (
      select 1 from person_organisations po
      join organisations o on o.oid = po.organisation_oid
      where po.person_id = any(${[...personIds]}::int8[]) and o.path && ${[...scope.organisations]}::text[]
    ) as ok`.execute(db);
  return row.rows[0]?.ok === true;
}
