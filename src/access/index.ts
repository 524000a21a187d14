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
export { type AccessRule, rules } from './rules.ts';
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
export { createTokenIssuer, type TokenIssuer } from './tokens.ts';
