import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type AccessRule, contextOf, rules } from '../access/index.ts';
import type { AppServices } from '../context.ts';
import type { ImportApi } from '../db/index.ts';
import { EXAMPLES, errors } from '../http/index.ts';
import {
  ChangedPage,
  ChangedQuery,
  ImportListPage,
  ImportListQuery,
  ImportParams,
  ImportProgress,
  ImportQuery,
  ImportSummary,
  KoostePage,
  KoosteQuery,
  OppijaImportBody,
  OppijaResults,
  RegistryChanges,
  RegistryChangesQuery,
  SummaryQuery,
  YleistunnisteImportBody,
  YleistunnisteResults,
} from './schemas.ts';
import {
  acceptImport,
  changedPersons,
  importProgress,
  importResults,
  importSummaries,
  importSummary,
  listImports,
  type ImportProgress as Progress,
  registryChanges,
  resumeImport,
} from './service.ts';
import type { WireRow } from './validation.ts';

const APIS: {
  api: ImportApi;
  rule: AccessRule;
  /** Progress and results: also officials' TUONTIDATA_READ (the import report's drill-down). */
  readRule: AccessRule;
  body: typeof YleistunnisteImportBody | typeof OppijaImportBody;
  results: typeof YleistunnisteResults | typeof OppijaResults;
}[] = [
  {
    api: 'yleistunniste',
    rule: rules.createLearnerNumber,
    readRule: rules.readYleistunnisteImport,
    body: YleistunnisteImportBody,
    results: YleistunnisteResults,
  },
  {
    api: 'oppija',
    rule: rules.importPersons,
    readRule: rules.readOppijaImport,
    body: OppijaImportBody,
    results: OppijaResults,
  },
];

/** The results answer as a stream of JSON text: the rows are never all in memory at once. */
async function* resultsJson(progress: Progress, pages: AsyncIterable<string>): AsyncGenerator<string> {
  yield `${JSON.stringify(progress).slice(0, -1)},"henkilot":[`;
  let first = true;
  for await (const page of pages) {
    yield first ? page : `,${page}`;
    first = false;
  }
  yield ']}';
}

