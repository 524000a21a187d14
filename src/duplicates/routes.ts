import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { contextOf, rules } from '../access/index.ts';
import type { AppServices } from '../context.ts';
import { errors, SMALL_BODY_LIMIT } from '../http/index.ts';
import {
  CandidateListResponse,
  LinkBody,
  LinkResponse,
  NotDuplicateBody,
  NotDuplicateList,
  NotDuplicateParams,
  OidParams,
  SearchBody,
  UnlinkBody,
  UnlinkResponse,
} from './schemas.ts';
import { DEFAULT_DUPLICATE_THRESHOLDS, type DuplicateThresholds } from './scoring.ts';
import {
  candidatesForPerson,
  linkPersons,
  listNotDuplicates,
  markNotDuplicates,
  removeNotDuplicates,
  searchCandidates,
  unlinkPerson,
} from './service.ts';

const tags = ['Duplicates'];

export interface DuplicateRouteOptions {
  thresholds?: Partial<DuplicateThresholds>;
}

export function duplicateRoutes(services: AppServices, options: DuplicateRouteOptions = {}) {
  const t: DuplicateThresholds = { ...DEFAULT_DUPLICATE_THRESHOLDS, ...options.thresholds };
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/henkilo/:oid/duplikaatit',
      {
        config: { access: rules.readDuplicates },
        schema: {
          tags,
          operationId: 'getDuplicateCandidates',
          summary: "A person's duplicate candidates, ranked, with the evidence for each",
          description:
            'Candidates outside your organisations are shown with minimal data (rajattu: true). ' +
            'Every returned OID is audited as read.',
          params: OidParams,
          response: { 200: CandidateListResponse, ...errors(401, 403, 404) },
        },
      },
      async (request) => candidatesForPerson(contextOf(services, request), request.params.oid, t),
    );

    app.post(
      '/duplikaatit/haku',
      {
        config: { access: rules.searchDuplicates },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'searchDuplicateCandidates',
          summary: 'Duplicate candidates for free criteria (before creating a person without a hetu)',
          body: SearchBody,
          response: { 200: CandidateListResponse, ...errors(400, 401, 403, 413) },
        },
      },
      async (request) => searchCandidates(contextOf(services, request), request.body, t),
    );

    app.post(
      '/henkilo/:oid/linkita',
      {
        config: { access: rules.linkDuplicates },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'linkPersons',
          summary: 'Link persons as one: the identified one (or this one) becomes the master',
          description:
            'The slaves become duplicates and passivated; their own slaves move to the master. 409 when two ' +
            'of them are identified, one is linked elsewhere, or a pair is on the do-not-link list.',
          params: OidParams,
          body: LinkBody,
          response: { 200: LinkResponse, ...errors(400, 401, 403, 404, 409, 413) },
        },
      },
      async (request) =>
        linkPersons(
          contextOf(services, request),
          request.params.oid,
          request.body.slaves,
          request.body.syy,
          t,
        ),
    );

    app.post(
      '/henkilo/:oid/pura-linkitys',
      {
        config: { access: rules.linkDuplicates },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'unlinkPerson',
          summary: 'Unlink a duplicate from its master and restore it',
          params: OidParams,
          body: UnlinkBody,
          response: { 200: UnlinkResponse, ...errors(400, 401, 403, 404, 409, 413) },
        },
      },
      async (request) => {
        const ctx = contextOf(services, request);
        return unlinkPerson(ctx, request.params.oid, request.body?.syy);
      },
    );

    app.post(
      '/henkilo/:oid/ei-duplikaatti',
      {
        config: { access: rules.linkDuplicates },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'markNotDuplicate',
          summary: 'Put a pair on the do-not-link list: they are two different persons',
          params: OidParams,
          body: NotDuplicateBody,
          response: {
            204: { type: 'null', description: 'on the list' },
            ...errors(400, 401, 403, 404, 409, 413),
          },
        },
      },
      async (request, reply) => {
        await markNotDuplicates(
          contextOf(services, request),
          request.params.oid,
          request.body.oid,
          request.body.syy,
        );
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/henkilo/:oid/ei-duplikaatit',
      {
        config: { access: rules.readDuplicates },
        schema: {
          tags,
          operationId: 'listNotDuplicates',
          summary: "The person's pairs on the do-not-link list: who put them there, when and why",
          description: 'The OIDs returned are audited as read.',
          params: OidParams,
          response: { 200: NotDuplicateList, ...errors(401, 403, 404) },
        },
      },
      async (request) => listNotDuplicates(contextOf(services, request), request.params.oid),
    );

    app.delete(
      '/henkilo/:oid/ei-duplikaatti/:otherOid',
      {
        config: { access: rules.linkDuplicates },
        schema: {
          tags,
          operationId: 'unmarkNotDuplicate',
          summary: 'Take a pair off the do-not-link list (it was put there by mistake)',
          params: NotDuplicateParams,
          response: {
            204: { type: 'null', description: 'off the list' },
            ...errors(401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        await removeNotDuplicates(contextOf(services, request), request.params.oid, request.params.otherOid);
        return reply.status(204).send(null);
      },
    );
  };
}
