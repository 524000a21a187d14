import { type Caller, hasRole, isRegistryKeeper, type Role } from './roles.ts';

/**
 * Every route declares one of these (route option `config.access`); a route without one cannot be
 * registered (deny by default). A rule decides only whether the caller may call the endpoint at
 * all; which persons it may touch (organisation scoping) is decided by the service with the data.
 */
export interface AccessRule {
  readonly name: string;
  /** false: no credentials needed (login, token endpoint, API documentation). */
  readonly authenticated: boolean;
  readonly allows: (caller: Caller) => boolean;
}

function anyOf(name: string, roles: Role[]): AccessRule {
  return {
    name,
    authenticated: true,
    // The registry keeper at the root may do everything (SPEC §11).
    allows: (caller) => isRegistryKeeper(caller) || roles.some((r) => hasRole(caller, r)),
  };
}

export const rules = {
  /** No credentials: documentation, health, obtaining credentials. */
  public: { name: 'public', authenticated: false, allows: () => true } as AccessRule,
  /** Any signed-in caller, for "who am I" and the like. */
  authenticated: { name: 'authenticated', authenticated: true, allows: () => true } as AccessRule,
  /** Find or create a person by hetu and names, one at a time or in a mass import. */
  createLearnerNumber: anyOf('createLearnerNumber', ['YLEISTUNNISTE_LUONTI']),
  registryKeeper: {
    name: 'registryKeeper',
    authenticated: true,
    allows: isRegistryKeeper,
  } as AccessRule,
} satisfies Record<string, AccessRule>;
