/**
 * Duplicates (SPEC §10): candidates with explanations, linking under a master, unlinking, and
 * the do-not-link list. Decisions and their reasons: docs/DUPLICATES.md.
 */
import { sql } from 'kysely';
import { EVERYTHING, scopeOf } from '../access/index.ts';
import { type AuditEntry, auditEntry, type FieldChange, personRead, writeAudit } from '../audit/index.ts';
import type { RequestContext } from '../context.ts';
import type { Db } from '../db/index.ts';
import { isValidNameString, RULE_ROLES } from '../domain/index.ts';
import { Conflict, type FieldError, Invalid, NotFound } from '../errors.ts';
import { wakeIdentification } from '../identification/index.ts';
import { type HenkiloSummary, isIdentified, summaryOf as personSummary } from '../persons/index.ts';
import {
  type ActiveLink,
  activeLinks,
  addNotDuplicatePair,
  type Blocking,
  type CandidateRow,
  type ComparedRow,
  endLink,
  findCandidateRows,
  findComparedByOids,
  findOidsByIds,
  findSlavesOf,
  findSource,
  idsInScope,
  insertLink,
  notDuplicatePairs,
  notDuplicatesOf,
  type QueryKeys,
  queryKeys,
  removeNotDuplicatePair,
  type SourceRow,
  setLinkState,
} from './repository.ts';
import {
  type ComparedPerson,
  DEFAULT_DUPLICATE_THRESHOLDS,
  type DuplicateThresholds,
  type Evidence,
  exactBirthDates,
  isDate,
  type Score,
  scorePair,
  shiftDate,
  yearTypoDates,
} from './scoring.ts';

export interface Candidate {
  henkilo: HenkiloSummary;
  pisteet: number;
  perusteet: Evidence[];
  /** true: the person is not attached to the caller's organisations; only minimal data is shown. */
  rajattu: boolean;
}

export interface CandidateList {
  items: Candidate[];
}

/** Free criteria of the hetuless form's check (POST /duplikaatit/haku). */
export interface SearchCriteria {
  etunimet: string;
  sukunimi: string;
  syntymaaika?: string;
  sukupuoli?: '1' | '2';
  kansalaisuus?: string[];
}

export function comparedPerson(row: ComparedRow): ComparedPerson {
  const hetut = row.hetu ? [row.hetu, ...row.hetus.filter((h) => h !== row.hetu)] : row.hetus;
  return {
    etunimet: row.first_names,
    sukunimi: row.surname,
    entisetSukunimet: row.former_surnames,
    syntymaaika: row.birth_date,
    sukupuoli: row.sex,
    kansalaisuus: row.nationalities,
    hetut,
  };
}

/**
 * A candidate outside the caller's organisations is shown with what an official needs to
 * recognise a duplicate made by another school — OID, names, birth date, state — and no hetu.
 */
function summaryOf(row: CandidateRow): HenkiloSummary {
  // Candidates are never linked duplicates: no master, the learner number is their own once identified.
  const summary = personSummary({ ...row, master_oid: null, master_identified: null });
  return row.in_scope ? summary : { ...summary, hetu: null };
}

function blockingFor(person: ComparedPerson, keys: Blocking['keys'], t: DuplicateThresholds): Blocking {
  const date = person.syntymaaika && isDate(person.syntymaaika) ? person.syntymaaika : undefined;
  const year = date?.slice(0, 4);
  return {
    keys,
    exactDates: date ? exactBirthDates(date) : [],
    typoDates: date ? yearTypoDates(date) : [],
    window: date
      ? { from: shiftDate(date, -t.birthDateWindowDays), to: shiftDate(date, t.birthDateWindowDays) }
      : undefined,
    year: year ? { from: `${year}-01-01`, to: `${year}-12-31` } : undefined,
    hetus: [...(person.hetut ?? [])],
    blockingSimilarity: t.blockingSimilarity,
    windowSimilarity: t.blockingWindowSimilarity,
    limit: t.maxBlocked,
  };
}

