import { sql } from 'kysely';
import {
  anyPersonInScope,
  isRegistryKeeper,
  organisationInScopeSql,
  organisationScopeOf,
  organisationsWithRole,
  personInScopeSql,
  type Role,
  scopeOf,
} from '../access/index.ts';
import { type AuditEntry, auditEntry, personRead, recordTestData, writeAudit } from '../audit/index.ts';
import type { RequestContext } from '../context.ts';
import type { Db, PersonRow } from '../db/index.ts';
import {
  isValidKutsumanimi,
  looksLikeTestName,
  parseHetu,
  ROOT_ORGANISATION_OID,
  RULE_ROLES,
} from '../domain/index.ts';
import { Conflict, NotFound } from '../errors.ts';
import { pagingOf } from '../http/index.ts';
import {
  deleteSnapshot,
  findSnapshot,
  identifyFromRegister,
  modifiedBy,
  wakeIdentification,
} from '../identification/index.ts';
import { notifyImportIfSettled } from '../imports/index.ts';
import {
  addHetuToHistory,
  attachToOrganisations,
  FieldCheck,
  findAuditTrail,
  findLinkGroup,
  findPersonById,
  findPersonByOid,
  type Henkilo,
  type HenkiloSummary,
  hasLinkedDuplicates,
  henkiloOf,
  hetuTakenByOther,
  insertPersonIfAbsent,
  loadPageLists,
  loadPersonOrganisations,
  loadUserNames,
  lockPersonByOid,
  personChanges,
  replaceEmails,
  replacePassports,
  searchCriteria,
  searchPersons as searchPersonRows,
  summaryOf,
  updatePersonRow,
  withFreshOid,
} from '../persons/index.ts';

// The officials' person endpoints (docs/API-OFFICIALS.md, "Persons"). A person out of the caller's
// scope is not found (404): its existence is not revealed.

// The roles of the rules (src/domain/roles.ts) scope the persons, too.
const READ_ROLES = RULE_ROLES.readPersons;
const UPDATE_ROLES = RULE_ROLES.updatePersons;
const COMPARE_ROLES = RULE_ROLES.compareWithRegister;
const IDENTIFY_ROLES = RULE_ROLES.identifyManually;
const SEARCH_ROLES = RULE_ROLES.searchPersons;

function notFound(oid: string): NotFound {
  return new NotFound(`no person with OID ${oid} in your organisations`);
}

/**
 * The person, if the caller reaches it with one of the roles: the person or another of its link
 * group is attached to an organisation of the caller's scope (so that a master is reachable from
 * its slave's organisation, as in GET /yleistunniste/hae/{oid}). `lock` for a change.
 */
async function personInScope(
  ctx: RequestContext,
  db: Db,
  oid: string,
  roles: readonly Role[],
  lock = false,
): Promise<PersonRow> {
  const person = lock ? await lockPersonByOid(db, oid) : await findPersonByOid(db, oid);
  if (!person) throw notFound(oid);
  const group = await findLinkGroup(db, person);
  const ids = [person.id, ...group.map((p) => p.id)];
  if (!(await anyPersonInScope(db, scopeOf(ctx.caller, roles), ids))) throw notFound(oid);
  return person;
}

/** The person page as the caller may see it. */
async function pageOf(ctx: RequestContext, db: Db, personId: number): Promise<Henkilo> {
  const person = await findPersonById(db, personId);
  if (!person) throw new NotFound('the person is gone');
  const lists = await loadPageLists(db, person.id);
  const master = person.master_id === null ? undefined : await findPersonById(db, person.master_id);
  // Only the caller's own organisations (and their subtrees) are named: which other providers a
  // learner studies with is none of an official's business. The registry keeper sees them all.
  const visible = organisationInScopeSql(organisationScopeOf(ctx.caller), sql.ref('o.path'));
  const organisations = await loadPersonOrganisations(db, person.id, visible);
  const userNames = await loadUserNames(db, [
    person.created_by,
    person.modified_by,
    ...organisations.map((o) => o.created_by),
  ]);
  return henkiloOf(person, {
    hetus: lists.hetus,
    passports: lists.passports,
    emails: lists.emails,
    master,
    slaves: lists.slaves,
    organisations,
    activeHetu: lists.active_hetu,
    seesProtectedData: isRegistryKeeper(ctx.caller),
    userNames,
  });
}

