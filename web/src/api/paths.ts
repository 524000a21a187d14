/**
 * Every API endpoint the UI calls, in one place. No other module builds an API path: the test
 * test/ui/api-paths.test.ts checks each of these against the server's OpenAPI document, and checks
 * that nothing outside web/src/api/ calls fetch.
 *
 * Paths are OpenAPI templates (`{oid}`), relative to API_BASE. This module is plain TypeScript
 * without DOM or JSX, so that the server-side tests can import it.
 */
export const API_BASE = '/oppijanumerorekisteri-service';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint {
  readonly method: HttpMethod;
  readonly path: string;
}

const e = (method: HttpMethod, path: string): Endpoint => ({ method, path });

export const ENDPOINTS = {
  // Session and "who am I" (docs/ACCESS.md)
  login: e('POST', '/session'),
  logout: e('DELETE', '/session'),
  me: e('GET', '/me'),

  // Code lists (countries, languages, municipalities, sex): the pickers and names (docs/COMPATIBILITY.md)
  codeList: e('GET', '/koodisto/{name}'),

  // Single person (SPEC §7)
  lookup: e('POST', '/yleistunniste/hae'),
  describeOid: e('GET', '/yleistunniste/hae/{oid}'),
  exists: e('POST', '/henkilo/exists'),
  createPerson: e('POST', '/henkilo'),

  // Officials' person endpoints (docs/API-OFFICIALS.md)
  createWithoutHetu: e('POST', '/henkilo/ilman-hetua'),
  person: e('GET', '/henkilo/{oid}'),
  updatePerson: e('PUT', '/henkilo/{oid}'),
  compareWithRegister: e('GET', '/henkilo/{oid}/vtj-vertailu'),
  acceptRegisterData: e('POST', '/henkilo/{oid}/hyvaksy-vtj'),
  identifyManually: e('POST', '/henkilo/{oid}/yksiloi'),
  passivate: e('POST', '/henkilo/{oid}/passivoi'),
  activate: e('POST', '/henkilo/{oid}/aktivoi'),
  auditTrail: e('GET', '/henkilo/{oid}/muutokset'),
  searchPersons: e('GET', '/henkilo/haku'),

  // Error list and imports
  errorList: e('GET', '/virhelista'),
  errorSummary: e('GET', '/virhelista/yhteenveto'),
  imports: e('GET', '/tuonnit'),
  yleistunnisteImportResults: e('GET', '/yleistunniste/tuonti={id}'),
  oppijaImportResults: e('GET', '/oppija/tuonti={id}'),

  // Duplicates
  duplicates: e('GET', '/henkilo/{oid}/duplikaatit'),
  linkDuplicates: e('POST', '/henkilo/{oid}/linkita'),
  unlinkDuplicate: e('POST', '/henkilo/{oid}/pura-linkitys'),
  notDuplicate: e('POST', '/henkilo/{oid}/ei-duplikaatti'),
  notDuplicates: e('GET', '/henkilo/{oid}/ei-duplikaatit'),
  removeNotDuplicate: e('DELETE', '/henkilo/{oid}/ei-duplikaatti/{otherOid}'),
  similarPersons: e('POST', '/duplikaatit/haku'),

  // Access administration (docs/ACCESS.md)
  organisations: e('GET', '/organisations'),
  createOrganisation: e('POST', '/organisations'),
  updateOrganisation: e('PATCH', '/organisations/{oid}'),
  organisationUsers: e('GET', '/organisations/{oid}/users'),
  createOfficial: e('POST', '/officials'),
  createServiceUser: e('POST', '/service-users'),
  rotateSecret: e('POST', '/service-users/{oid}/secret'),
  grant: e('POST', '/users/{oid}/grants'),
  revokeGrant: e('DELETE', '/grants/{id}'),
  changeGrantValidity: e('PATCH', '/grants/{id}'),

  // Registry keeper
  testDataReport: e('GET', '/reports/test-data'),
  auditLog: e('GET', '/audit-log'),
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Fills `{name}` placeholders; values are URI-encoded. */
export function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}
