import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type AccessRule, rules } from '../access/index.ts';
import type { AppServices } from '../context.ts';
import type { ImportApi } from '../db/tables.ts';
import { contextOf } from '../http/auth.ts';
import { errors } from '../http/schemas.ts';
import {
  ChangedPage,
  ChangedQuery,
  ImportListPage,
  ImportListQuery,
  ImportParams,
  ImportProgress,
  ImportResults,
  ImportSummary,
  OppijaImportBody,
  RegistryChanges,
  RegistryChangesQuery,
  YleistunnisteImportBody,
} from './schemas.ts';
import {
  acceptImport,
  changedPersons,
  importProgress,
  importResults,
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
}[] = [
  {
    api: 'yleistunniste',
    rule: rules.createLearnerNumber,
    readRule: rules.readYleistunnisteImport,
    body: YleistunnisteImportBody,
  },
  { api: 'oppija', rule: rules.importPersons, readRule: rules.readOppijaImport, body: OppijaImportBody },
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

    for (const { api, rule, readRule, body } of APIS) {
      const tags = [api === 'yleistunniste' ? 'Mass import (yleistunniste)' : 'Mass import (oppija)'];
      const forbidden = `403 when the import belongs to another organisation (visible to the organisations it was made for, the organisations above them, and the registry keeper); 404 when there is no ${api} import with the id.`;

      app.put(
        `/${api}`,
        {
          config: { access: rule },
          bodyLimit: services.config.bodyLimit,
          schema: {
            tags,
            summary: 'Start a mass import; answers at once with the import id',
            description: `The rows are stored and processed in the background; poll …/tuonti={id}/perustiedot. At most ${maxRows} rows and ${Math.floor(services.config.bodyLimit / 1024 / 1024)} MiB a request (413 beyond). A row that breaks the rules gets a row error (virhe) in the results; it does not fail the import.`,
            body,
            response: { 200: ImportProgress, ...errors(400, 401, 403, 413, 503) },
          },
        },
        async (request) =>
          acceptImport(contextOf(services, request), api, request.body as { henkilot: WireRow[] }),
      );

      app.get(
        `/${api}/tuonti=:id/perustiedot`,
        {
          config: { access: readRule },
          schema: {
            tags,
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
            summary: 'Results of an import: one per row, in the order of the request',
            description: `Rows processed so far (all of them once kasitelty is true). ${forbidden}`,
            params: ImportParams,
            response: { 200: ImportResults, ...errors(400, 401, 403, 404) },
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
        config: { access: rules.importPersons },
        schema: {
          tags: importerTags,
          summary: "The caller's organisations' persons changed since a time, oldest first",
          description:
            'Paged (page from 1, count ≤ 10000). A change appears here 5 seconds after it happened, so that a ' +
            'reader polling with the last muokattu it saw never misses a change that committed late.',
          querystring: ChangedQuery,
          response: { 200: ChangedPage, ...errors(400, 401, 403) },
        },
      },
      async (request) => changedPersons(contextOf(services, request), request.query),
    );

    app.get(
      '/oppija/yhteenveto',
      {
        config: { access: rules.importPersons },
        schema: {
          tags: importerTags,
          summary: "Identification summary of the caller's organisations' persons",
          response: { 200: ImportSummary, ...errors(401, 403) },
        },
      },
      async (request) => importSummary(contextOf(services, request)),
    );

    app.get(
      '/tuonnit',
      {
        config: { access: rules.readImports },
        schema: {
          tags: ['Mass import (yleistunniste)', 'Mass import (oppija)'],
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
