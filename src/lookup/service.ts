import { organisationsWithRole } from '../access/index.ts';
import { type AuditEntry, auditEntry, personRead, recordTestData, writeAudit } from '../audit/index.ts';
import type { RequestContext } from '../context.ts';
import type { Db, PersonRow } from '../db/index.ts';
import {
  isValidKutsumanimi,
  isValidNameString,
  looksLikeTestName,
  namesMatch,
  parseHetu,
} from '../domain/index.ts';
import { Conflict, type FieldError, Invalid, NotFound, ServiceUnavailable } from '../errors.ts';
import { type PopulationRecord, PopulationRegisterUnavailableError } from '../identification/index.ts';
import {
  attachAndAudit,
  findLinkGroup,
  findPersonByHetu,
  findPersonById,
  findPersonByOid,
  insertPersonIfAbsent,
  oppijanumeroOf,
  withFreshOid,
} from '../persons/index.ts';

/** The body of hae, exists and create: who the caller says the person is. */
export interface LookupInput {
  hetu: string;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
}

export interface LearnerNumber {
  oid: string;
  oppijanumero: string | null;
}

/** SPEC §5 input rules; every broken field is named at once. */
export function validateLookupInput(input: LookupInput): void {
  const errors: FieldError[] = [];
  const hetu = parseHetu(input.hetu);
  if (!hetu.ok) errors.push({ field: 'hetu', message: hetu.message, rejectedValue: input.hetu });
  for (const field of ['etunimet', 'sukunimi'] as const) {
    if (!isValidNameString(input[field])) {
      errors.push({
        field,
        message:
          'must be words of visible characters separated by single spaces, without leading or trailing space',
        rejectedValue: input[field],
      });
    }
  }
  if (!isValidKutsumanimi(input.kutsumanimi, input.etunimet)) {
    errors.push({
      field: 'kutsumanimi',
      message: 'must be one of the first names, or a hyphen part of one',
      rejectedValue: input.kutsumanimi,
    });
  }
  if (errors.length > 0) throw new Invalid(`invalid ${errors.map((e) => e.field).join(', ')}`, errors);
}

/**
 * Production accepts no test persons: a test hetu is refused, names that look like test data pass
 * but are reported. Either way the registry keeper sees it on the test-data report.
 */
async function screenTestData(ctx: RequestContext, input: LookupInput): Promise<void> {
  if (ctx.config.environment !== 'production') return;
  const hetu = parseHetu(input.hetu);
  const names = `${input.etunimet} ${input.sukunimi}`;
  if (hetu.ok && hetu.value.test) {
    await recordTestData(ctx.db, [
      { reason: 'TEST_HETU', actor: ctx.actor, endpoint: ctx.endpoint, hetu: input.hetu, names },
    ]);
    throw Invalid.field(
      'hetu',
      'test hetus (individual number 900–999) are not accepted in production',
      input.hetu,
    );
  }
  if (looksLikeTestName(input)) {
    await recordTestData(ctx.db, [
      { reason: 'TEST_NAME', actor: ctx.actor, endpoint: ctx.endpoint, hetu: input.hetu, names },
    ]);
  }
}

type Resolution =
  | { kind: 'registry'; person: PersonRow }
  | { kind: 'population-register'; record: PopulationRecord };

const NAMES_DIFFER_REGISTRY = 'the names do not match the person registered with this hetu';
const NAMES_DIFFER_REGISTER = 'the names do not match the population register';

/** Steps 1–2 of find-or-create (SPEC §7), without creating anything. */
async function resolve(ctx: RequestContext, input: LookupInput): Promise<Resolution> {
  let hetu = input.hetu;
  for (let attempt = 0; attempt < 2; attempt++) {
    const person = await ctx.personLoader.byHetu(hetu);
    if (person) {
      const known = {
        etunimet: person.first_names,
        sukunimi: person.surname,
        formerSurnames: person.former_surnames,
      };
      if (!namesMatch(input, known, ctx.nameThresholds)) throw new Conflict(NAMES_DIFFER_REGISTRY);
      return { kind: 'registry', person };
    }
    const found = await lookupPopulationRegister(ctx, hetu);
    if (found.kind === 'not_found') throw new NotFound('no person with this hetu in the population register');
    if (found.kind === 'passivated') {
      // The register knows the person's current hetu: try once more with it.
      if (attempt === 0 && found.activeHetu) {
        hetu = found.activeHetu;
        continue;
      }
      throw new Conflict('the hetu is passivated in the population register');
    }
    const record = found.person;
    const known = {
      etunimet: record.etunimet,
      sukunimi: record.sukunimi,
      formerSurnames: record.formerSurnames,
    };
    if (!namesMatch(input, known, ctx.nameThresholds)) throw new Conflict(NAMES_DIFFER_REGISTER);
    return { kind: 'population-register', record };
  }
  throw new Conflict('the hetu is passivated in the population register');
}

async function lookupPopulationRegister(ctx: RequestContext, hetu: string) {
  try {
    // The caller waits for this answer: a register that does not answer in time is a 503 now, not
    // after every retry (the worker, with no one waiting, retries at leisure).
    return await ctx.populationRegister.lookup(hetu, { deadlineMs: ctx.config.registerLookupDeadlineMs });
  } catch (error) {
    if (error instanceof PopulationRegisterUnavailableError) {
      throw new ServiceUnavailable('the population register is not available; try again later');
    }
    throw error;
  }
}