export function importRoutes(services: AppServices) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const maxRows = services.config.importMaxRows;

    for (const { api, rule, readRule, body, results } of APIS) {
      const tags = [api === 'yleistunniste' ? 'Mass import (yleistunniste)' : 'Mass import (oppija)'];
      // The operationIds' part for the API: startYleistunnisteImport, getOppijaImportResults, …
      const Api = api === 'yleistunniste' ? 'Yleistunniste' : 'Oppija';
      const forbidden = `403 when the import belongs to another organisation (visible to the organisations it was made for, the organisations above them, and the registry keeper); 404 when there is no ${api} import with the id.`;

      app.put(
        `/${api}`,
        {
          config: { access: rule },
          bodyLimit: services.config.bodyLimit,
          schema: {
            tags,
            operationId: `start${Api}Import`,
            'x-onr-examples': EXAMPLES[`start${Api}Import` as const],
            summary: 'Start a mass import; answers at once with the import id',
            description: `The rows are stored and processed in the background; poll …/tuonti={id}/perustiedot. At most ${maxRows} rows and ${Math.floor(services.config.bodyLimit / 1024 / 1024)} MiB a request (413 beyond). As in the reference, a request with a row that breaks the rules is refused whole: 400 with a field error for each broken row (henkilot[3].henkilo.hetu), nothing stored. With rivivirheet=true (an extension) such a row gets a row error (virhe) in the results instead and the other rows are processed.`,
            body,
            querystring: ImportQuery,
            response: { 200: ImportProgress, ...errors(400, 401, 403, 413, 503) },
          },
        },
        async (request) =>
          acceptImport(
            contextOf(services, request),
            api,
            request.body as { sahkoposti?: string | null; henkilot: WireRow[] },
            { rowErrors: request.query.rivivirheet === 'true' },
          ),
      );

      app.get(
        `/${api}/tuonti=:id/perustiedot`,
        {
          config: { access: readRule },
          schema: {
            tags,
            operationId: `get${Api}ImportProgress`,
            summary: 'Progress of an import',
            description: forbidden,
            params: ImportParams,
            response: { 200: ImportProgress, ...errors(400, 401, 403, 404) },
          },
        },
        async (request) => importProgress(contextOf(services, request), api, Number(request.params.id)),
      );

      app.get(
        `/${api}/tuonti=:id`,
        {
          config: { access: readRule },
          schema: {
            tags,
            operationId: `get${Api}ImportResults`,
            'x-onr-examples': EXAMPLES[`get${Api}ImportResults` as const],
            summary: 'Results of an import: one per row, in the order of the request',
            description: `Rows processed so far (all of them once kasitelty is true). ${forbidden}`,
            params: ImportParams,
            response: { 200: results, ...errors(400, 401, 403, 404) },
          },
        },
        async (request, reply) => {
          const { progress, pages } = await importResults(
            contextOf(services, request),
            api,
            Number(request.params.id),
          );
          // A stream bypasses the serializer; the schema above documents what it writes.
          const stream = Readable.from(resultsJson(progress, pages));
          return reply.type('application/json; charset=utf-8').send(stream as never);
        },
      );

      app.post(
        `/${api}/tuonti=:id`,
        {
          config: { access: rule },
          schema: {
            tags,
            operationId: `resume${Api}Import`,
            summary: 'Resume an import that stopped (idempotent)',
            description: `Imports resume by themselves after a crash or restart; this queues one whose processing gave up after repeated failures. A no-op for a finished or running import. ${forbidden}`,
            params: ImportParams,
            response: { 200: ImportProgress, ...errors(400, 401, 403, 404) },
          },
        },
        async (request) => resumeImport(contextOf(services, request), api, Number(request.params.id)),
      );
    }

    const importerTags = ['Mass import (oppija)'];
    app.get(
      '/oppija/muuttuneet',
      {
        config: { access: rules.readImportedPersons },
        schema: {
          tags: importerTags,
          operationId: 'listChangedOppijat',
          'x-onr-examples': EXAMPLES.listChangedOppijat,
          summary: "Imported persons of the caller's organisations changed at or after a time, oldest first",
          description:
            "The reference's change feed: its page envelope (page from 1, count ≤ 10000; loop until last), each item the person's OID and its master's data (epoch-ms luotu and muokattu). muokattuJalkeen is optional and compared with >=. A change appears here 5 seconds after it happened, so that a reader polling with the last muokattu it saw never misses a change that committed late. Extension: pass the jatko of a page as jalkeen to page by position, which never skips a row.",
          querystring: ChangedQuery,
          response: { 200: ChangedPage, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const page = await changedPersons(contextOf(services, request), request.query);
        // JSON text built from the database's rows; the schema above documents it.
        return reply.type('application/json; charset=utf-8').send(page as never);
      },
    );

    app.get(
      '/oppija/yhteenveto',
      {
        config: { access: rules.readImportedPersons },
        schema: {
          tags: importerTags,
          operationId: 'getOppijaSummary',
          summary: "Identification summary of the caller's organisations' imported persons",
          description:
            'Counted as the reference counts: identified, linked and passivated persons are successes (onnistuneet); the criteria as for /oppija/muuttuneet.',
          querystring: SummaryQuery,
          response: { 200: ImportSummary, ...errors(400, 401, 403) },
        },
      },
      async (request) => importSummary(contextOf(services, request), request.query),
    );

    app.get(
      '/oppija/tuontikooste',
      {
        config: { access: rules.importPersons },
        schema: {
          tags: importerTags,
          operationId: 'listImportSummaries',
          summary: "The reference's summary of imports: each import with its counts, in a Spring Data page",
          description:
            "The imports of both APIs made for the caller's organisations (OPPIJOIDENTUONTI, YLEISTUNNISTE_LUONTI or TUONTIDATA_READ there or above; the registry keeper: all), newest first by default. successful: rows whose person is identified, linked or passivated; failures: the other rows; inProgress: rows not processed yet. page from 1; the answer's number counts from 0, as Spring Data's.",
          querystring: KoosteQuery,
          response: { 200: KoostePage, ...errors(400, 401, 403) },
        },
      },
      async (request) => importSummaries(contextOf(services, request), request.query),
    );

    app.get(
      '/tuonnit',
      {
        config: { access: rules.readImports },
        schema: {
          tags: ['Mass import (yleistunniste)', 'Mass import (oppija)'],
          operationId: 'listImports',
          summary: 'The imports the caller may open, newest first (the import report of the UI)',
          description:
            "An import is listed when the caller holds its API's right (YLEISTUNNISTE_LUONTI, OPPIJOIDENTUONTI) in one of the importing organisations or above it; the registry keeper sees all.",
          querystring: ImportListQuery,
          response: { 200: ImportListPage, ...errors(400, 401, 403) },
        },
      },
      async (request) => listImports(contextOf(services, request), request.query),
    );

    app.get(
      '/henkilo/changedSince',
      {
        config: { access: rules.registryKeeper },
        schema: {
          tags: ['Registry keeper'],
          operationId: 'listChangedPersons',
          summary: 'Every person changed after a time or a cursor, oldest first (registry-wide feed)',
          description:
            'Start with since=ISO time, then pass the cursor of each answer back. A change appears here 5 seconds after it happened.',
          querystring: RegistryChangesQuery,
          response: { 200: RegistryChanges, ...errors(400, 401, 403) },
        },
      },
      async (request) => registryChanges(contextOf(services, request), request.query),
    );
  };
}
