import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../context.ts';
import { errors, pageOf, SMALL_BODY_LIMIT } from '../http/index.ts';
import { changeGrantValidity, grantRole, revokeGrantById } from './grants.ts';
import { contextOf } from './http-auth.ts';
import {
  createOrganisationAsKeeper,
  getOrganisation,
  listVisibleOrganisations,
  updateOrganisationAsKeeper,
} from './organisations.ts';
import { rules } from './rules.ts';
import {
  CreatedOfficial,
  Grant,
  GrantParams,
  GrantValidityBody,
  NewGrantBody,
  NewOfficialBody,
  NewOrganisationBody,
  NewServiceUserBody,
  Organisation,
  OrganisationChangesBody,
  OrganisationList,
  OrganisationListQuery,
  OrganisationParams,
  OrganisationWithChildren,
  ServiceUserSecret,
  UserList,
  UserListQuery,
  UserParams,
} from './schemas.ts';
import {
  createOfficial,
  createServiceUser,
  listOrganisationUsers,
  rotateServiceUserSecret,
} from './users.ts';

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/** Organisations, officials, service users and grants (SPEC §11, §13 "main user", "registry keeper"). */
export function administrationRoutes(services: AppServices) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/organisations',
      {
        config: { access: rules.readOrganisations },
        schema: {
          tags: ['Organisations'],
          operationId: 'listOrganisations',
          summary: "List or search organisations: the caller's own subtrees (all for the registry keeper)",
          querystring: OrganisationListQuery,
          response: { 200: OrganisationList, ...errors(400, 401) },
        },
      },
      async (request) =>
        listVisibleOrganisations(contextOf(services, request), {
          query: request.query.q,
          type: request.query.type,
          includePassive: request.query.includePassive === 'true',
          ...pageOf(request.query),
        }),
    );

    app.get(
      '/organisations/:oid',
      {
        config: { access: rules.readOrganisations },
        schema: {
          tags: ['Organisations'],
          operationId: 'getOrganisation',
          summary: 'One organisation with its children',
          params: OrganisationParams,
          response: { 200: OrganisationWithChildren, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => getOrganisation(contextOf(services, request), request.params.oid),
    );

    app.post(
      '/organisations',
      {
        config: { access: rules.manageOrganisations },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags: ['Organisations'],
          operationId: 'createOrganisation',
          summary: 'Create an organisation (registry keeper)',
          body: NewOrganisationBody,
          response: { 201: Organisation, ...errors(400, 401, 403, 413) },
        },
      },
      async (request, reply) => {
        const org = await createOrganisationAsKeeper(contextOf(services, request), {
          name: request.body.name,
          type: request.body.type ?? 'koulutustoimija',
          parentOid: request.body.parentOid,
        });
        return reply.status(201).send(org);
      },
    );

    app.patch(
      '/organisations/:oid',
      {
        config: { access: rules.manageOrganisations },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags: ['Organisations'],
          operationId: 'updateOrganisation',
          summary: 'Rename, retype, passivate or reactivate, or move an organisation (registry keeper)',
          description:
            'Moving changes the place of the whole subtree; a grant held above it no longer covers it.',
          params: OrganisationParams,
          body: OrganisationChangesBody,
          response: { 200: Organisation, ...errors(400, 401, 403, 404, 413) },
        },
      },
      async (request) =>
        updateOrganisationAsKeeper(contextOf(services, request), request.params.oid, request.body),
    );

    app.get(
      '/organisations/:oid/users',
      {
        config: { access: rules.readUsersAndGrants },
        schema: {
          tags: ['Users and grants'],
          operationId: 'listOrganisationUsers',
          summary:
            "An organisation's officials and service users with their grants (expired and revoked too)",
          description:
            'Users of the organisation and of the organisations below it; grants held in that subtree.',
          params: OrganisationParams,
          querystring: UserListQuery,
          response: { 200: UserList, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        listOrganisationUsers(contextOf(services, request), request.params.oid, {
          kind: request.query.kind,
          ...pageOf(request.query),
        }),
    );

    app.post(
      '/officials',
      {
        config: { access: rules.manageUsersAndGrants },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags: ['Users and grants'],
          operationId: 'createOfficial',
          summary: 'Create an official; the initial password is in the answer, once',
          body: NewOfficialBody,
          response: { 201: CreatedOfficial, ...errors(400, 401, 403, 409, 413) },
        },
      },
      async (request, reply) => {
        const { validUntil, ...rest } = request.body;
        const created = await createOfficial(contextOf(services, request), {
          ...rest,
          validUntil: date(validUntil),
        });
        return reply.status(201).send(created);
      },
    );

    app.post(
      '/service-users',
      {
        config: { access: rules.manageUsersAndGrants },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags: ['Users and grants'],
          operationId: 'createServiceUser',
          summary: 'Create a service user (an API client); the client secret is in the answer, once',
          body: NewServiceUserBody,
          response: { 201: ServiceUserSecret, ...errors(400, 401, 403, 409, 413) },
        },
      },
      async (request, reply) => {
        const { validUntil, clientId, ...rest } = request.body;
        const created = await createServiceUser(contextOf(services, request), {
          ...rest,
          username: clientId,
          validUntil: date(validUntil),
        });
        return reply.status(201).send(created);
      },
    );

    app.post(
      '/service-users/:oid/secret',
      {
        config: { access: rules.manageUsersAndGrants },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags: ['Users and grants'],
          operationId: 'rotateServiceUserSecret',
          summary:
            'Rotate the client secret: the new one is in the answer, once; the old one and its tokens stop now',
          params: UserParams,
          response: { 200: ServiceUserSecret, ...errors(401, 403, 404) },
        },
      },
      async (request) => rotateServiceUserSecret(contextOf(services, request), request.params.oid),
    );

    app.post(
      '/users/:oid/grants',
      {
        config: { access: rules.manageUsersAndGrants },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags: ['Users and grants'],
          operationId: 'createGrant',
          summary: 'Grant a role in an organisation for a period',
          description:
            'A main user grants only the roles of GRANTABLE_BY_MAIN_USER, only within its own subtree, only to ' +
            'users of its subtree, never to itself, for at most 366 days. See docs/ACCESS.md.',
          params: UserParams,
          body: NewGrantBody,
          response: { 201: Grant, ...errors(400, 401, 403, 404, 413) },
        },
      },
      async (request, reply) => {
        const grant = await grantRole(contextOf(services, request), request.params.oid, {
          role: request.body.role,
          organisationOid: request.body.organisationOid,
          validFrom: date(request.body.validFrom),
          validUntil: date(request.body.validUntil),
        });
        return reply.status(201).send(grant);
      },
    );

    app.patch(
      '/grants/:id',
      {
        config: { access: rules.manageUsersAndGrants },
        bodyLimit: SMALL_BODY_LIMIT,
        schema: {
          tags: ['Users and grants'],
          operationId: 'updateGrant',
          summary: "Change a grant's validity (extend, shorten, or move one that has not begun)",
          description: 'The same rules as granting; a revoked grant answers 409.',
          params: GrantParams,
          body: GrantValidityBody,
          response: { 200: Grant, ...errors(400, 401, 403, 404, 409, 413) },
        },
      },
      async (request) =>
        changeGrantValidity(contextOf(services, request), Number(request.params.id), {
          validFrom: date(request.body.validFrom),
          validUntil: date(request.body.validUntil)!,
        }),
    );

    app.delete(
      '/grants/:id',
      {
        config: { access: rules.manageUsersAndGrants },
        schema: {
          tags: ['Users and grants'],
          operationId: 'revokeGrant',
          summary: 'Revoke a grant; it stops counting at once',
          params: GrantParams,
          response: { 200: Grant, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => revokeGrantById(contextOf(services, request), Number(request.params.id)),
    );
  };
}