/** Block in SQL, score in TypeScript, keep those at or above the threshold, best first. */
async function findCandidates(
  db: Db,
  person: ComparedPerson,
  keys: QueryKeys,
  scope: ReturnType<typeof scopeOf>,
  t: DuplicateThresholds,
  source?: ComparedRow,
): Promise<Candidate[]> {
  const rows = await findCandidateRows(db, blockingFor(person, keys, t), scope, source);
  return rows
    .map((row) => ({ row, score: scorePair(person, comparedPerson(row), t) }))
    .filter((c) => c.score.pisteet >= t.minScore)
    .sort((a, b) => b.score.pisteet - a.score.pisteet || b.row.sim - a.row.sim || a.row.id - b.row.id)
    .slice(0, t.maxCandidates)
    .map(({ row, score }) => ({
      henkilo: summaryOf(row),
      pisteet: score.pisteet,
      perusteet: score.perusteet,
      rajattu: !row.in_scope,
    }));
}

/** The person must be in the caller's scope for the role; out of scope looks like absent (API-OFFICIALS.md). */
async function requireInScope(
  ctx: RequestContext,
  person: ComparedRow | undefined,
  oid: string,
): Promise<ComparedRow> {
  if (person) {
    const scope = scopeOf(ctx.caller, 'DUPLIKAATTINAKYMA');
    const inScope = await idsInScope(ctx.db, scope, [
      person.id,
      ...(person.master_id ? [person.master_id] : []),
    ]);
    if (inScope.size > 0) return person;
  }
  throw new NotFound(`no person with OID ${oid} in your organisations`);
}

/** GET /henkilo/{oid}/duplikaatit: ranked candidates with evidence. Every returned OID's read is audited. */
export async function candidatesForPerson(
  ctx: RequestContext,
  oid: string,
  t: DuplicateThresholds = DEFAULT_DUPLICATE_THRESHOLDS,
): Promise<CandidateList> {
  const scope = scopeOf(ctx.caller, 'DUPLIKAATTINAKYMA');
  const person: SourceRow | undefined = await findSource(ctx.db, oid, scope);
  // Out of scope looks like absent (docs/API-OFFICIALS.md).
  if (!person?.in_scope) throw new NotFound(`no person with OID ${oid} in your organisations`);
  const items = await findCandidates(ctx.db, comparedPerson(person), person.keys, scope, t, person);
  await writeAudit(
    ctx.db,
    personRead(ctx, [person.oid, ...items.map((c) => c.henkilo.oid)], {
      purpose: 'DUPLICATE_CANDIDATES',
      source: person.oid,
      outOfScope: items.filter((c) => c.rajattu).map((c) => c.henkilo.oid),
    }),
  );
  return { items };
}

/** The person free search criteria describe. */
function criteriaPerson(criteria: SearchCriteria): ComparedPerson {
  return {
    etunimet: criteria.etunimet,
    sukunimi: criteria.sukunimi,
    syntymaaika: criteria.syntymaaika ?? null,
    sukupuoli: criteria.sukupuoli ?? null,
    kansalaisuus: criteria.kansalaisuus ?? [],
  };
}

export function validateCriteria(c: SearchCriteria): void {
  const errors: FieldError[] = [];
  for (const field of ['etunimet', 'sukunimi'] as const) {
    if (!isValidNameString(c[field])) {
      errors.push({ field, message: 'must be words separated by single spaces', rejectedValue: c[field] });
    }
  }
  if (c.syntymaaika !== undefined && !isDate(c.syntymaaika)) {
    errors.push({ field: 'syntymaaika', message: 'must be a date YYYY-MM-DD', rejectedValue: c.syntymaaika });
  }
  if (errors.length > 0) throw new Invalid(`invalid ${errors.map((e) => e.field).join(', ')}`, errors);
}

/**
 * POST /duplikaatit/haku: candidates for free criteria (the hetuless form checks before creating).
 * Scoped by the caller's DUPLIKAATTINAKYMA and YLEISTUNNISTE_LUONTI organisations: others'
 * persons come with minimal data, as for a person's candidates.
 */
export async function searchCandidates(
  ctx: RequestContext,
  criteria: SearchCriteria,
  t: DuplicateThresholds = DEFAULT_DUPLICATE_THRESHOLDS,
): Promise<CandidateList> {
  validateCriteria(criteria);
  const person = criteriaPerson(criteria);
  const scope = scopeOf(ctx.caller, RULE_ROLES.searchDuplicates);
  const keys = await queryKeys(ctx.db, person.sukunimi, person.etunimet);
  const items = await findCandidates(ctx.db, person, keys, scope, t);
  if (items.length > 0) {
    await writeAudit(
      ctx.db,
      personRead(
        ctx,
        items.map((c) => c.henkilo.oid),
        { purpose: 'DUPLICATE_SEARCH', outOfScope: items.filter((c) => c.rajattu).map((c) => c.henkilo.oid) },
      ),
    );
  }
  return { items };
}

