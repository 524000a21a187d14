import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { contextOf, rules } from '../access/index.ts';
import type { AppServices } from '../context.ts';
import { EXAMPLES, errors, SMALL_BODY_LIMIT } from '../http/index.ts';
import { createHenkilo, createOppija } from './create.ts';
import {
  BareOid,
  HenkiloCreateBody,
  LearnerNumberResponse,
  LookupBody,
  OidDescriptionResponse,
  OidParams,
  OidResponse,
  OppijaCreateBody,
} from './schemas.ts';
import { checkExists, describeOid, findOrCreate } from './service.ts';

const tags = ['Single person'];

export function lookupRoutes(services: AppServices) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/yleistunniste/hae',
      {
        config: { access: rules.createLearnerNumber },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'findOrCreateLearnerNumber',
          'x-onr-examples': EXAMPLES.findOrCreateLearnerNumber,
          summary: 'Find a person by hetu and names, or create them from the population register',
          body: LookupBody,
          response: { 200: LearnerNumberResponse, ...errors(400, 401, 403, 404, 409, 413, 503) },
        },
      },
      async (request) => findOrCreate(contextOf(services, request), request.body),
    );

    app.get(
      '/yleistunniste/hae/:oid',
      {
        config: { access: rules.createLearnerNumber },
        schema: {
          tags,
          operationId: 'describeOid',
          'x-onr-examples': EXAMPLES.describeOid,
          summary: 'Is this OID a learner number; which OIDs are linked to it',
          params: OidParams,
          response: { 200: OidDescriptionResponse, ...errors(401, 403, 404) },
        },
      },
      async (request) => describeOid(contextOf(services, request), request.params.oid),
    );

    app.post(
      '/henkilo/exists',
      {
        config: { access: rules.createLearnerNumber },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'checkPersonExists',
          'x-onr-examples': EXAMPLES.checkPersonExists,
          summary: 'Like hae, but never creates',
          description:
            '200 with the OID when in the registry; 204 when only the population register knows the person.',
          body: LookupBody,
          response: {
            200: OidResponse,
            204: { type: 'null', description: 'only in the population register' },
            ...errors(400, 401, 403, 404, 409, 503),
          },
        },
      },
      async (request, reply) => {
        const found = await checkExists(contextOf(services, request), request.body);
        if (found.in === 'population-register') return reply.status(204).send(null);
        return { oid: found.oid };
      },
    );

    app.post(
      '/henkilo',
      {
        config: { access: rules.createLearnerNumber },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'createHenkilo',
          summary: "Create a person (the reference's HenkiloCreateDto); answers the new OID as text",
          description:
            'Hetu optional. A hetu that is anyone’s current or former hetu: 400 (fieldErrors code socialsecuritynr.already.exists). With a hetu the population register knows under these names, the person is identified at once from the register’s data; otherwise created unidentified and identified later by the worker. Without a hetu, identified at once when its data is complete (sex, birth date, mother tongue, a nationality) and the duplicate search finds no candidate. Codes are checked against the code lists (GET /koodisto/{name}).',
          body: HenkiloCreateBody,
          response: { 201: BareOid, ...errors(400, 401, 403, 413) },
        },
      },
      async (request, reply) => {
        const oid = await createHenkilo(contextOf(services, request), request.body);
        return reply.status(201).type('text/plain; charset=utf-8').send(oid);
      },
    );

    app.post(
      '/oppija',
      {
        config: { access: rules.createOppija },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'createOppija',
          summary: "Create one learner (the reference's OppijaCreateDto); answers the new OID as text",
          description:
            'For persons without a Finnish hetu. Attached to the caller’s OPPIJOIDENTUONTI and YLEISTUNNISTE_LUONTI organisations. `yksiloity: true` identifies the person at once unless the duplicate search finds a candidate (then it waits for an official, on the error list). Codes are checked against the code lists (GET /koodisto/{name}).',
          body: OppijaCreateBody,
          response: { 200: BareOid, ...errors(400, 401, 403, 413) },
        },
      },
      async (request, reply) => {
        const oid = await createOppija(contextOf(services, request), request.body);
        return reply.status(200).type('text/plain; charset=utf-8').send(oid);
      },
    );
  };
}
