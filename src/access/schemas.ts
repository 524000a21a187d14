import { Type } from 'typebox';
import { ROLES } from './roles.ts';
import { ORGANISATION_TYPES } from './service.ts';

export const TokenRequest = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ maxLength: 64 })),
    client_id: Type.Optional(Type.String({ maxLength: 200 })),
    client_secret: Type.Optional(Type.String({ maxLength: 500 })),
    scope: Type.Optional(
      Type.String({ maxLength: 500, description: 'accepted and ignored (the reference uses "oauth2")' }),
    ),
  },
  { $id: 'TokenRequest' },
);

export const OAuthErrorResponse = Type.Object(
  {
    error: Type.String({
      description: 'RFC 6749 §5.2 code: invalid_request, invalid_client, unsupported_grant_type, …',
    }),
    error_description: Type.String(),
    status: Type.Integer(),
    path: Type.String(),
    timestamp: Type.String({ format: 'date-time' }),
    requestId: Type.String(),
  },
  { $id: 'OAuthError' },
);

export const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'seconds' }),
    scope: Type.Optional(Type.String({ description: 'the requested scope, echoed as the reference does' })),
  },
  { $id: 'AccessToken' },
);

// --- sessions and "who am I" -----------------------------------------------------------------

const DateTime = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const NullableDateTime = (description: string) => Type.Union([DateTime(), Type.Null()], { description });

export const OrganisationOidString = Type.String({
  maxLength: 64,
  pattern: '^1\\.2\\.246\\.562\\.[0-9]+\\.[0-9]+$',
  description: 'an organisation OID',
});
const UserOidString = Type.String({ maxLength: 64, pattern: '^1\\.2\\.246\\.562\\.[0-9]+\\.[0-9]+$' });

export const RoleSchema = Type.Enum(ROLES, { description: 'a role (SPEC §11)' });
const OrganisationTypeSchema = Type.Enum(ORGANISATION_TYPES, { description: 'organisation type' });
const GrantStatusSchema = Type.Enum(['ACTIVE', 'FUTURE', 'EXPIRED', 'REVOKED'] as const, {
  description: 'only ACTIVE grants count for anything',
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { $id: 'Login', additionalProperties: false },
);

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { $id: 'PasswordChange', additionalProperties: false },
);

export const Organisation = Type.Object(
  {
    oid: Type.String(),
    name: Type.String(),
    type: Type.String(),
    active: Type.Boolean({ description: 'passive organisations get no new users or grants' }),
    parentOid: Type.Union([Type.String(), Type.Null()]),
    path: Type.Array(Type.String(), { description: 'OIDs from the root down to this organisation' }),
  },
  { $id: 'Organisation' },
);

export const Grant = Type.Object(
  {
    id: Type.Integer(),
    userOid: Type.String(),
    role: Type.String(),
    organisationOid: Type.String(),
    organisationName: Type.String(),
    validFrom: DateTime(),
    validUntil: NullableDateTime('null: open-ended (granted on the command line)'),
    grantedBy: Type.Union([Type.String(), Type.Null()]),
    grantedAt: DateTime(),
    revokedBy: Type.Union([Type.String(), Type.Null()]),
    revokedAt: NullableDateTime('set once revoked'),
    status: GrantStatusSchema,
  },
  { $id: 'Grant' },
);

export const Me = Type.Object(
  {
    oid: Type.String(),
    kind: Type.Union([Type.Literal('official'), Type.Literal('service')]),
    username: Type.String(),
    name: Type.String(),
    organisation: Organisation,
    organisations: Type.Array(
      Type.Object({ oid: Type.String(), name: Type.String(), roles: Type.Array(Type.String()) }),
      { description: 'organisations with valid grants now, and the roles held there' },
    ),
    grants: Type.Array(Grant, { description: 'grants that are not revoked, with their validity' }),
    session: Type.Optional(
      Type.Object({ expiresAt: DateTime('absolute end'), idleExpiresAt: DateTime('end unless used before') }),
    ),
    csrfToken: Type.Optional(
      Type.String({ description: 'send it as X-CSRF-Token with every cookie-authenticated write' }),
    ),
  },
  { $id: 'Me' },
);

// --- organisations ---------------------------------------------------------------------------