function callerOrganisations(ctx: RequestContext): string[] {
  return organisationsWithRole(ctx.caller, 'YLEISTUNNISTE_LUONTI');
}

function readEntry(ctx: RequestContext, person: PersonRow): AuditEntry {
  return personRead(ctx, [person.oid]);
}

function recordRead(ctx: RequestContext, person: PersonRow): Promise<void> {
  return ctx.readRecorder.record({
    personId: person.id,
    organisationOids: callerOrganisations(ctx),
    attachedBy: ctx.caller.oid,
    audit: readEntry(ctx, person),
  });
}

async function learnerNumberOf(db: Db, person: PersonRow): Promise<LearnerNumber> {
  const master = person.master_id === null ? undefined : await findPersonById(db, person.master_id);
  return { oid: person.oid, oppijanumero: oppijanumeroOf(person, master) };
}

/** A person found in the registry: attach the caller's organisations, audit the read. */
async function answerFound(ctx: RequestContext, person: PersonRow): Promise<LearnerNumber> {
  await recordRead(ctx, person);
  return learnerNumberOf(ctx.db, person);
}

/**
 * Creates the person from the register's data, identified at once. Concurrent calls for the same
 * new hetu meet at the unique index: one inserts, the others find its row.
 */
async function createIdentified(
  ctx: RequestContext,
  input: LookupInput,
  record: PopulationRecord,
): Promise<{ created: boolean; person: PersonRow }> {
  // Neither inserted nor found by hetu (undefined): the random OID collided; withFreshOid draws another.
  const outcome = await withFreshOid(ctx.personOidNode, (oid) =>
    ctx.db.transaction().execute(async (trx) => {
      const row = await insertPersonIfAbsent(trx, {
        oid,
        hetu: record.hetu,
        first_names: record.etunimet,
        nickname: record.kutsumanimi ?? input.kutsumanimi,
        surname: record.sukunimi,
        former_surnames: record.formerSurnames,
        birth_date: record.syntymaaika,
        sex: record.sukupuoli,
        mother_tongue: record.aidinkieli ?? null,
        nationalities: record.kansalaisuudet,
        home_municipality: record.kotikunta ?? null,
        protection_order: record.turvakielto,
        death_date: record.kuolinpaiva ?? null,
        identified_vtj: true,
        identification_attempted: true,
        created_by: ctx.caller.oid,
        modified_by: ctx.caller.oid,
      });
      if (row) {
        await attachAndAudit(
          trx,
          row.id,
          callerOrganisations(ctx),
          ctx.caller.oid,
          auditEntry(ctx, 'PERSON_CREATE', [row.oid], { details: { source: 'population-register' } }),
        );
        return { created: true as const, person: row };
      }
      const existing = await findPersonByHetu(trx, record.hetu);
      return existing ? { created: false as const, person: existing } : undefined;
    }),
  );
  if (outcome.created) return outcome;
  // Another request created the person meanwhile: answer as for a found person.
  const p = outcome.person;
  const known = { etunimet: p.first_names, sukunimi: p.surname, formerSurnames: p.former_surnames };
  if (!namesMatch(input, known, ctx.nameThresholds)) throw new Conflict(NAMES_DIFFER_REGISTRY);
  await recordRead(ctx, p);
  return outcome;
}

/** POST /yleistunniste/hae: find, or create from the population register. */
export async function findOrCreate(ctx: RequestContext, input: LookupInput): Promise<LearnerNumber> {
  validateLookupInput(input);
  await screenTestData(ctx, input);
  const resolution = await resolve(ctx, input);
  if (resolution.kind === 'registry') return answerFound(ctx, resolution.person);
  const { person } = await createIdentified(ctx, input, resolution.record);
  return learnerNumberOf(ctx.db, person);
}

/** POST /henkilo/exists: like hae but never creates. */
export async function checkExists(
  ctx: RequestContext,
  input: LookupInput,
): Promise<{ in: 'registry'; oid: string } | { in: 'population-register' }> {
  validateLookupInput(input);
  await screenTestData(ctx, input);
  const resolution = await resolve(ctx, input);
  if (resolution.kind === 'population-register') return { in: 'population-register' };
  await answerFound(ctx, resolution.person);
  return { in: 'registry', oid: resolution.person.oid };
}

export interface OidDescription {
  oid: string;
  oppijanumero: string | null;
  passivoitu: boolean;
  linked: string[];
}

/**
 * GET /yleistunniste/hae/{oid}: is this OID a learner number, and which OIDs are linked to it.
 * Any caller with YLEISTUNNISTE_LUONTI may ask, as in the reference (SPEC §7a): the point is to check
 * an OID a learner brings from elsewhere, and the answer holds no personal data beyond OIDs and
 * the passivation flag. The read is audited, so who asked about whom stays on record.
 */
export async function describeOid(ctx: RequestContext, oid: string): Promise<OidDescription> {
  const person = await findPersonByOid(ctx.db, oid);
  if (!person) throw new NotFound(`no person with OID ${oid}`);
  const group = await findLinkGroup(ctx.db, person);
  const master = person.master_id === null ? undefined : group.find((p) => p.id === person.master_id);
  const linked = group.filter((p) => p.id !== person.id).map((p) => p.oid);
  await writeAudit(ctx.db, {
    ...readEntry(ctx, person),
    targetOids: [person.oid, ...linked],
  });
  return {
    oid: person.oid,
    oppijanumero: oppijanumeroOf(person, master),
    passivoitu: person.passivated,
    linked,
  };
}
