import { isRegistryKeeper, organisationsWithRole, type Role } from '../access/index.ts';
import { personRead, recordTestData, writeAudit } from '../audit/index.ts';
import type { RequestContext } from '../context.ts';
import type { ImportApi, ImportRow } from '../db/index.ts';
import { isValidIsoDate } from '../domain/index.ts';
import { type FieldError, Forbidden, Invalid, NotFound, TooLarge } from '../errors.ts';
import { identificationState } from '../persons/index.ts';
import {
  type ChangedRow,
  findChangedImported,
  findChangesAfter,
  findImportSummaries,
  findImports,
  type ImportedCriteria,
  type ImportScope,
  type KoosteSortField,
  type PersonScope,
  summariseImported,
} from './feed-repository.ts';
import { announceImportJobs, DEFAULT_BATCH_SIZE, enqueueImportJob } from './processor.ts';
import {
  auditImportRead,
  findImport,
  findImportWithDoneChunks,
  importInSubtreeOf,
  insertChunks,
  insertImport,
  loadResultsJson,
} from './repository.ts';
import {
  CONTROL,
  checkRequestRows,
  EMAIL,
  MAX_FIELD_ERRORS,
  unstorableTunnisteErrors,
  type WireRow,
} from './validation.ts';

/** The right each API needs (SPEC §7); the import's results follow the same right. */
export const IMPORT_ROLE: Record<ImportApi, Role> = {
  yleistunniste: 'YLEISTUNNISTE_LUONTI',
  oppija: 'OPPIJOIDENTUONTI',
};

export interface ImportProgress {
  id: number;
  kasiteltavia: number;
  kasiteltyja: number;
  kasitelty: boolean;
}

export function progressOf(row: ImportRow): ImportProgress {
  return { id: row.id, kasiteltavia: row.total, kasiteltyja: row.processed, kasitelty: row.state === 'done' };
}

/**
 * The organisations an import is attached to: the caller's organisations with the API's right.
 * The registry keeper may import without it; its imports are attached to its root organisation.
 */
function importingOrganisations(ctx: RequestContext, api: ImportApi): string[] {
  const organisations = organisationsWithRole(ctx.caller, IMPORT_ROLE[api]);
  return organisations.length > 0 ? organisations : organisationsWithRole(ctx.caller, 'REKISTERINPITAJA');
}

/**
 * PUT /yleistunniste, PUT /oppija: checks every row, then stores the rows as received and queues
 * their processing, in one transaction — once this answers, the import survives anything. As in
 * the reference, a broken row refuses the whole request (400 naming each broken row, nothing
 * stored; refused test hetus go to the test-data report); with `rowErrors` (the opt-in row-error
 * mode) broken rows get a row error in the results instead, and the others are processed.
 */
