// Creating a person with the reference's DTOs (SPEC §7a): POST /oppija (OppijaCreateDto, an importing
// system's single person, usually without a hetu) and POST /henkilo (HenkiloCreateDto, hetu optional).
// Both answer the new OID as a bare string, as the reference does.

import { organisationsWithRole, type Role } from '../access/index.ts';
import { auditEntry, recordTestData, writeAudit } from '../audit/index.ts';
import { isValidCode } from '../codes/index.ts';
import type { RequestContext } from '../context.ts';
import type { NewPerson, PersonRow } from '../db/index.ts';
import {
  type HetuInfo,
  isValidCreatedKutsumanimi,
  isValidIsoDate,
  isValidNameString,
  looksLikeTestName,
  namesMatch,
  parseHetu,
  ROOT_ORGANISATION_OID,
} from '../domain/index.ts';
import { hasDuplicateCandidates } from '../duplicates/index.ts';
import { type FieldError, Invalid } from '../errors.ts';
import {
  type PopulationRecord,
  PopulationRegisterUnavailableError,
  wakeIdentification,
} from '../identification/index.ts';
import {
  attachToOrganisations,
  hetuInUse,
  insertPersonIfAbsent,
  replacePassports,
  withFreshOid,
} from '../persons/index.ts';

/** What both DTOs carry, as the wire has it (nulls where the caller sent null or nothing). */
export interface CreateRequest {
  hetu?: string | null;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika?: string | null;
  sukupuoli?: string | null;
  aidinkieli?: { kieliKoodi: string } | null;
  asiointiKieli?: { kieliKoodi: string } | null;
  kansalaisuus?: { kansalaisuusKoodi: string }[] | null;
  kotikunta?: string | null;
  turvakielto?: boolean | null;
  yksiloity?: boolean | null;
  passinumerot?: (string | null)[] | null;
  yhteystiedotRyhma?:
    | { yhteystieto?: { yhteystietoTyyppi: string; yhteystietoArvo?: string | null }[] | null }[]
    | null;
}

/** A person ready to be created: the request checked and normalised. */
interface Checked {
  hetu: HetuInfo | null;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string | null;
  sukupuoli: '1' | '2' | null;
  aidinkieli: string | null;
  asiointikieli: string | null;
  kansalaisuus: string[];
  kotikunta: string | null;
  turvakielto: boolean;
  yksiloity: boolean;
  passinumerot: string[];
}

// The reference takes any non-empty name here (@NotEmpty); onr stores names it can match: white
// space is tidied (trimmed, runs made one space), and what is left must be words of visible characters.
const tidy = (name: string) => name.trim().replace(/\s+/g, ' ');
const WORDS = 'must be words of visible characters separated by single spaces';
const PASSPORT = /^[\p{L}\p{N}-]{1,64}$/u;
// Deliberately loose: a contact address is checked for shape only.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CONTACT_LANGUAGES = ['fi', 'sv', 'en'];

