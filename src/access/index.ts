export { administrationRoutes } from './admin-routes.ts';
export {
  authenticateCaller,
  type Credentials,
  DORMANT_AFTER_DAYS,
  isDormant,
} from './authentication.ts';
export { CallerCache, effectiveGrants, type GrantWindow, listenForAccessChanges } from './caller-cache.ts';
export { GRANTABLE_BY_MAIN_USER, type GrantStatus, grantStatus } from './grant-policy.ts';
export {
  type Authenticator,
  accessRouteTable,
  actorOf,
  bearerAuthenticator,
  CSRF_HEADER,
  contextOf,
  type RouteAccess,
  registerAccessControl,
  sessionAuthenticator,
} from './http-auth.ts';
export { hashSecret, verifySecret } from './passwords.ts';
export { getOrCreateSetting, getSetting } from './repository.ts';
export {
  type Caller,
  type EffectiveGrant,
  hasRole,
  isRegistryKeeper,
  isRole,
  organisationsWithRole,
  ROLES,
  type Role,
} from './roles.ts';
export { accessRoutes } from './routes.ts';
export { type AccessRule, rules } from './rules.ts';
export {
  anyPersonInScope,
  coversOrganisation,
  EVERYTHING,
  organisationInScopeSql,
  organisationScopeOf,
  personInScopeSql,
  type Scope,
  scopeOf,
} from './scope.ts';
export {
  type AccessContext,
  type CreatedUser,
  createOrganisation,
  createUser,
  type IssuedToken,
  issueToken,
  loadCaller,
  type NewUser,
  ORGANISATION_TYPES,
  type OrganisationType,
  requireOrganisation,
} from './service.ts';
export { sessionRoutes } from './session-routes.ts';
export { hashSessionId, resolveSession, SESSION_COOKIE, sameToken } from './sessions.ts';
export { createTokenIssuer, type TokenIssuer, type VerifiedToken } from './tokens.ts';