export async function acceptImport(
  ctx: RequestContext,
  api: ImportApi,
  body: { sahkoposti?: string | null; henkilot: WireRow[] },
  options: { rowErrors?: boolean } = {},
): Promise<ImportProgress> {
  const rows = body.henkilot;
  const limit = ctx.config.importMaxRows;
  if (rows.length > limit) {
    throw new TooLarge(
      `the import has ${rows.length} rows; the limit is ${limit} rows a request (split it into several imports)`,
    );
  }
  if (rows.length === 0) throw Invalid.field('henkilot', 'must not be empty');
  const fieldErrors: FieldError[] = [];
  // The reference's /yleistunniste takes an empty notification address as none; /oppija refuses it.
  const given = body.sahkoposti === undefined || body.sahkoposti === null ? null : body.sahkoposti.trim();
  const email = given === '' && api === 'yleistunniste' ? null : given;
  if (email !== null && (email.length > 254 || !EMAIL.test(email) || CONTROL.test(email))) {
    fieldErrors.push({
      field: 'sahkoposti',
      message: 'is not an e-mail address',
      ...(CONTROL.test(email) ? {} : { rejectedValue: body.sahkoposti }),
    });
  }
  if (options.rowErrors) fieldErrors.push(...unstorableTunnisteErrors(rows));
  if (!options.rowErrors) {
    const checked = checkRequestRows(api, rows, { api, production: ctx.config.environment === 'production' });
    // What production refuses as test data is on the keeper's report even though nothing is stored.
    await recordTestData(
      ctx.db,
      checked.testHetus.map((row) => ({
        reason: 'TEST_HETU' as const,
        actor: ctx.actor,
        endpoint: ctx.endpoint,
        hetu: row.hetu,
        names: `${row.firstNames ?? ''} ${row.surname ?? ''}`.trim(),
      })),
    );
    fieldErrors.push(...checked.fieldErrors);
    if (checked.errorRows > 0) {
      const more =
        fieldErrors.length >= MAX_FIELD_ERRORS ? ` (the first ${MAX_FIELD_ERRORS} errors listed)` : '';
      throw new Invalid(
        `${checked.errorRows} of ${rows.length} rows break the rules; nothing was stored${more}`,
        fieldErrors,
      );
    }
  }
  if (fieldErrors.length > 0)
    throw new Invalid(`${fieldErrors[0]!.field}: ${fieldErrors[0]!.message}`, fieldErrors);
  const batchSize = ctx.config.importBatchRows ?? DEFAULT_BATCH_SIZE[ctx.database.kind];
  const created = await ctx.db.transaction().execute(async (trx) => {
    const importRow = await insertImport(trx, {
      api,
      total: rows.length,
      batchSize,
      organisationOids: importingOrganisations(ctx, api),
      email,
      actor: ctx.actor,
      createdBy: ctx.caller.oid,
      endpoint: ctx.endpoint,
      done: false,
    });
    await insertChunks(trx, importRow.id, rows, batchSize);
    await enqueueImportJob(trx, importRow.id);
    await writeAudit(trx, {
      operation: 'IMPORT_CREATE',
      actor: ctx.actor,
      details: {
        importId: importRow.id,
        api,
        rows: rows.length,
        notification: email !== null,
        rowErrors: options.rowErrors === true,
      },
    });
    return importRow;
  });
  announceImportJobs();
  return progressOf(created);
}

/**
 * The import, if the caller may see it: the registry keeper, or a caller holding the API's right in
 * one of the import's organisations or above one (SPEC §11: a right in X covers X's subtree). An
 * import of the other API is not found; another organisation's import is forbidden.
 */
async function visibleImport(
  ctx: RequestContext,
  api: ImportApi,
  id: number,
  access: 'read' | 'resume' = 'read',
): Promise<ImportRow> {
  // Reads may come from the replica (docs/SCALING.md); an import accepted a moment ago may not be
  // there yet, so "not found" is asked of the primary before it is an answer. Resuming writes: primary.
  const importRow =
    (access === 'read' ? await findImport(ctx.readDb, id) : undefined) ?? (await findImport(ctx.db, id));
  if (!importRow || importRow.api !== api) throw new NotFound(`no ${api} import ${id}`);
  if (isRegistryKeeper(ctx.caller)) return importRow;
  const organisations =
    access === 'read'
      ? importReaderOrganisations(ctx, api)
      : organisationsWithRole(ctx.caller, IMPORT_ROLE[api]);
  if (await importInSubtreeOf(ctx.readDb, importRow, organisations)) {
    return importRow;
  }
  throw new Forbidden(`import ${id} belongs to another organisation`);
}

/**
 * Who may read an import's progress and results: the API's right, and officials' TUONTIDATA_READ
 * (the drill-down of the UI's import report, docs/API-OFFICIALS.md); resuming needs the API's right.
 */
function importReaderOrganisations(ctx: RequestContext, api: ImportApi): string[] {
  return [
    ...new Set([
      ...organisationsWithRole(ctx.caller, IMPORT_ROLE[api]),
      ...organisationsWithRole(ctx.caller, 'TUONTIDATA_READ'),
    ]),
  ];
}