/** Every rule of the reference's bean validation and HenkiloCreatePostValidator; all errors at once. */
function check(input: CreateRequest, production: boolean): Checked {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string, rejectedValue?: unknown, code?: string) =>
    errors.push({ field, message, rejectedValue, ...(code ? { code } : {}) });

  const etunimet = tidy(input.etunimet);
  const sukunimi = tidy(input.sukunimi);
  const kutsumanimi = tidy(input.kutsumanimi);
  for (const [field, value, raw] of [
    ['etunimet', etunimet, input.etunimet],
    ['sukunimi', sukunimi, input.sukunimi],
    ['kutsumanimi', kutsumanimi, input.kutsumanimi],
  ] as const) {
    if (value === '') fail(field, 'must not be empty', raw);
    else if (!isValidNameString(value)) fail(field, WORDS, raw);
  }
  if (etunimet !== '' && kutsumanimi !== '' && !isValidCreatedKutsumanimi(kutsumanimi, etunimet)) {
    fail(
      'kutsumanimi',
      'must be one of the first names, consecutive first names, or a hyphen part of one',
      input.kutsumanimi,
      'kutsumanimi.must.exist.in.etunimet',
    );
  }

  // An empty hetu is no hetu, as in the reference.
  let hetu: HetuInfo | null = null;
  if (input.hetu) {
    const parsed = parseHetu(input.hetu);
    if (!parsed.ok) fail('hetu', parsed.message, input.hetu);
    else if (production && parsed.value.test) {
      fail('hetu', 'test hetus (individual number 900–999) are not accepted in production', input.hetu);
    } else hetu = parsed.value;
  }
  const yksiloity = input.yksiloity === true;
  if (yksiloity && input.hetu) {
    fail(
      'yksiloity',
      'a person with a hetu is identified against the population register',
      true,
      'yksiloity.and.hetu.not.allowed',
    );
  }

  // A valid hetu decides the birth date and sex (SPEC §3), as the reference derives them from it.
  let syntymaaika = input.syntymaaika ?? null;
  if (syntymaaika !== null && !isValidIsoDate(syntymaaika)) {
    fail('syntymaaika', 'must be an existing date, YYYY-MM-DD', syntymaaika);
  }
  let sukupuoli = input.sukupuoli ?? null;
  if (sukupuoli !== null && !isValidCode('sukupuoli', sukupuoli)) {
    fail(
      'sukupuoli',
      'must be a code of the sukupuoli list ("1" male, "2" female)',
      sukupuoli,
      'invalid.sukupuoli',
    );
  }
  if (hetu) {
    syntymaaika = hetu.birthDate;
    sukupuoli = hetu.sex;
  }

  const kotikunta = input.kotikunta ? input.kotikunta.trim() : null;
  if (kotikunta !== null && !isValidCode('kunta', kotikunta)) {
    fail(
      'kotikunta',
      'must be a code of the kunta list (Statistics Finland)',
      input.kotikunta,
      'invalid.kotikunta',
    );
  }
  // Language codes in any case; stored in lower case, as the reference stores them.
  const language = (field: string, value: { kieliKoodi: string } | null | undefined, allowed?: string[]) => {
    if (!value) return null;
    const code = value.kieliKoodi.trim().toLowerCase();
    if (allowed ? !allowed.includes(code) : !isValidCode('kieli', code)) {
      fail(
        `${field}.kieliKoodi`,
        allowed ? `must be one of ${allowed.join(', ')}` : 'must be a code of the kieli list (ISO 639-1)',
        value.kieliKoodi,
        `invalid.${field}`,
      );
    }
    return code;
  };
  const aidinkieli = language('aidinkieli', input.aidinkieli);
  const asiointikieli = language('asiointiKieli', input.asiointiKieli, CONTACT_LANGUAGES);

  const kansalaisuus = [...new Set((input.kansalaisuus ?? []).map((k) => k.kansalaisuusKoodi.trim()))];
  const unknown = kansalaisuus.filter((c) => !isValidCode('maatjavaltiot2', c));
  if (unknown.length > 0) {
    fail(
      'kansalaisuus',
      `unknown codes of the maatjavaltiot2 list: ${unknown.join(', ')}`,
      unknown,
      'invalid.kansalaisuusKoodi',
    );
  }

  // Blank passport numbers are dropped, as the reference drops them.
  const passinumerot = [
    ...new Set(
      (input.passinumerot ?? [])
        .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
        .map((p) => p.replace(/\s+/g, '').toUpperCase()),
    ),
  ];
  if (passinumerot.some((p) => !PASSPORT.test(p))) {
    fail('passinumerot', 'must be letters, digits and hyphens (at most 64)', input.passinumerot);
  }

  // Contact details are checked as the reference checks them (an e-mail address must be one), but
  // onr keeps no contact details (docs/COMPATIBILITY.md).
  (input.yhteystiedotRyhma ?? []).forEach((group, g) => {
    (group.yhteystieto ?? []).forEach((item, i) => {
      const value = item.yhteystietoArvo;
      if (item.yhteystietoTyyppi === 'YHTEYSTIETO_SAHKOPOSTI' && value && !EMAIL.test(value)) {
        fail(`yhteystiedotRyhma[${g}].yhteystieto[${i}].yhteystietoArvo`, 'must be an e-mail address', value);
      }
    });
  });

  if (errors.length > 0) {
    throw new Invalid(`invalid ${[...new Set(errors.map((e) => e.field))].join(', ')}`, errors);
  }
  return {
    hetu,
    etunimet,
    kutsumanimi,
    sukunimi,
    syntymaaika,
    sukupuoli: sukupuoli as '1' | '2' | null,
    aidinkieli,
    asiointikieli,
    kansalaisuus,
    kotikunta,
    turvakielto: input.turvakielto === true,
    yksiloity,
    passinumerot,
  };
}

