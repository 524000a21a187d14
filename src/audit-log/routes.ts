import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { contextOf, rules } from '../access/index.ts';
import { AUDIT_OPERATIONS, readTestDataReport, searchAuditLogAsKeeper, writeAudit } from '../audit/index.ts';
import type { AppServices } from '../context.ts';
import { errors, Nullable, pageOf } from '../http/index.ts';

const Str = () => Type.String();

const TestDataReportQuery = Type.Object(
  {
    organisationOid: Type.Optional(
      Type.String({
        maxLength: 64,
        pattern: '^1\\.2\\.246\\.562\\.[0-9]+\\.[0-9]+$',
        description: 'and below',
      }),
    ),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    page: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
    pageSize: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
  },
  { additionalProperties: false },
);

const TestDataReportResponse = Type.Object(
  {
    organisations: Type.Array(
      Type.Object({
        organisationOid: Nullable(Str()),
        organisationName: Nullable(Str()),
        count: Type.Integer(),
        latest: Type.String({ format: 'date-time' }),
        actors: Type.Array(
          Type.Object({
            actorOid: Nullable(Str()),
            actorName: Nullable(Str()),
            count: Type.Integer(),
            testHetus: Type.Integer(),
            testNames: Type.Integer(),
            latest: Type.String({ format: 'date-time' }),
          }),
        ),
      }),
    ),
    entries: Type.Array(
      Type.Object({
        id: Type.Integer(),
        occurredAt: Type.String({ format: 'date-time' }),
        reason: Type.Enum(['TEST_HETU', 'TEST_NAME'] as const, {
          description: 'TEST_HETU: refused test hetu; TEST_NAME: accepted, but the names look like test data',
        }),
        organisationOid: Nullable(Str()),
        organisationName: Nullable(Str()),
        actorOid: Nullable(Str()),
        actorName: Nullable(Str()),
        endpoint: Str(),
        maskedHetu: Nullable(Str()),
        names: Nullable(Str()),
        requestId: Nullable(Str()),
      }),
    ),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  },
  { $id: 'TestDataReport' },
);

const OID = Type.String({ maxLength: 64, pattern: '^1\\.2\\.246\\.562\\.[0-9]+\\.[0-9]+$' });

const AuditLogQuery = Type.Object(
  {
    henkilo: Type.Optional({ ...OID, description: 'records naming this person (OID)' }),
    tekija: Type.Optional({ ...OID, description: 'records of this actor (user OID)' }),
    toiminto: Type.Optional(Type.Enum([...AUDIT_OPERATIONS], { description: 'the operation' })),
    alkaen: Type.Optional(Type.String({ format: 'date-time', description: 'from this time on' })),
    asti: Type.Optional(Type.String({ format: 'date-time', description: 'before this time' })),
    ennen: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,15}$', description: 'paging: records older than this id' }),
    ),
    maara: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,3}$', description: 'how many (1–200, default 50)' }),
    ),
  },
  { additionalProperties: false },
);

const AuditLogPage = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Type.Integer(),
        aika: Type.String({ format: 'date-time' }),
        toiminto: Str(),
        tekija: Type.Object({
          oid: Nullable(Str()),
          nimi: Nullable(Str()),
          tyyppi: Nullable(Str()),
          organisaatiot: Type.Array(Str()),
        }),
        ip: Nullable(Str()),
        requestId: Nullable(Str()),
        callerId: Nullable(Str()),
        kohteet: Type.Array(Str(), { description: 'the OIDs of the persons (or users) concerned' }),
        muutokset: Type.Optional(Type.Unknown()),
        tiedot: Type.Optional(Type.Unknown()),
      }),
    ),
    seuraava: Nullable(Str()),
  },
  { $id: 'AuditLogPage' },
);

/** Reports for the registry keeper. */
export function reportRoutes(services: AppServices) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/audit-log',
      {
        config: { access: rules.searchAuditLog },
        schema: {
          tags: ['Reports'],
          operationId: 'searchAuditLog',
          summary: 'Search the audit log, newest first (registry keeper)',
          description:
            'Filters combine; `seuraava` is the `ennen` of the next (older) page, null on the last. ' +
            'The search itself is audited (AUDIT_READ with the filter).',
          querystring: AuditLogQuery,
          response: { 200: AuditLogPage, ...errors(400, 401, 403) },
        },
      },
      async (request) => searchAuditLogAsKeeper(contextOf(services, request), request.query),
    );

    app.get(
      '/reports/test-data',
      {
        config: { access: rules.readTestDataReport },
        schema: {
          tags: ['Reports'],
          operationId: 'getTestDataReport',
          summary: 'Test data that reached production, by organisation and actor (registry keeper)',
          description:
            'Refused test hetus and accepted names that look like test data (SPEC §11); hetus are masked.',
          querystring: TestDataReportQuery,
          response: { 200: TestDataReportResponse, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const ctx = contextOf(services, request);
        const filter = {
          organisationOid: request.query.organisationOid,
          since: request.query.since ? new Date(request.query.since) : undefined,
          ...pageOf(request.query),
        };
        const report = await readTestDataReport(ctx.db, filter);
        await writeAudit(ctx.db, {
          operation: 'REPORT_READ',
          actor: ctx.actor,
          details: {
            report: 'test-data',
            organisationOid: filter.organisationOid,
            since: request.query.since,
            page: filter.page,
            entries: report.entries.length,
          },
        });
        return report;
      },
    );
  };
}