/** GET …/tuonti={id}/perustiedot */
export async function importProgress(
  ctx: RequestContext,
  api: ImportApi,
  id: number,
): Promise<ImportProgress> {
  return progressOf(await visibleImport(ctx, api, id));
}

/**
 * POST …/tuonti={id}: queue the import's processing again unless it is finished. Idempotent: while a
 * job for it is queued or running, this is a no-op. Imports resume by themselves after a crash;
 * this is for one whose job was dead-lettered after repeated failures.
 */
export async function resumeImport(ctx: RequestContext, api: ImportApi, id: number): Promise<ImportProgress> {
  const importRow = await visibleImport(ctx, api, id, 'resume');
  if (importRow.state !== 'done') {
    await enqueueImportJob(ctx.db, importRow.id);
    announceImportJobs();
  }
  return progressOf(importRow);
}

/** A result row (SPEC §7a); the database writes them (repository.loadResultsJson). */
export interface ImportResultItem {
  tunniste?: string | null;
  /** `/oppija` results carry the whole person (the reference's OppijaReadDto). */
  henkilo?: { oid: string; oppijanumero: string | null; passivoitu: boolean; linked: string[] } & Record<
    string,
    unknown
  >;
  conflict?: boolean;
  /** Row-error mode only. */
  virhe?: { field: string; message: string };
}

const RESULT_PAGES_AHEAD = 2;

/**
 * GET …/tuonti={id}: the progress and the results of the chunks done so far, as JSON text pieces
 * to stream (memory stays flat however big the import). The read is audited with every OID in it
 * before the first result leaves; the next pages are fetched while the current one is sent.
 */
export async function importResults(
  ctx: RequestContext,
  api: ImportApi,
  id: number,
): Promise<{ progress: ImportProgress; pages: AsyncGenerator<string> }> {
  await visibleImport(ctx, api, id);
  // The chunks done at this moment, read with the counters: a consistent cut, whatever commits next.
  // From the replica (or the primary when it does not have the import yet); the pages from the same.
  let read = ctx.readDb;
  let importRow = await findImportWithDoneChunks(read, id);
  if (!importRow) {
    read = ctx.db;
    importRow = (await findImportWithDoneChunks(read, id))!;
  }
  const chunks = importRow.done_chunks;
  const size = importRow.batch_size;
  const db = ctx.db;
  const page = (i: number) => {
    const loading = loadResultsJson(read, id, api, chunks[i]! * size, (chunks[i]! + 1) * size);
    // Handled here too: a client that hangs up leaves a prefetched page unread.
    loading.catch(() => {});
    return loading;
  };
  const audited = auditImportRead(
    db,
    {
      operation: 'IMPORT_READ',
      actor: ctx.actor,
      details: { importId: id, api, rows: importRow.processed, endpoint: ctx.endpoint },
    },
    importRow,
    chunks,
  );
  // A few pages are fetched ahead (on other connections), also while the audit record is written.
  const ahead: Promise<string>[] = [];
  let following = 0;
  const fetchAhead = () => {
    while (ahead.length < RESULT_PAGES_AHEAD && following < chunks.length) ahead.push(page(following++));
  };
  fetchAhead();
  // Nothing is disclosed unless the read is on record.
  await audited;
  async function* pages(): AsyncGenerator<string> {
    while (ahead.length > 0) {
      const current = await ahead.shift()!;
      fetchAhead();
      if (current !== '') yield current;
    }
  }
  return { progress: progressOf(importRow), pages: pages() };
}

/** How long a change waits before feeds show it (see feed-repository.ts). */
export const FEED_SETTLE_MS = 5_000;

export interface ChangedPerson {
  oid: string;
  masterOid: string;
  oppijanumero: string | null;
  passivoitu: boolean;
  yksilointiTila: string;
  muokattu: string;
}

function toChangedPerson(row: ChangedRow): ChangedPerson {
  const identified =
    row.master_oid !== null ? row.master_identified === true : row.identified || row.identified_vtj;
  return {
    oid: row.oid,
    masterOid: row.master_oid ?? row.oid,
    oppijanumero: identified ? (row.master_oid ?? row.oid) : null,
    passivoitu: row.passivated,
    yksilointiTila: identificationState({ ...row, hetu: row.has_hetu ? 'present' : null }),
    muokattu: row.muokattu,
  };
}