/** GET /henkilo/{oid}: the person page, audited as a read. */
export async function readPerson(ctx: RequestContext, oid: string): Promise<Henkilo> {
  const person = await personInScope(ctx, ctx.db, oid, READ_ROLES);
  const page = await pageOf(ctx, ctx.db, person.id);
  // Nothing is disclosed unless the read is on record.
  await writeAudit(ctx.db, personRead(ctx, [person.oid]));
  return page;
}

/**
 * Runs an official's change on the locked person in one transaction and answers the person page
 * as it is after the change. `change` returns the audit entry, or undefined when nothing changed.
 */
async function changePerson(
  ctx: RequestContext,
  oid: string,
  roles: readonly Role[],
  change: (trx: Db, person: PersonRow) => Promise<AuditEntry | undefined>,
): Promise<Henkilo> {
  return ctx.db.transaction().execute(async (trx) => {
    const person = await personInScope(ctx, trx, oid, roles, true);
    const audit = await change(trx, person);
    if (audit) await writeAudit(trx, audit);
    return pageOf(ctx, trx, person.id);
  });
}

/**
 * When an official's change ends a person's wait for its first identification attempt, the import
 * that created it may be settled now: its notification must not wait for a lookup that never comes.
 */
async function settleImportOf(ctx: RequestContext, trx: Db, person: PersonRow): Promise<void> {
  if (
    person.import_id !== null &&
    person.identification_attempts === 0 &&
    person.identification_due_at !== null
  ) {
    await notifyImportIfSettled(trx, person.import_id, ctx.config.publicUrl);
  }
}

export interface PersonUpdateInput {
  etunimet?: string;
  kutsumanimi?: string;
  sukunimi?: string;
  syntymaaika?: string;
  sukupuoli?: string;
  aidinkieli?: string;
  asiointikieli?: string;
  kansalaisuus?: string[];
  hetu?: string | null;
  passinumerot?: string[];
  sahkopostit?: string[];
}

/**
 * The register's identity data of a person identified against it: not for officials to edit. The
 * kutsumanimi is the person's own choice among the first names, so it stays editable.
 */
const VTJ_FIELDS = ['etunimet', 'sukunimi', 'hetu'] as const;

/** The checked changes of a PUT, as columns; throws 400 with every broken field, 409 for VTJ data. */
function planUpdate(person: PersonRow, input: PersonUpdateInput, production: boolean) {
  const identifiedVtj = VTJ_FIELDS.filter((f) => {
    if (input[f] === undefined) return false;
    const current = { etunimet: person.first_names, sukunimi: person.surname, hetu: person.hetu };
    return input[f] !== current[f];
  });
  if (person.identified_vtj && identifiedVtj.length > 0) {
    throw new Conflict(
      `identified against the population register: ${identifiedVtj.join(', ')} cannot be edited (the register's data wins)`,
    );
  }
  const check = new FieldCheck();
  const set: Partial<PersonRow> = {};
  check.names(input);
  const firstNames = input.etunimet ?? person.first_names;
  if (input.etunimet !== undefined) set.first_names = input.etunimet;
  if (input.sukunimi !== undefined) set.surname = input.sukunimi;
  if (input.kutsumanimi !== undefined) {
    check.kutsumanimi(input.kutsumanimi, firstNames);
    set.nickname = input.kutsumanimi;
  } else if (
    input.etunimet !== undefined &&
    person.nickname &&
    !isValidKutsumanimi(person.nickname, firstNames)
  ) {
    // The old kutsumanimi must still be one of the new first names, else the caller must give one.
    check.fail(
      'kutsumanimi',
      'is no longer one of the first names: give it with the new first names',
      person.nickname,
    );
  }

  let hetu = person.hetu;
  if (input.hetu !== undefined) {
    if (input.hetu === null || input.hetu === '') {
      hetu = null;
    } else {
      const parsed = check.hetu(input.hetu, production);
      if (parsed) {
        hetu = input.hetu;
        // A valid hetu says when the person was born and their sex.
        set.birth_date = parsed.birthDate;
        set.sex = parsed.sex;
      }
    }
    set.hetu = hetu;
  }
  const fromHetu = hetu ? parseHetu(hetu) : undefined;
  if (input.syntymaaika !== undefined) {
    check.birthDate(input.syntymaaika);
    if (fromHetu?.ok && fromHetu.value.birthDate !== input.syntymaaika) {
      check.fail('syntymaaika', 'differs from the birth date of the hetu', input.syntymaaika);
    }
    set.birth_date ??= input.syntymaaika;
  }
  if (input.sukupuoli !== undefined) {
    check.sex(input.sukupuoli);
    if (fromHetu?.ok && fromHetu.value.sex !== input.sukupuoli) {
      check.fail('sukupuoli', 'differs from the sex of the hetu', input.sukupuoli);
    }
    set.sex ??= input.sukupuoli as '1' | '2';
  }
  if (input.aidinkieli !== undefined) set.mother_tongue = check.motherTongue(input.aidinkieli);
  if (input.asiointikieli !== undefined) {
    check.contactLanguage(input.asiointikieli);
    set.contact_language = input.asiointikieli;
  }
  if (input.kansalaisuus !== undefined || input.hetu === null) {
    set.nationalities = check.nationalities(input.kansalaisuus ?? person.nationalities, {
      hasHetu: hetu !== null,
    });
  }
  const passports = input.passinumerot === undefined ? undefined : check.passports(input.passinumerot);
  const emails = input.sahkopostit === undefined ? undefined : check.emails(input.sahkopostit);
  check.done();
  return { set, hetuChanged: input.hetu !== undefined && hetu !== person.hetu, hetu, passports, emails };
}