/** Production: a test hetu is refused (and reported); names that look like test data are reported. */
async function screenTestData(ctx: RequestContext, input: CreateRequest): Promise<void> {
  if (ctx.config.environment !== 'production') return;
  const names = `${input.etunimet} ${input.sukunimi}`;
  const parsed = input.hetu ? parseHetu(input.hetu) : undefined;
  if (parsed?.ok && parsed.value.test) {
    await recordTestData(ctx.db, [
      { reason: 'TEST_HETU', actor: ctx.actor, endpoint: ctx.endpoint, hetu: input.hetu ?? null, names },
    ]);
  } else if (looksLikeTestName(input)) {
    await recordTestData(ctx.db, [
      { reason: 'TEST_NAME', actor: ctx.actor, endpoint: ctx.endpoint, hetu: input.hetu ?? null, names },
    ]);
  }
}

/** The register's record when it knows the hetu under these names; otherwise the worker tries later. */
async function registerRecord(ctx: RequestContext, person: Checked): Promise<PopulationRecord | undefined> {
  if (!person.hetu) return undefined;
  try {
    const found = await ctx.populationRegister.lookup(person.hetu.hetu, {
      deadlineMs: ctx.config.registerLookupDeadlineMs,
    });
    if (found.kind !== 'found') return undefined;
    const known = {
      etunimet: found.person.etunimet,
      sukunimi: found.person.sukunimi,
      formerSurnames: found.person.formerSurnames,
    };
    return namesMatch(person, known, ctx.nameThresholds) ? found.person : undefined;
  } catch (error) {
    // Unavailable now: the person is created all the same and the worker asks again (SPEC §9).
    if (error instanceof PopulationRegisterUnavailableError) return undefined;
    throw error;
  }
}

const HETU_TAKEN = 'a person with this hetu (current or former) is already registered';
const hetuTaken = (hetu: string) =>
  new Invalid(`hetu: ${HETU_TAKEN}`, [
    { field: 'hetu', message: HETU_TAKEN, rejectedValue: hetu, code: 'socialsecuritynr.already.exists' },
  ]);

export interface CreateOptions {
  /** The caller's organisations with these roles get the person (the root for the registry keeper). */
  attachRoles: Role[];
  /** Recorded in the audit record's details. */
  source: string;
  /** Without a hetu, is the person identified at once? (Only when no duplicate candidate exists.) */
  identifyWithoutHetu: (person: Checked) => boolean;
}

/**
 * Creates one person from a reference DTO and returns its OID. With a hetu the population register
 * knows under these names, the person is identified at once from the register's data (as `hae`
 * creates); otherwise it is created unidentified and, with a hetu, queued for the identification
 * worker. A hetu that is anyone's current or former hetu is refused (400), as in the reference.
 * Audited (who created the person) and attached to the caller's organisations.
 */