// ISO 8601 with a zone: the database parses it exactly (microseconds included).
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

function parseTime(field: string, value: string): string {
  if (!ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw Invalid.field(field, 'must be an ISO 8601 time with a zone, e.g. 2026-09-05T10:04:59Z', value);
  }
  return value;
}

function parseCount(value: string | undefined, fallback: number): number {
  const count = value === undefined ? fallback : Number(value);
  if (count > 10_000) throw Invalid.field('count', 'must be from 1 to 10000', value);
  return count;
}

async function auditFeedRead(ctx: RequestContext, people: ChangedPerson[]): Promise<void> {
  if (people.length === 0) return;
  await writeAudit(
    ctx.db,
    personRead(
      ctx,
      people.map((p) => p.oid),
    ),
  );
}

// The reference's muokattuJalkeen (a Joda DateTime): a date, or a date-time with or without zone.
const FEED_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** A date or date-time of the feed's criteria; no zone means Finnish time (Europe/Helsinki). */
export function parseFeedTime(field: string, value: string): { time: string; zoned: boolean } {
  const m = FEED_TIME.exec(value.trim());
  const invalid = () =>
    Invalid.field(
      field,
      'must be a date or a date-time, e.g. 2026-09-05, 2026-09-05T10:04:59 (Finnish time) or 2026-09-05T10:04:59Z',
      value,
    );
  if (!m) throw invalid();
  const [, date, hh = '00', mm = '00', ss = '00', fraction, zone] = m;
  if (!isValidIsoDate(date!) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) throw invalid();
  if (zone !== undefined && zone !== 'Z' && Number(zone.slice(1, 3)) > 18) throw invalid();
  const local = `${date}T${hh}:${mm}:${ss}${fraction ? `.${fraction.slice(0, 6)}` : ''}`;
  if (zone === undefined) return { time: local, zoned: false };
  const offset =
    zone === 'Z'
      ? 'Z'
      : zone.length === 3
        ? `${zone}:00`
        : zone.includes(':')
          ? zone
          : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return { time: `${local}${offset}`, zoned: true };
}

const parseFlag = (value: string | undefined): boolean => value === 'true';

/**
 * Whose persons the importers' feed and summary show: the caller's organisations (and their
 * subtrees) with OPPIJOIDENTUONTI, YLEISTUNNISTE_LUONTI, TUONTIDATA_READ or REKISTERINPITAJA_READ
 * (a root grant: everyone's), as the reference's; the registry keeper's: everyone's.
 */
function importedScope(ctx: RequestContext): PersonScope {
  if (isRegistryKeeper(ctx.caller)) return 'all';
  return [
    ...new Set([
      ...organisationsWithRole(ctx.caller, 'OPPIJOIDENTUONTI'),
      ...organisationsWithRole(ctx.caller, 'YLEISTUNNISTE_LUONTI'),
      ...organisationsWithRole(ctx.caller, 'TUONTIDATA_READ'),
      // A root grant: every organisation's imported persons (read only).
      ...organisationsWithRole(ctx.caller, 'REKISTERINPITAJA_READ'),
    ]),
  ];
}

export interface CriteriaQuery {
  muokattuJalkeen?: string;
  tuontiId?: string;
  vainVirheet?: string;
  nimiHaku?: string;
}

function criteriaOf(ctx: RequestContext, query: CriteriaQuery): ImportedCriteria {
  return {
    scope: importedScope(ctx),
    ...(query.muokattuJalkeen !== undefined && query.muokattuJalkeen.trim() !== ''
      ? { since: parseFeedTime('muokattuJalkeen', query.muokattuJalkeen) }
      : {}),
    ...(query.tuontiId !== undefined ? { importId: Number(query.tuontiId) } : {}),
    onlyErrors: parseFlag(query.vainVirheet),
    ...(query.nimiHaku !== undefined ? { nameSearch: query.nimiHaku } : {}),
  };
}