/**
 * Would the person have duplicate candidates among everyone in the registry? Asked before a person
 * without a hetu is created identified (POST /henkilo, POST /oppija with `yksiloity`): with a
 * candidate, an official decides instead. Answers a yes or no only, so it reads nobody's data.
 */
export async function hasDuplicateCandidates(
  db: Db,
  criteria: SearchCriteria,
  t: DuplicateThresholds = DEFAULT_DUPLICATE_THRESHOLDS,
): Promise<boolean> {
  const person = criteriaPerson(criteria);
  const keys = await queryKeys(db, person.sukunimi, person.etunimet);
  return (await findCandidates(db, person, keys, EVERYTHING, t)).length > 0;
}

export interface LinkResult {
  master: string;
  oppijanumero: string | null;
  linkitetyt: string[];
}

const normaliseReason = (reason: string | undefined): string | null => {
  const trimmed = reason?.trim();
  return trimmed ? trimmed : null;
};

function linkChanges(
  before: Pick<ComparedRow, 'duplicate' | 'passivated'> & { masterOid: string | null },
  after: { duplicate: boolean; passivated: boolean; masterOid: string | null },
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  if (before.masterOid !== after.masterOid)
    changes.master = { before: before.masterOid, after: after.masterOid };
  if (before.duplicate !== after.duplicate)
    changes.duplicate = { before: before.duplicate, after: after.duplicate };
  if (before.passivated !== after.passivated)
    changes.passivoitu = { before: before.passivated, after: after.passivated };
  return changes;
}

/** What a link decides from, read in its transaction (the rows locked). */
export interface LinkFacts {
  oid: string;
  /** The slaves named, without repeats. */
  wanted: readonly string[];
  /** The persons named: {oid} and the slaves. */
  requested: readonly ComparedRow[];
  /** Which of the persons named are in the caller's DUPLIKAATTINAKYMA scope. */
  inScope: ReadonlySet<number>;
  /** The slaves the persons named already have. */
  existingSlaves: readonly ComparedRow[];
  /** The OIDs of the named persons' masters (person id → OID). */
  masterOids: ReadonlyMap<number, string>;
  /** The do-not-link pairs within the group, with their persons' OIDs. */
  forbidden: readonly [number, number][];
  forbiddenOids: ReadonlyMap<number, string>;
  /** The active links of the group's slaves, by slave id. */
  links: ReadonlyMap<number, ActiveLink>;
}

/** One change of a link plan: the master freed from its own master, or a person linked under it. */
export type LinkStep =
  | { kind: 'free'; person: ComparedRow; link: ActiveLink | undefined; passivated: boolean }
  | {
      kind: 'link';
      person: ComparedRow;
      previous: ActiveLink | undefined;
      movedFrom: number | null;
      score: Score;
      passivatedBefore: boolean;
    };

export interface LinkPlan {
  master: ComparedRow;
  /** Person id → OID over the whole group. */
  oidOf: ReadonlyMap<number, string>;
  steps: LinkStep[];
}

/**
 * Decides a link from what was read: who becomes the master and what changes for whom; throws
 * NotFound or Conflict (the rules of linkPersons). Pure: no database.
 */