/**
 * PUT /henkilo/{oid}: an official corrects the data. A new hetu (valid, not another person's) joins
 * the hetu history and queues identification again from the start; removing the hetu takes the
 * person off the queue (identify it by hand then).
 */
export async function updatePerson(
  ctx: RequestContext,
  oid: string,
  input: PersonUpdateInput,
): Promise<Henkilo> {
  let requeued = false;
  const page = await changePerson(ctx, oid, UPDATE_ROLES, async (trx, person) => {
    const plan = planUpdate(person, input, ctx.config.environment === 'production');
    if (plan.hetuChanged && plan.hetu && (await hetuTakenByOther(trx, plan.hetu, person.id))) {
      throw new Conflict('the hetu belongs to another person in the registry');
    }
    const changes = personChanges(person, plan.set);
    const lists = plan.passports || plan.emails ? await loadPageLists(trx, person.id) : undefined;
    if (plan.passports && !sameSet(lists!.passports, plan.passports)) {
      await replacePassports(trx, person.id, plan.passports);
      changes.passinumerot = { before: lists!.passports, after: plan.passports };
    }
    if (plan.emails && !sameSet(lists!.emails, plan.emails)) {
      await replaceEmails(trx, person.id, plan.emails);
      changes.sahkopostit = { before: lists!.emails, after: plan.emails };
    }
    if (Object.keys(changes).length === 0) return undefined;
    const identification = plan.hetuChanged ? await restartIdentification(trx, person, plan.hetu) : {};
    requeued = plan.hetuChanged && plan.hetu !== null;
    await updatePersonRow(trx, person.id, { ...plan.set, ...identification }, modifiedBy(ctx.actor)).catch(
      uniqueHetuConflict,
    );
    if (plan.hetuChanged && plan.hetu === null) await settleImportOf(ctx, trx, person);
    return auditEntry(ctx, 'PERSON_UPDATE', [person.oid], { changes });
  });
  if (requeued) await wakeIdentification(ctx.db).catch(() => {});
  return page;
}

/** A corrected hetu starts identification over; no hetu, no identification. */
async function restartIdentification(trx: Db, person: PersonRow, hetu: string | null) {
  await deleteSnapshot(trx, person.id);
  if (hetu) await addHetuToHistory(trx, person.id, hetu);
  return {
    identification_due_at: hetu && !person.passivated ? sql<Date>`now()` : null,
    identification_attempts: 0,
    identification_attempted: false,
    identification_error: null,
    identification_error_at: null,
  };
}