/**
 * GET /oppija/muuttuneet: imported persons of the caller's organisations modified at or after a
 * time, oldest first, each with its master's data, in the reference's page envelope (as JSON
 * text). The extension `jalkeen` pages by position: the `jatko` of a page continues after its last
 * row, so that no row is ever skipped, however the data changes between pages.
 */
export async function changedPersons(
  ctx: RequestContext,
  query: CriteriaQuery & { page?: string; count?: string; jalkeen?: string },
): Promise<string> {
  const criteria = criteriaOf(ctx, query);
  const after = query.jalkeen !== undefined ? decodeCursor(query.jalkeen, 'jalkeen') : undefined;
  const page = after !== undefined || query.page === undefined ? 1 : Number(query.page);
  const count = parseCount(query.count, 20);
  const { rows, total } = await findChangedImported(ctx.readDb, {
    criteria,
    ...(after ? { after } : {}),
    offset: (page - 1) * count,
    limit: count,
    settleMs: FEED_SETTLE_MS,
  });
  if (rows.length > 0) {
    await writeAudit(ctx.db, personRead(ctx, [...new Set(rows.flatMap((r) => [r.oid, r.master_oid]))]));
  }
  const totalPages = Math.ceil(total / count);
  const lastRow = rows.at(-1);
  const next = lastRow
    ? encodeCursor(lastRow.position, lastRow.id)
    : after
      ? encodeCursor(after.time, after.id)
      : undefined;
  const envelope = JSON.stringify({
    number: page,
    size: count,
    results: [],
    totalElements: total,
    totalPages,
    numberOfElements: rows.length,
    first: page === 1,
    // The reference says last only when page = totalPages, so never for an empty feed; here the
    // last page is also the one past the end.
    last: page >= totalPages,
    ...(next !== undefined ? { jatko: next } : {}),
  });
  // The rows are JSON text from the database; the first "results":[] is the envelope's own.
  return envelope.replace('"results":[]', `"results":[${rows.map((r) => r.json).join(',')}]`);
}