export function planLink(facts: LinkFacts, t: DuplicateThresholds): LinkPlan {
  const { oid, requested, inScope } = facts;
  const byOid = new Map(requested.map((p) => [p.oid, p]));
  const anchor = byOid.get(oid);
  if (!anchor || !inScope.has(anchor.id))
    throw new NotFound(`no person with OID ${oid} in your organisations`);
  const anchorFacts = comparedPerson(anchor);
  const evidence = new Map<number, Score>();
  for (const slaveOid of facts.wanted) {
    const slave = byOid.get(slaveOid);
    if (!slave) throw new NotFound(`no person with OID ${slaveOid}`);
    const score = scorePair(anchorFacts, comparedPerson(slave), t);
    evidence.set(slave.id, score);
    // Another school's person is reachable only as a candidate of one's own.
    if (!inScope.has(slave.id) && score.pisteet < t.minScore) {
      throw new NotFound(
        `no person with OID ${slaveOid} in your organisations or among ${oid}'s duplicate candidates`,
      );
    }
  }
  for (const p of requested) {
    if (p.master_id !== null) {
      throw new Conflict(
        `${p.oid} is already linked under ${facts.masterOids.get(p.master_id)}; unlink it first`,
      );
    }
  }

  // The group: the named persons and the slaves they already have.
  const group = [...requested, ...facts.existingSlaves];
  const identified = group.filter(isIdentified);
  if (identified.length > 1) {
    throw new Conflict(
      `a link group may have only one identified person; ${identified.map((p) => p.oid).join(' and ')} are both identified`,
    );
  }
  const master = identified[0] ?? anchor;
  if (master.passivated && master.master_id === null) {
    throw new Conflict(`${master.oid} is passivated and cannot be the master; reactivate it first`);
  }
  if (facts.forbidden.length > 0) {
    const [a, b] = facts.forbidden[0]!;
    throw new Conflict(
      `${facts.forbiddenOids.get(a)} and ${facts.forbiddenOids.get(b)} are on the do-not-link list`,
    );
  }

  const steps: LinkStep[] = [];
  // An identified person that is somebody's slave (identified after it was linked) is freed first.
  if (master.master_id !== null) {
    const link = facts.links.get(master.id);
    steps.push({ kind: 'free', person: master, link, passivated: link?.passivated_before ?? false });
  }
  for (const person of group) {
    if (person.id === master.id || person.master_id === master.id) continue; // the master, or already its slave
    const previous = facts.links.get(person.id);
    steps.push({
      kind: 'link',
      person,
      previous,
      movedFrom: person.master_id,
      score: evidence.get(person.id) ?? scorePair(comparedPerson(master), comparedPerson(person), t),
      passivatedBefore:
        previous?.passivated_before ?? (person.master_id === null ? person.passivated : false),
    });
  }
  return { master, oidOf: new Map(group.map((p) => [p.id, p.oid])), steps };
}

/**
 * POST /henkilo/{oid}/linkita: links the slaves and the person under one master (SPEC §10).
 * - The person {oid} must be in the caller's scope; each slave must be too, or be a duplicate
 *   candidate of it (score at or above the threshold): the candidates list is how officials find
 *   another school's duplicate, and nothing else lets them reach another school's person.
 * - A group has at most one identified person, and it becomes the master; with none, {oid} does.
 * - Slaves become duplicate and passivated; a slave's own slaves move to the master (two levels).
 * - Nobody already linked under another master, no pair on the do-not-link list.
 * Reads the facts, decides with planLink, and writes the plan.
 */
export async function linkPersons(
  ctx: RequestContext,
  oid: string,
  slaveOids: string[],
  reason?: string,
  t: DuplicateThresholds = DEFAULT_DUPLICATE_THRESHOLDS,
): Promise<LinkResult> {
  const wanted = [...new Set(slaveOids)];
  if (wanted.length === 0) throw Invalid.field('slaves', 'name at least one person to link', slaveOids);
  if (wanted.includes(oid)) throw Invalid.field('slaves', 'a person cannot be linked to itself', slaveOids);
  const why = normaliseReason(reason);

  return ctx.db.transaction().execute(async (trx) => {
    const plan = planLink(await readLinkFacts(ctx, trx, oid, wanted), t);
    await writeAudit(trx, await executeLinkPlan(ctx, trx, plan, why, oid));
    const slaves = await findSlavesOf(trx, [plan.master.id]);
    return {
      master: plan.master.oid,
      oppijanumero: isIdentified(plan.master) ? plan.master.oid : null,
      linkitetyt: slaves.map((s) => s.oid),
    };
  });
}

