import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { contextOf, rules } from '../access/index.ts';
import type { AppServices } from '../context.ts';
import { errors, SMALL_BODY_LIMIT } from '../http/index.ts';
import {
  AuditTrailPage,
  Comparison,
  CreatedOid,
  HenkiloSchema,
  HetulessBody,
  ManualIdentificationBody,
  OidParams,
  PageQuery,
  PersonUpdateBody,
  SearchQuery,
  SummaryPage,
} from '../persons/index.ts';
import {
  acceptRegisterData,
  auditTrail,
  compareWithRegister,
  createWithoutHetu,
  identifyManually,
  passivatePerson,
  reactivatePerson,
  readPerson,
  searchPersons,
  updatePerson,
} from './service.ts';

const tags = ['Persons (officials)'];
const outOfScope = 'A person outside the organisations of your grants answers 404.';

/** The officials' person endpoints of docs/API-OFFICIALS.md, "Persons". */
export function personRoutes(services: AppServices) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const ctx = (request: Parameters<typeof contextOf>[1]) => contextOf(services, request);

    app.get(
      '/henkilo/haku',
      {
        config: { access: rules.searchPersons },
        schema: {
          tags,
          operationId: 'searchPersons',
          summary: 'Search persons by OID, hetu or name',
          description:
            'Registry keeper and REKISTERINPITAJA_READ: everyone; officials with HENKILON_RU: the persons of their organisations. The results are audited as read.',
          querystring: SearchQuery,
          response: { 200: SummaryPage, ...errors(400, 401, 403) },
        },
      },
      async (request) => searchPersons(ctx(request), request.query),
    );

    app.post(
      '/henkilo/ilman-hetua',
      {
        config: { access: rules.createLearnerNumber },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'createPersonWithoutHetu',
          summary: 'Create a person without a Finnish hetu',
          description:
            "Unidentified (HETU_PUUTTUU) until identified by hand; attached to the caller's YLEISTUNNISTE_LUONTI organisations. Check duplicates first (POST /duplikaatit/haku).",
          body: HetulessBody,
          response: { 201: CreatedOid, ...errors(400, 401, 403, 413) },
        },
      },
      async (request, reply) => reply.status(201).send(await createWithoutHetu(ctx(request), request.body)),
    );

    app.get(
      '/henkilo/:oid',
      {
        config: { access: rules.readPersons },
        schema: {
          tags,
          operationId: 'getPerson',
          summary: 'The person page; audited as a read',
          description: outOfScope,
          params: OidParams,
          response: { 200: HenkiloSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) => readPerson(ctx(request), request.params.oid),
    );

    app.put(
      '/henkilo/:oid',
      {
        config: { access: rules.updatePersons },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'updatePerson',
          summary: "Correct a person's data",
          description: `Any of the fields. A new hetu (valid, not another person's: 409) joins kaikkiHetut and queues identification again. Names and hetu of a person identified against the population register cannot be edited (409). ${outOfScope}`,
          params: OidParams,
          body: PersonUpdateBody,
          response: { 200: HenkiloSchema, ...errors(400, 401, 403, 404, 409, 413) },
        },
      },
      async (request) => updatePerson(ctx(request), request.params.oid, request.body),
    );

    app.get(
      '/henkilo/:oid/vtj-vertailu',
      {
        config: { access: rules.compareWithRegister },
        schema: {
          tags,
          operationId: 'getRegisterComparison',
          summary:
            "The registry's data beside the population register's, as fetched at the failed identification",
          description: `vtj is null when there is no snapshot (only a name mismatch keeps one). ${outOfScope}`,
          params: OidParams,
          response: { 200: Comparison, ...errors(401, 403, 404) },
        },
      },
      async (request) => compareWithRegister(ctx(request), request.params.oid),
    );

    const action = (
      path: string,
      rule: (typeof rules)[keyof typeof rules],
      operationId: string,
      summary: string,
      run: typeof acceptRegisterData,
      conflicts: string,
    ) =>
      app.post(
        `/henkilo/:oid/${path}`,
        {
          config: { access: rule },
          schema: {
            tags,
            operationId,
            summary,
            description: `409: ${conflicts}. ${outOfScope}`,
            params: OidParams,
            response: { 200: HenkiloSchema, ...errors(401, 403, 404, 409) },
          },
        },
        async (request) => run(ctx(request), (request.params as { oid: string }).oid),
      );

    action(
      'hyvaksy-vtj',
      rules.compareWithRegister,
      'acceptRegisterData',
      "Accept the population register's data: the person becomes identified against it",
      acceptRegisterData,
      'no register data to accept, already identified, the hetu changed since, or passivated',
    );
    action(
      'passivoi',
      rules.updatePersons,
      'passivatePerson',
      'Passivate the person',
      passivatePerson,
      'already passivated, or the master of linked duplicates',
    );
    action(
      'aktivoi',
      rules.updatePersons,
      'reactivatePerson',
      'Reactivate a passivated person',
      reactivatePerson,
      'not passivated, or a linked duplicate',
    );

    app.post(
      '/henkilo/:oid/yksiloi',
      {
        config: { access: rules.identifyManually },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'identifyManually',
          summary: 'Identify a person without a hetu by hand',
          description: `All fields required, at least one nationality. 409: the person has a hetu, is identified already, or is passivated. ${outOfScope}`,
          params: OidParams,
          body: ManualIdentificationBody,
          response: { 200: HenkiloSchema, ...errors(400, 401, 403, 404, 409, 413) },
        },
      },
      async (request) => identifyManually(ctx(request), request.params.oid, request.body),
    );

    app.get(
      '/henkilo/:oid/muutokset',
      {
        config: { access: rules.readPersons },
        schema: {
          tags,
          operationId: 'getPersonAuditTrail',
          summary: "The person's audit trail, newest first (the creation is the last item)",
          description: outOfScope,
          params: OidParams,
          querystring: PageQuery,
          response: { 200: AuditTrailPage, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => auditTrail(ctx(request), request.params.oid, request.query),
    );
  };
}