function encodeCursor(time: string, id: number): string {
  return Buffer.from(`${time}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string, field = 'cursor'): { time: string; id: number } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!time || !ISO_TIME.test(time) || !id || !/^\d{1,15}$/.test(id)) {
    throw Invalid.field(field, 'is not a cursor of this feed', cursor);
  }
  return { time, id: Number(id) };
}

/** GET /henkilo/changedSince: every person changed after a time or a cursor (registry keeper). */
export async function registryChanges(
  ctx: RequestContext,
  query: { since?: string; cursor?: string; count?: string },
): Promise<{ results: ChangedPerson[]; cursor: string }> {
  let after: { time: string; id: number };
  if (query.cursor !== undefined) after = decodeCursor(query.cursor);
  else if (query.since !== undefined) after = { time: parseTime('since', query.since), id: 0 };
  else throw Invalid.field('since', 'is required without a cursor');
  const rows = await findChangesAfter(ctx.readDb, {
    after,
    limit: parseCount(query.count, 1000),
    settleMs: FEED_SETTLE_MS,
  });
  const results = rows.map(toChangedPerson);
  await auditFeedRead(ctx, results);
  const last = rows.at(-1);
  return {
    results,
    cursor: last ? encodeCursor(last.muokattu, last.id) : encodeCursor(after.time, after.id),
  };
}

/** GET /oppija/yhteenveto: identification states of the caller's organisations' imported persons. */
export async function importSummary(ctx: RequestContext, query: CriteriaQuery) {
  return summariseImported(ctx.readDb, criteriaOf(ctx, query));
}

export interface ImportListItem {
  id: number;
  api: ImportApi;
  luotu: string;
  tekija: { oid: string | null; nimi: string | null };
  organisaatiot: string[];
  kasiteltavia: number;
  kasiteltyja: number;
  kasitelty: boolean;
  virheita: number;
  konflikteja: number;
}

/**
 * GET /tuonnit: the imports the caller may open, newest first — by the same rule as their results
 * (the API's right in an importing organisation or above it; the registry keeper sees all). Counts
 * and who sent them only: no personal data, so not audited.
 */
export async function listImports(
  ctx: RequestContext,
  query: { page?: string; count?: string },
): Promise<{ items: ImportListItem[]; page: number; count: number; total: number }> {
  const page = query.page === undefined ? 1 : Number(query.page);
  const count = query.count === undefined ? 20 : Number(query.count);
  if (count > 500) throw Invalid.field('count', 'must be from 1 to 500', query.count);
  const scope = isRegistryKeeper(ctx.caller)
    ? 'all'
    : {
        yleistunniste: importReaderOrganisations(ctx, 'yleistunniste'),
        oppija: importReaderOrganisations(ctx, 'oppija'),
      };
  const { rows, total } = await findImports(ctx.readDb, { scope, offset: (page - 1) * count, limit: count });
  const items = rows.map((row) => {
    const actor = row.actor as { oid?: string | null; name?: string | null };
    return {
      id: row.id,
      api: row.api,
      luotu: row.created_at.toISOString(),
      tekija: { oid: row.created_by, nimi: actor.name ?? null },
      organisaatiot: row.organisation_oids,
      kasiteltavia: row.total,
      kasiteltyja: row.processed,
      kasitelty: row.state === 'done',
      virheita: row.row_errors,
      konflikteja: row.conflicts,
    };
  });
  return { items, page, count, total };
}

/**
 * GET /oppija/tuontikooste: the reference's summary of imports (its tuontikooste view) in a Spring
 * Data page — the imports of both APIs made for the caller's OPPIJOIDENTUONTI, YLEISTUNNISTE_LUONTI
 * or TUONTIDATA_READ organisations or below them (the registry keeper: all). Counts only: no
 * personal data, so not audited.
 */
export async function importSummaries(
  ctx: RequestContext,
  query: {
    id?: string;
    author?: string;
    page?: string;
    pageSize?: string;
    sort?: 'ASC' | 'DESC';
    field?: string;
  },
) {
  const page = query.page === undefined ? 1 : Number(query.page);
  const size = query.pageSize === undefined ? 20 : Number(query.pageSize);
  if (size > 500) throw Invalid.field('pageSize', 'must be from 1 to 500', query.pageSize);
  let scope: ImportScope = 'all';
  if (!isRegistryKeeper(ctx.caller)) {
    const organisations = importedScope(ctx) as string[];
    scope = { yleistunniste: organisations, oppija: organisations };
  }
  const { rows, total } = await findImportSummaries(ctx.db, {
    scope,
    ...(query.id !== undefined ? { id: Number(query.id) } : {}),
    ...(query.author !== undefined ? { author: query.author } : {}),
    sort: (query.field ?? 'timestamp') as KoosteSortField,
    descending: (query.sort ?? 'DESC') === 'DESC',
    offset: (page - 1) * size,
    limit: size,
  });
  const sort = { sorted: true, unsorted: false, empty: false };
  const totalPages = Math.ceil(total / size);
  return {
    content: rows.map((r) => ({
      id: r.id,
      oid: r.oid,
      author: r.author,
      timestamp: r.timestamp.getTime(),
      total: r.total,
      inProgress: r.inProgress,
      successful: r.successful,
      failures: r.failures,
      conflicts: r.conflicts,
      api: r.api === 'oppija' ? ('OPPIJA' as const) : ('YLEISTUNNISTE' as const),
    })),
    pageable: {
      sort,
      pageNumber: page - 1,
      pageSize: size,
      offset: (page - 1) * size,
      paged: true,
      unpaged: false,
    },
    totalPages,
    totalElements: total,
    last: page >= totalPages,
    numberOfElements: rows.length,
    sort,
    size,
    number: page - 1,
    first: page === 1,
    empty: rows.length === 0,
  };
}