async function readLinkFacts(
  ctx: RequestContext,
  trx: Db,
  oid: string,
  wanted: string[],
): Promise<LinkFacts> {
  const requested = await findComparedByOids(trx, [oid, ...wanted], true);
  const ids = requested.map((p) => p.id);
  const inScope = await idsInScope(trx, scopeOf(ctx.caller, 'DUPLIKAATTINAKYMA'), ids);
  const masterIds = requested.flatMap((p) => (p.master_id === null ? [] : [p.master_id]));
  const masterOids = await findOidsByIds(trx, masterIds);
  const existingSlaves = await findSlavesOf(trx, ids, true);
  const groupIds = [...ids, ...existingSlaves.map((p) => p.id)];
  const forbidden = await notDuplicatePairs(trx, groupIds);
  const forbiddenOids = await findOidsByIds(trx, forbidden.flat());
  const links = await activeLinks(trx, groupIds);
  return { oid, wanted, requested, inScope, existingSlaves, masterOids, forbidden, forbiddenOids, links };
}

/** Writes a link plan; returns its audit records. */
async function executeLinkPlan(
  ctx: RequestContext,
  trx: Db,
  { master, oidOf, steps }: LinkPlan,
  why: string | null,
  oid: string,
): Promise<AuditEntry[]> {
  const by = ctx.caller.oid;
  const audits: AuditEntry[] = [];
  for (const step of steps) {
    const { person } = step;
    const masterOid = person.master_id === null ? null : (oidOf.get(person.master_id) ?? null);
    if (step.kind === 'free') {
      if (step.link) await endLink(trx, step.link.id, by, 'MOVED', why);
      await setLinkState(
        trx,
        person.id,
        { masterId: null, duplicate: false, passivated: step.passivated },
        by,
      );
      const changes = linkChanges(
        { ...person, masterOid },
        { duplicate: false, passivated: step.passivated, masterOid: null },
      );
      audits.push(
        auditEntry(ctx, 'PERSON_UNLINK', [person.oid, masterOid ?? ''], {
          changes,
          details: { reason: why, becomesMasterOf: oid },
        }),
      );
      continue;
    }
    const movedFrom = step.movedFrom === null ? undefined : oidOf.get(step.movedFrom);
    if (step.previous) await endLink(trx, step.previous.id, by, 'MOVED', why);
    const linkId = await insertLink(trx, {
      masterId: master.id,
      slaveId: person.id,
      by: { oid: by, name: ctx.caller.name },
      reason: why,
      evidence: step.movedFrom !== null ? { siirrettyMasterilta: movedFrom, ...step.score } : step.score,
      passivatedBefore: step.passivatedBefore,
      movedFrom: step.previous?.id ?? null,
    });
    await setLinkState(trx, person.id, { masterId: master.id, duplicate: true, passivated: true }, by);
    const changes = linkChanges(
      { ...person, masterOid },
      { duplicate: true, passivated: true, masterOid: master.oid },
    );
    const { pisteet, perusteet } = step.score;
    audits.push(
      auditEntry(ctx, 'PERSON_LINK', [person.oid, master.oid], {
        changes,
        details: {
          linkId,
          master: master.oid,
          reason: why,
          evidence: { pisteet, perusteet },
          ...(step.movedFrom !== null ? { movedFrom } : {}),
        },
      }),
    );
  }
  return audits;
}

/**
 * POST /henkilo/{oid}/pura-linkitys: frees a slave from its master and restores it: not a
 * duplicate, passivated only if it was before it was linked. The slave or its master must be in
 * the caller's scope.
 */
export async function unlinkPerson(
  ctx: RequestContext,
  oid: string,
  reason?: string,
): Promise<{ oid: string; entinenMaster: string; passivoitu: boolean }> {
  const why = normaliseReason(reason);
  let requeued = false;
  const answer = await ctx.db.transaction().execute(async (trx) => {
    const [found] = await findComparedByOids(trx, [oid], true);
    const person = await requireInScope({ ...ctx, db: trx }, found, oid);
    if (person.master_id === null) throw new Conflict(`${oid} is not linked to a master`);
    const link = (await activeLinks(trx, [person.id])).get(person.id);
    // Links made before provenance was kept (or by hand) restore to active.
    const passivated = link?.passivated_before ?? false;
    if (link) await endLink(trx, link.id, ctx.caller.oid, 'UNLINKED', why);
    await setLinkState(trx, person.id, { masterId: null, duplicate: false, passivated }, ctx.caller.oid);
    // The identification worker skips linked persons; one that stands alone again gets its turn.
    requeued =
      person.hetu !== null && !person.identified_vtj && !person.identification_attempted && !passivated;
    if (requeued) {
      await trx
        .updateTable('persons')
        .set({ identification_due_at: sql<Date>`now()` })
        .where('id', '=', person.id)
        .execute();
    }
    const masterOid = (await findOidsByIds(trx, [person.master_id])).get(person.master_id) ?? null;
    await writeAudit(
      trx,
      auditEntry(ctx, 'PERSON_UNLINK', [person.oid, ...(masterOid ? [masterOid] : [])], {
        changes: linkChanges({ ...person, masterOid }, { duplicate: false, passivated, masterOid: null }),
        details: { reason: why, ...(link ? { linkId: link.id } : {}) },
      }),
    );
    return { oid: person.oid, entinenMaster: masterOid ?? '', passivoitu: passivated };
  });
  if (requeued) await wakeIdentification(ctx.db).catch(() => {});
  return answer;
}

