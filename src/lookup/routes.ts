import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { rules } from '../access/index.ts';
import type { AppServices } from '../context.ts';
import { contextOf } from '../http/auth.ts';
import { errors } from '../http/schemas.ts';
import { SMALL_BODY_LIMIT } from '../http/security.ts';
import {
  LearnerNumberResponse,
  LookupBody,
  OidDescriptionResponse,
  OidParams,
  OidResponse,
} from './schemas.ts';
import { checkExists, createPerson, describeOid, findOrCreate } from './service.ts';

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
          summary: 'Create a person that the population register knows (after exists answered 204)',
          description: '201 when created; 200 with the existing OID when the person was created meanwhile.',
          body: LookupBody,
          response: { 200: OidResponse, 201: OidResponse, ...errors(400, 401, 403, 404, 409, 503) },
        },
      },
      async (request, reply) => {
        const result = await createPerson(contextOf(services, request), request.body);
        return reply.status(result.created ? 201 : 200).send({ oid: result.oid });
      },
    );
  };
}