function uniqueHetuConflict(error: unknown): never {
  // Two officials giving the same hetu to two persons at once: the unique index decides.
  if ((error as { code?: string }).code === '23505')
    throw new Conflict('the hetu belongs to another person in the registry');
  throw error;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

const COMPARED = [
  'etunimet',
  'kutsumanimi',
  'sukunimi',
  'syntymaaika',
  'sukupuoli',
  'aidinkieli',
  'kansalaisuus',
  'kotikunta',
  'turvakielto',
] as const;

export interface Comparison {
  rekisteri: Record<string, unknown>;
  vtj: Record<string, unknown> | null;
  haettu: string | null;
  erot: string[];
}

/** GET /henkilo/{oid}/vtj-vertailu: our data beside the register's, as it was at the failed identification. */
export async function compareWithRegister(ctx: RequestContext, oid: string): Promise<Comparison> {
  const person = await personInScope(ctx, ctx.db, oid, COMPARE_ROLES);
  const snapshot = await findSnapshot(ctx.db, person.id);
  const hide = person.protection_order && !isRegistryKeeper(ctx.caller);
  const rekisteri = {
    etunimet: person.first_names,
    kutsumanimi: person.nickname,
    sukunimi: person.surname,
    syntymaaika: person.birth_date,
    sukupuoli: person.sex,
    aidinkieli: person.mother_tongue,
    kansalaisuus: person.nationalities,
    kotikunta: hide ? null : person.home_municipality,
    turvakielto: person.protection_order,
  };
  const record = snapshot?.record;
  const vtj = record
    ? {
        etunimet: record.etunimet,
        kutsumanimi: record.kutsumanimi ?? null,
        sukunimi: record.sukunimi,
        syntymaaika: record.syntymaaika,
        sukupuoli: record.sukupuoli,
        aidinkieli: record.aidinkieli ?? null,
        kansalaisuus: record.kansalaisuudet,
        kotikunta: record.turvakielto && !isRegistryKeeper(ctx.caller) ? null : (record.kotikunta ?? null),
        turvakielto: record.turvakielto,
        entisetSukunimet: record.formerSurnames,
        kuolinpaiva: record.kuolinpaiva ?? null,
      }
    : null;
  const erot = vtj ? COMPARED.filter((f) => JSON.stringify(rekisteri[f]) !== JSON.stringify(vtj[f])) : [];
  await writeAudit(ctx.db, personRead(ctx, [person.oid], { view: 'vtj-vertailu' }));
  return { rekisteri, vtj, haettu: record ? snapshot!.fetchedAt.toISOString() : null, erot };
}

/** POST /henkilo/{oid}/hyvaksy-vtj: the official accepts the register's data; the person becomes identified. */
export function acceptRegisterData(ctx: RequestContext, oid: string): Promise<Henkilo> {
  return changePerson(ctx, oid, COMPARE_ROLES, async (trx, person) => {
    if (person.identified_vtj) throw new Conflict('already identified against the population register');
    if (person.passivated) throw new Conflict('the person is passivated');
    const snapshot = await findSnapshot(trx, person.id);
    if (!snapshot?.record) throw new Conflict('there is no data of the population register to accept');
    if (snapshot.hetu !== person.hetu)
      throw new Conflict("the hetu has changed since the register's data was fetched");
    return identifyFromRegister(trx, person, snapshot.record, ctx.actor, {
      method: 'accepted-register-data',
      endpoint: ctx.endpoint,
    });
  });
}

/** The person columns of an official's form (manual identification, creation without a hetu), checked. */
function formColumns(
  input: Pick<HetulessInput, 'etunimet' | 'kutsumanimi' | 'sukunimi' | 'syntymaaika' | 'sukupuoli'>,
  motherTongue: string | null,
  nationalities: string[],
) {
  return {
    first_names: input.etunimet,
    nickname: input.kutsumanimi,
    surname: input.sukunimi,
    birth_date: input.syntymaaika,
    sex: input.sukupuoli as '1' | '2',
    mother_tongue: motherTongue,
    nationalities,
  };
}

export interface ManualIdentificationInput {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string;
  sukupuoli: string;
  aidinkieli: string;
  kansalaisuus: string[];
}

/** POST /henkilo/{oid}/yksiloi: identification by an official, for a person without a hetu (SPEC §9). */
export function identifyManually(
  ctx: RequestContext,
  oid: string,
  input: ManualIdentificationInput,
): Promise<Henkilo> {
  return changePerson(ctx, oid, IDENTIFY_ROLES, async (trx, person) => {
    if (person.hetu)
      throw new Conflict('the person has a hetu: it is identified against the population register');
    if (person.identified || person.identified_vtj) throw new Conflict('the person is already identified');
    if (person.passivated) throw new Conflict('the person is passivated');
    const check = new FieldCheck();
    check.names(input);
    check.kutsumanimi(input.kutsumanimi, input.etunimet);
    check.birthDate(input.syntymaaika);
    check.sex(input.sukupuoli);
    const motherTongue = check.motherTongue(input.aidinkieli);
    const nationalities = check.nationalities(input.kansalaisuus, { atLeastOne: true, hasHetu: false });
    check.done();
    const set = { ...formColumns(input, motherTongue, nationalities), identified: true };
    await updatePersonRow(trx, person.id, set, modifiedBy(ctx.actor));
    return auditEntry(ctx, 'PERSON_IDENTIFY', [person.oid], {
      changes: personChanges(person, set),
      details: { method: 'manual' },
    });
  });
}

/** POST /henkilo/{oid}/passivoi: persons are never deleted, only passivated. */
export function passivatePerson(ctx: RequestContext, oid: string): Promise<Henkilo> {
  return changePerson(ctx, oid, UPDATE_ROLES, async (trx, person) => {
    if (person.passivated) throw new Conflict('the person is already passivated');
    if (await hasLinkedDuplicates(trx, person.id))
      throw new Conflict('the person is the master of linked duplicates: unlink them first');
    await updatePersonRow(
      trx,
      person.id,
      { passivated: true, identification_due_at: null },
      modifiedBy(ctx.actor),
    );
    await settleImportOf(ctx, trx, person);
    return auditEntry(ctx, 'PERSON_PASSIVATE', [person.oid], {
      changes: personChanges(person, { passivated: true }),
    });
  });
}

/** POST /henkilo/{oid}/aktivoi: undoes a passivation; an unidentified person with a hetu is queued again. */
export async function reactivatePerson(ctx: RequestContext, oid: string): Promise<Henkilo> {
  let requeued = false;
  const page = await changePerson(ctx, oid, UPDATE_ROLES, async (trx, person) => {
    if (!person.passivated) throw new Conflict('the person is not passivated');
    if (person.duplicate || person.master_id !== null) {
      throw new Conflict('the person is a linked duplicate: unlink it to make it active again');
    }
    requeued = person.hetu !== null && !person.identified_vtj && !person.identification_attempted;
    const due = requeued ? { identification_due_at: sql<Date>`now()` } : {};
    await updatePersonRow(trx, person.id, { passivated: false, ...due }, modifiedBy(ctx.actor));
    return auditEntry(ctx, 'PERSON_REACTIVATE', [person.oid], {
      changes: personChanges(person, { passivated: false }),
    });
  });
  if (requeued) await wakeIdentification(ctx.db).catch(() => {});
  return page;
}

export interface AuditTrailItem {
  aika: string;
  toiminto: string;
  tekija: { oid: string | null; nimi: string | null; tyyppi: string | null };
  organisaatiot: string[];
  muutokset?: Record<string, { before: unknown; after: unknown }>;
}

/** GET /henkilo/{oid}/muutokset: who did what to the person, newest first (the creation is the last). */
export async function auditTrail(
  ctx: RequestContext,
  oid: string,
  query: { page?: string; count?: string },
): Promise<{ items: AuditTrailItem[]; page: number; count: number; total: number }> {
  const paging = pagingOf(query);
  const person = await personInScope(ctx, ctx.db, oid, READ_ROLES);
  const { rows, total } = await findAuditTrail(
    ctx.db,
    person.oid,
    (paging.page - 1) * paging.count,
    paging.count,
  );
  const items = rows.map((r) => {
    const changes = typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes;
    return {
      aika: r.occurred_at.toISOString(),
      toiminto: r.operation,
      tekija: { oid: r.actor_oid, nimi: r.actor_name, tyyppi: r.actor_kind },
      organisaatiot: r.actor_organisations,
      ...(changes ? { muutokset: changes as AuditTrailItem['muutokset'] } : {}),
    };
  });
  // Who looked at the person's history is on record too.
  await writeAudit(ctx.db, auditEntry(ctx, 'AUDIT_READ', [person.oid]));
  return { items, ...paging, total };
}

export interface HetulessInput {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string;
  sukupuoli: string;
  kansalaisuus: string[];
  aidinkieli?: string;
  passinumero?: string;
  sahkoposti?: string;
}

/**
 * POST /henkilo/ilman-hetua: an official creates a person without a Finnish hetu, unidentified
 * (HETU_PUUTTUU: on the error list until identified by hand), attached to the caller's
 * YLEISTUNNISTE_LUONTI organisations. The audit record names who created the person.
 */
export async function createWithoutHetu(ctx: RequestContext, input: HetulessInput): Promise<{ oid: string }> {
  const check = new FieldCheck();
  check.names(input);
  check.kutsumanimi(input.kutsumanimi, input.etunimet);
  check.birthDate(input.syntymaaika);
  check.sex(input.sukupuoli);
  const nationalities = check.nationalities(input.kansalaisuus, { hasHetu: false });
  const motherTongue = input.aidinkieli ? check.motherTongue(input.aidinkieli) : null;
  const passport = input.passinumero ? check.passports([input.passinumero])[0]! : null;
  const email = input.sahkoposti ? check.emails([input.sahkoposti], 'sahkoposti')[0]! : null;
  check.done();
  if (ctx.config.environment === 'production' && looksLikeTestName(input)) {
    await recordTestData(ctx.db, [
      {
        reason: 'TEST_NAME',
        actor: ctx.actor,
        endpoint: ctx.endpoint,
        hetu: null,
        names: `${input.etunimet} ${input.sukunimi}`,
      },
    ]);
  }
  const organisations = organisationsWithRole(ctx.caller, 'YLEISTUNNISTE_LUONTI');
  const attachTo = organisations.length > 0 ? organisations : [ROOT_ORGANISATION_OID];
  const created = await withFreshOid(ctx.personOidNode, (oid) =>
    ctx.db.transaction().execute(async (trx) => {
      const row = await insertPersonIfAbsent(trx, {
        oid,
        ...formColumns(input, motherTongue, nationalities),
        created_by: ctx.caller.oid,
        modified_by: ctx.caller.oid,
      });
      if (!row) return undefined;
      if (passport) await replacePassports(trx, row.id, [passport]);
      if (email) await replaceEmails(trx, row.id, [email]);
      await attachToOrganisations(trx, row.id, attachTo, ctx.caller.oid);
      await writeAudit(
        trx,
        auditEntry(ctx, 'PERSON_CREATE', [row.oid], { details: { source: 'official-without-hetu' } }),
      );
      return row;
    }),
  );
  return { oid: created.oid };
}

/** GET /henkilo/haku: persons by OID, hetu or name, in the caller's scope; the results are audited as read. */
export async function searchPersons(
  ctx: RequestContext,
  query: { q?: string; page?: string; count?: string },
): Promise<{ items: HenkiloSummary[]; page: number; count: number; total: number }> {
  const paging = pagingOf(query);
  const criteria = searchCriteria(query.q ?? '');
  const inScope = personInScopeSql(scopeOf(ctx.caller, SEARCH_ROLES), sql.ref('p.id'));
  const { rows, total } = await searchPersonRows(
    ctx.readDb,
    criteria,
    inScope,
    (paging.page - 1) * paging.count,
    paging.count,
  );
  const items = rows.map(summaryOf);
  if (items.length > 0)
    await writeAudit(
      ctx.db,
      personRead(
        ctx,
        items.map((i) => i.oid),
        { search: criteria.kind },
      ),
    );
  return { items, ...paging, total };
}