export async function createFromDto(
  ctx: RequestContext,
  input: CreateRequest,
  options: CreateOptions,
): Promise<string> {
  await screenTestData(ctx, input);
  const person = check(input, ctx.config.environment === 'production');
  const hetu = person.hetu?.hetu ?? null;
  if (hetu && (await hetuInUse(ctx.db, hetu))) throw hetuTaken(hetu);

  const record = await registerRecord(ctx, person);
  const identified =
    !hetu &&
    options.identifyWithoutHetu(person) &&
    !(await hasDuplicateCandidates(ctx.db, {
      etunimet: person.etunimet,
      sukunimi: person.sukunimi,
      ...(person.syntymaaika ? { syntymaaika: person.syntymaaika } : {}),
      ...(person.sukupuoli ? { sukupuoli: person.sukupuoli } : {}),
      kansalaisuus: person.kansalaisuus,
    }));
  const organisations = [
    ...new Set(options.attachRoles.flatMap((r) => organisationsWithRole(ctx.caller, r))),
  ];
  const attachTo = organisations.length > 0 ? organisations : [ROOT_ORGANISATION_OID];

  const values = (oid: string): NewPerson => ({
    oid,
    hetu,
    first_names: record?.etunimet ?? person.etunimet,
    // The register's kutsumanimi wins, as on hae's creation (DECISIONS.md #3).
    nickname: record?.kutsumanimi ?? person.kutsumanimi,
    surname: record?.sukunimi ?? person.sukunimi,
    former_surnames: record?.formerSurnames ?? [],
    birth_date: record?.syntymaaika ?? person.syntymaaika,
    sex: record?.sukupuoli ?? person.sukupuoli,
    mother_tongue: record?.aidinkieli ?? person.aidinkieli,
    contact_language: person.asiointikieli,
    nationalities: record?.kansalaisuudet ?? person.kansalaisuus,
    home_municipality: record ? (record.kotikunta ?? null) : person.kotikunta,
    protection_order: record?.turvakielto ?? person.turvakielto,
    death_date: record?.kuolinpaiva ?? null,
    identified_vtj: record !== undefined,
    identification_attempted: record !== undefined,
    identified,
    // Not known to the register now: the identification worker asks it soon (SPEC §9).
    identification_due_at: hetu && !record ? new Date() : null,
    created_by: ctx.caller.oid,
    modified_by: ctx.caller.oid,
  });

  const created = await withFreshOid(ctx.personOidNode, (oid) =>
    ctx.db.transaction().execute(async (trx): Promise<PersonRow | 'hetu-taken' | undefined> => {
      const row = await insertPersonIfAbsent(trx, values(oid));
      // Not inserted: a concurrent request took the hetu, or the random OID was taken.
      if (!row) return hetu && (await hetuInUse(trx, hetu)) ? 'hetu-taken' : undefined;
      if (person.passinumerot.length > 0) await replacePassports(trx, row.id, person.passinumerot);
      await attachToOrganisations(trx, row.id, attachTo, ctx.caller.oid);
      await writeAudit(
        trx,
        auditEntry(ctx, 'PERSON_CREATE', [row.oid], {
          details: {
            source: record ? 'population-register' : options.source,
            ...(identified ? { identified: true } : {}),
          },
        }),
      );
      return row;
    }),
  );
  if (created === 'hetu-taken') throw hetuTaken(hetu as string);
  if (created.identification_due_at) await wakeIdentification(ctx.db);
  return created.oid;
}

/** The fields of the reference's OppijaCreateDto: no hetu, no contact language, no home municipality. */
export type OppijaCreateRequest = Pick<
  CreateRequest,
  | 'etunimet'
  | 'kutsumanimi'
  | 'sukunimi'
  | 'yksiloity'
  | 'syntymaaika'
  | 'sukupuoli'
  | 'aidinkieli'
  | 'kansalaisuus'
  | 'passinumerot'
  | 'yhteystiedotRyhma'
>;

/** POST /oppija: OppijaCreateDto. `yksiloity: true` identifies a person without a hetu at once. */
export function createOppija(ctx: RequestContext, body: OppijaCreateRequest): Promise<string> {
  // Only the DTO's own fields: anything else in the body is ignored (as Jackson ignores it), never read.
  const input: CreateRequest = {
    etunimet: body.etunimet,
    kutsumanimi: body.kutsumanimi,
    sukunimi: body.sukunimi,
    yksiloity: body.yksiloity,
    syntymaaika: body.syntymaaika,
    sukupuoli: body.sukupuoli,
    aidinkieli: body.aidinkieli,
    kansalaisuus: body.kansalaisuus,
    passinumerot: body.passinumerot,
    yhteystiedotRyhma: body.yhteystiedotRyhma,
  };
  return createFromDto(ctx, input, {
    attachRoles: ['OPPIJOIDENTUONTI', 'YLEISTUNNISTE_LUONTI'],
    source: 'oppija-create',
    identifyWithoutHetu: (p) => p.yksiloity,
  });
}

/**
 * POST /henkilo: HenkiloCreateDto. Without a hetu, the reference identifies the person at once when
 * its data is complete (names, sex, birth date, mother tongue, a nationality) and no duplicate
 * candidate exists; so does onr. `yksiloity: true` asks for that too.
 */
export function createHenkilo(ctx: RequestContext, input: CreateRequest): Promise<string> {
  return createFromDto(ctx, input, {
    attachRoles: ['YLEISTUNNISTE_LUONTI'],
    source: 'henkilo-create',
    identifyWithoutHetu: (p) =>
      p.yksiloity ||
      (p.sukupuoli !== null && p.syntymaaika !== null && p.aidinkieli !== null && p.kansalaisuus.length > 0),
  });
}