const Digits = (description: string) => Type.String({ pattern: '^[0-9]{1,6}$', description });

export const PageQuery = {
  page: Type.Optional(Digits('page number from 1 (default 1)')),
  pageSize: Type.Optional(Digits('rows a page (default 100, at most 500)')),
};

export const OrganisationListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'part of the name, or the OID' })),
    type: Type.Optional(OrganisationTypeSchema),
    includePassive: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const OrganisationList = Type.Object(
  {
    organisations: Type.Array(Organisation),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  },
  { $id: 'OrganisationList' },
);

export const OrganisationWithChildren = Type.Object(
  {
    oid: Type.String(),
    name: Type.String(),
    type: Type.String(),
    active: Type.Boolean(),
    parentOid: Type.Union([Type.String(), Type.Null()]),
    path: Type.Array(Type.String()),
    children: Type.Array(Organisation),
  },
  { $id: 'OrganisationWithChildren' },
);

export const OrganisationParams = Type.Object({ oid: OrganisationOidString });

export const NewOrganisationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.Optional(OrganisationTypeSchema),
    parentOid: Type.Optional(OrganisationOidString),
  },
  { $id: 'NewOrganisation', additionalProperties: false },
);

export const OrganisationChangesBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    type: Type.Optional(OrganisationTypeSchema),
    active: Type.Optional(Type.Boolean()),
    parentOid: Type.Optional(OrganisationOidString),
  },
  { $id: 'OrganisationChanges', additionalProperties: false, minProperties: 1 },
);

// --- users and grants ------------------------------------------------------------------------

export const UserParams = Type.Object({ oid: UserOidString });

export const UserListQuery = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('official'), Type.Literal('service')])),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const User = Type.Object(
  {
    oid: Type.String(),
    kind: Type.String(),
    username: Type.String({ description: 'login name of an official, client id of a service user' }),
    name: Type.String(),
    organisationOid: Type.String(),
    organisationName: Type.String(),
    active: Type.Boolean(),
    locked: Type.Boolean({ description: 'locked after repeated failed logins; opens by itself' }),
    dormant: Type.Boolean({ description: 'a service user without a token for over a year has no rights' }),
    lastLoginAt: NullableDateTime('last login or token'),
    createdAt: DateTime(),
    grants: Type.Array(Grant),
  },
  { $id: 'User' },
);

export const UserList = Type.Object(
  { users: Type.Array(User), page: Type.Integer(), pageSize: Type.Integer() },
  { $id: 'UserList' },
);

const initialGrants = {
  roles: Type.Optional(
    Type.Array(RoleSchema, { maxItems: 10, description: 'initial roles in the home organisation' }),
  ),
  validUntil: Type.Optional(DateTime('end of the initial grants (default: a year from now)')),
};

export const NewOfficialBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    organisationOid: OrganisationOidString,
    ...initialGrants,
  },
  { $id: 'NewOfficial', additionalProperties: false },
);

export const CreatedOfficial = Type.Object(
  {
    oid: Type.String(),
    username: Type.String(),
    password: Type.String({ description: 'the initial password; shown only now' }),
    roles: Type.Array(Type.String()),
  },
  { $id: 'CreatedOfficial' },
);

export const NewServiceUserBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'name of the system' }),
    organisationOid: OrganisationOidString,
    clientId: Type.Optional(Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$' })),
    ...initialGrants,
  },
  { $id: 'NewServiceUser', additionalProperties: false },
);

export const ServiceUserSecret = Type.Object(
  {
    oid: Type.String(),
    clientId: Type.String(),
    clientSecret: Type.String({ description: 'shown only now; only its hash is stored' }),
    roles: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'ServiceUserSecret' },
);

export const NewGrantBody = Type.Object(
  {
    role: RoleSchema,
    organisationOid: OrganisationOidString,
    validFrom: Type.Optional(DateTime('start (default now; a start in the past means now)')),
    validUntil: Type.Optional(DateTime('end (default a year after the start)')),
  },
  { $id: 'NewGrant', additionalProperties: false },
);

export const GrantValidityBody = Type.Object(
  {
    validFrom: Type.Optional(DateTime('new start; only of a grant that has not begun')),
    validUntil: DateTime('new end'),
  },
  { $id: 'GrantValidity', additionalProperties: false },
);

export const GrantParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });
