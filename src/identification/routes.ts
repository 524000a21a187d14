import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { contextOf, rules } from '../access/index.ts';
import type { AppServices } from '../context.ts';
import { errors } from '../http/index.ts';
import { HenkiloSummarySchema } from '../persons/index.ts';
import { errorList, errorListSummary } from './error-list.ts';

const tags = ['Error list (officials)'];

const ErrorListQuery = Type.Object({
  haku: Type.Optional(Type.String({ maxLength: 200, description: 'words of a name, an OID or a hetu' })),
  organisaatio: Type.Optional(
    Type.String({ maxLength: 64, description: "narrows the list to this organisation's subtree" }),
  ),
  page: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: 'page from 1 (default 1)' })),
  count: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,3}$', description: 'items a page, 1–500 (default 20)' }),
  ),
});

const ErrorListItem = Type.Object(
  {
    ...HenkiloSummarySchema.properties,
    syy: Type.Union(
      [
        Type.Literal('HETU_PUUTTUU'),
        Type.Literal('HETU_EI_VTJ'),
        Type.Literal('HETU_PASSIVOITU'),
        Type.Literal('HETU_EI_OIKEA'),
        Type.Literal('NIMET_EIVAT_TASMAA'),
      ],
      { description: 'why the person is listed' },
    ),
    tuotu: Type.String({ format: 'date-time', description: 'when the person came to the organisation' }),
    tuoja: Type.Object(
      { oid: Type.Union([Type.String(), Type.Null()]), nimi: Type.Union([Type.String(), Type.Null()]) },
      { description: 'the service user or official that brought the person (an import, a lookup)' },
    ),
    organisaatio: Type.Object({ oid: Type.String(), nimi: Type.String() }),
  },
  { $id: 'VirhelistaRivi' },
);

const ErrorListPage = Type.Object(
  { items: Type.Array(ErrorListItem), page: Type.Integer(), count: Type.Integer(), total: Type.Integer() },
  { $id: 'Virhelista' },
);

const ErrorListSummary = Type.Object(
  {
    onnistuneet: Type.Integer({ description: 'identified' }),
    virheet: Type.Integer({ description: 'on the error list' }),
    keskeneraiset: Type.Integer({ description: 'waiting for identification' }),
    yhteensa: Type.Integer(),
  },
  { $id: 'VirhelistaYhteenveto' },
);

/** The error list of docs/API-OFFICIALS.md, "Error list and imports". */
export function identificationRoutes(services: AppServices) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/virhelista',
      {
        config: { access: rules.readImportReport },
        schema: {
          tags,
          operationId: 'getErrorList',
          summary: 'Persons officials must handle: not identified, with no hetu or a failed identification',
          description:
            'Persons of the organisations where the caller holds OPPIJOIDENTUONTI, TUONTIDATA_READ or HENKILON_RU, and of their sub-organisations; newest first. Audited as a read.',
          querystring: ErrorListQuery,
          response: { 200: ErrorListPage, ...errors(400, 401, 403) },
        },
      },
      async (request) => errorList(contextOf(services, request), request.query),
    );
    app.get(
      '/virhelista/yhteenveto',
      {
        config: { access: rules.readImportReport },
        schema: {
          tags,
          operationId: 'getErrorListSummary',
          summary: "Identification counts of the caller's organisations' active persons",
          response: { 200: ErrorListSummary, ...errors(401, 403) },
        },
      },
      async (request) => errorListSummary(contextOf(services, request)),
    );
  };
}
