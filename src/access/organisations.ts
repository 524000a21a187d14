import { sql } from 'kysely';
import { type FieldChange, writeAudit } from '../audit/index.ts';
import type { RequestContext } from '../context.ts';
import type { OrganisationRow } from '../db/index.ts';
import { ROOT_ORGANISATION_OID } from '../domain/index.ts';
import { Forbidden, Invalid, NotFound } from '../errors.ts';
import * as repo from './repository.ts';
import { coversOrganisation, organisationInScopeSql, organisationScopeOf } from './scope.ts';
import { createOrganisation, ORGANISATION_TYPES, type OrganisationType } from './service.ts';
import { type OrganisationView, organisationView } from './views.ts';

export interface Page {
  page: number;
  pageSize: number;
}

/** The organisations the caller may see (its home and granted subtrees; all for the registry keeper). */
export async function listVisibleOrganisations(
  ctx: RequestContext,
  filter: { query?: string; type?: OrganisationType; includePassive?: boolean } & Page,
): Promise<{ organisations: OrganisationView[]; total: number } & Page> {
  const scope = organisationScopeOf(ctx.caller);
  const { rows, total } = await repo.listOrganisations(
    ctx.db,
    organisationInScopeSql(scope, sql.ref('path')),
    {
      query: filter.query?.trim() || undefined,
      type: filter.type,
      includePassive: filter.includePassive ?? false,
      limit: filter.pageSize,
      offset: (filter.page - 1) * filter.pageSize,
    },
  );
  return { organisations: rows.map(organisationView), total, page: filter.page, pageSize: filter.pageSize };
}

async function visibleOrganisation(ctx: RequestContext, oid: string): Promise<OrganisationRow> {
  const org = await repo.findOrganisation(ctx.db, oid);
  if (!org) throw new NotFound(`organisation ${oid} not found`);
  if (!coversOrganisation(organisationScopeOf(ctx.caller), org.path)) {
    throw new Forbidden('the organisation is outside your organisations');
  }
  return org;
}

/** One organisation with its direct children. */
export async function getOrganisation(
  ctx: RequestContext,
  oid: string,
): Promise<OrganisationView & { children: OrganisationView[] }> {
  const org = await visibleOrganisation(ctx, oid);
  const children = await repo.findChildOrganisations(ctx.db, oid);
  return { ...organisationView(org), children: children.map(organisationView) };
}

/** The registry keeper creates an organisation (active, under an active parent). */
export async function createOrganisationAsKeeper(
  ctx: RequestContext,
  input: { name: string; type: OrganisationType; parentOid?: string },
): Promise<OrganisationView> {
  const parent = await repo.findOrganisation(ctx.db, input.parentOid ?? ROOT_ORGANISATION_OID);
  if (parent && !parent.active)
    throw Invalid.field('parentOid', 'the parent organisation is passive', parent.oid);
  const org = await createOrganisation(
    { db: ctx.db, actor: ctx.actor, userOidNode: ctx.personOidNode },
    { name: input.name, type: input.type, parentOid: input.parentOid },
  );
  return organisationView(org);
}

export interface OrganisationChanges {
  name?: string;
  type?: OrganisationType;
  /** Passive: no new users or grants there; existing grants run until they end. */
  active?: boolean;
  /** Moves the organisation and its whole subtree under another parent. */
  parentOid?: string;
}

function validateChanges(org: OrganisationRow, changes: OrganisationChanges): OrganisationChanges {
  const name = changes.name?.trim();
  if (changes.name !== undefined && !name) throw Invalid.field('name', 'must not be empty', changes.name);
  if (changes.type !== undefined && !ORGANISATION_TYPES.includes(changes.type)) {
    throw Invalid.field('type', `must be one of ${ORGANISATION_TYPES.join(', ')}`, changes.type);
  }
  if (org.oid === ROOT_ORGANISATION_OID) {
    // The registry keeper's own organisation anchors the tree and the keeper's rights.
    for (const field of ['type', 'active', 'parentOid'] as const) {
      if (changes[field] !== undefined)
        throw Invalid.field(field, 'the root organisation keeps its place, type and state');
    }
  }
  return { ...changes, ...(name !== undefined ? { name } : {}) };
}

/** The registry keeper renames, retypes, passivates/reactivates or moves an organisation. */
export async function updateOrganisationAsKeeper(
  ctx: RequestContext,
  oid: string,
  input: OrganisationChanges,
): Promise<OrganisationView> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findOrganisation(trx, oid);
    if (!before) throw new NotFound(`organisation ${oid} not found`);
    const changes = validateChanges(before, input);
    const { parentOid, ...fields } = changes;
    if (parentOid !== undefined && parentOid !== before.parent_oid) {
      const parent = await repo.findOrganisation(trx, parentOid);
      if (!parent) throw Invalid.field('parentOid', 'no such organisation', parentOid);
      // A move under itself or its own subtree would cut the subtree off the tree.
      if (parent.path.includes(oid))
        throw Invalid.field('parentOid', 'cannot move an organisation under itself', parentOid);
      await repo.moveOrganisation(trx, oid, parent);
    }
    const after =
      Object.keys(fields).length > 0
        ? await repo.updateOrganisation(trx, oid, fields)
        : ((await repo.findOrganisation(trx, oid)) as OrganisationRow);
    const diff: Record<string, FieldChange> = {};
    for (const [field, b, a] of [
      ['name', before.name, after.name],
      ['type', before.type, after.type],
      ['active', before.active, after.active],
      ['parentOid', before.parent_oid, after.parent_oid],
    ] as const) {
      if (b !== a) diff[field] = { before: b, after: a };
    }
    if (Object.keys(diff).length > 0) {
      await writeAudit(trx, {
        operation: 'ORGANISATION_UPDATE',
        actor: ctx.actor,
        changes: diff,
        details: { organisationOid: oid },
      });
    }
    return organisationView(after);
  });
}