/** The person `oid` (in the caller's scope, else 404) and the other of a pair, if it exists. */
async function pairOf(ctx: RequestContext, oid: string, otherOid: string) {
  const rows = await findComparedByOids(ctx.db, [oid, otherOid]);
  const person = await requireInScope(
    ctx,
    rows.find((p) => p.oid === oid),
    oid,
  );
  return { person, other: rows.find((p) => p.oid === otherOid) };
}

/**
 * POST /henkilo/{oid}/ei-duplikaatti: the two are different persons. The pair is never again a
 * candidate pair and cannot be linked. Idempotent.
 */
export async function markNotDuplicates(
  ctx: RequestContext,
  oid: string,
  otherOid: string,
  reason?: string,
): Promise<void> {
  if (oid === otherOid) throw Invalid.field('oid', 'a person is not a duplicate of itself', otherOid);
  const why = normaliseReason(reason);
  await ctx.db.transaction().execute(async (trx) => {
    const { person, other } = await pairOf({ ...ctx, db: trx }, oid, otherOid);
    if (!other) throw new NotFound(`no person with OID ${otherOid}`);
    const groupOf = (p: ComparedRow) => p.master_id ?? p.id;
    if (groupOf(person) === groupOf(other)) {
      throw new Conflict(`${oid} and ${otherOid} are linked to each other; unlink them first`);
    }
    const added = await addNotDuplicatePair(
      trx,
      person.id,
      other.id,
      { oid: ctx.caller.oid, name: ctx.caller.name },
      why,
    );
    if (added) {
      await writeAudit(
        trx,
        auditEntry(ctx, 'PERSON_NOT_DUPLICATE', [person.oid, other.oid], { details: { reason: why } }),
      );
    }
  });
}

/**
 * GET /henkilo/{oid}/ei-duplikaatit: the person's pairs on the do-not-link list, so that an
 * official can see who put them there and why, and take a mistaken one off. Audited as a read of
 * the OIDs it names.
 */
export async function listNotDuplicates(ctx: RequestContext, oid: string) {
  const [row] = await findComparedByOids(ctx.db, [oid]);
  const person = await requireInScope(ctx, row, oid);
  const entries = await notDuplicatesOf(ctx.db, person.id);
  await writeAudit(ctx.db, personRead(ctx, [person.oid, ...entries.map((e) => e.other_oid)]));
  return {
    items: entries.map((e) => ({
      oid: e.other_oid,
      lisatty: e.created_at.toISOString(),
      lisaaja: e.created_by,
      lisaajaNimi: e.created_by_name,
      syy: e.reason,
    })),
  };
}

/**
 * DELETE /henkilo/{oid}/ei-duplikaatti/{otherOid}: the pair was put on the list by mistake; it may
 * be a candidate pair again and be linked. 404 when the pair is not on the list.
 */
export async function removeNotDuplicates(ctx: RequestContext, oid: string, otherOid: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const { person, other } = await pairOf({ ...ctx, db: trx }, oid, otherOid);
    if (!other || !(await removeNotDuplicatePair(trx, person.id, other.id))) {
      throw new NotFound(`${oid} and ${otherOid} are not on the do-not-link list`);
    }
    await writeAudit(trx, auditEntry(ctx, 'PERSON_NOT_DUPLICATE_REMOVE', [person.oid, other.oid]));
  });
}
