import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createOrganisation, createUser, type Role } from '../../src/access/index.ts';
import { type AppOptions, buildApp } from '../../src/app.ts';
import type { AuditActor } from '../../src/audit/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { AppServices } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { makeHetu } from '../../src/domain/hetu.ts';
import type { PopulationRegister } from '../../src/identification/population-register.ts';
import {
  SimulatedPopulationRegister,
  type SimulatedRegisterEntry,
} from '../../src/identification/simulated-register.ts';
import { createServices } from '../../src/services.ts';

export const API = '/oppijanumerorekisteri-service';
const TEST_UI_DIST = fileURLToPath(new URL('./ui-dist', import.meta.url));

export interface TestAppOptions {
  environment?: 'test' | 'production';
  register?: PopulationRegister;
  env?: Record<string, string>;
  /** Overrides of the app's options (rate limits, a log stream). */
  app?: Partial<AppOptions>;
}

export interface TestApp {
  app: FastifyInstance;
  services: AppServices;
  close(): Promise<void>;
}

export async function createTestApp(database: Database, options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({
    ONR_ENVIRONMENT: options.environment ?? 'test',
    ...(options.environment === 'production'
      ? { ONR_POPULATION_REGISTER_URL: 'http://127.0.0.1:9/', ONR_TOKEN_SECRET: 'p'.repeat(40) }
      : {}),
    ONR_LOG_LEVEL: 'silent',
    // Tests call these endpoints far more often than a client would; the limits have their own test.
    ONR_TOKEN_RATE_LIMIT: '10000',
    ONR_LOGIN_RATE_LIMIT: '10000',
    ...options.env,
  });
  const services = await createServices(config, database, {
    populationRegister: options.register ?? new SimulatedPopulationRegister(TEST_REGISTER),
  });
  const app = await buildApp(services, {
    logger: false,
    // A minimal page, so that the UI's routes answer whether or not web/dist has been built.
    uiDistDir: TEST_UI_DIST,
    ...options.app,
  });
  await app.ready();
  return { app, services, close: () => app.close() };
}

const testActor: AuditActor = { oid: null, kind: 'system', name: 'test-fixture', organisations: [] };

export interface Organisations {
  provider: string;
  school: string;
  other: string;
}

/** Provider with a school below it, and an unrelated provider. */
export async function createOrganisations(services: AppServices, suffix = ''): Promise<Organisations> {
  const ctx = { db: services.db, actor: testActor, userOidNode: services.personOidNode };
  const provider = await createOrganisation(ctx, { name: `Provider${suffix}`, type: 'koulutustoimija' });
  const school = await createOrganisation(ctx, {
    name: `School${suffix}`,
    type: 'oppilaitos',
    parentOid: provider.oid,
  });
  const other = await createOrganisation(ctx, { name: `Other${suffix}`, type: 'koulutustoimija' });
  return { provider: provider.oid, school: school.oid, other: other.oid };
}

let counter = 0;

/** A service user with the roles in the organisation, and a fresh access token for it. */
export async function serviceUser(
  t: TestApp,
  organisationOid: string,
  roles: Role[],
): Promise<{
  oid: string;
  clientId: string;
  secret: string;
  token: string;
  auth: { authorization: string };
}> {
  counter += 1;
  const created = await createUser(
    { db: t.services.db, actor: testActor, userOidNode: t.services.personOidNode },
    {
      kind: 'service',
      name: `client ${counter}`,
      username: `client-${counter}-${Date.now()}`,
      organisationOid,
      roles,
    },
  );
  const res = await t.app.inject({
    method: 'POST',
    url: `${API}/oauth2/token`,
    payload: { grant_type: 'client_credentials', client_id: created.username, client_secret: created.secret },
  });
  if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`);
  const token = res.json().access_token as string;
  return {
    oid: created.oid,
    clientId: created.username,
    secret: created.secret,
    token,
    auth: { authorization: `Bearer ${token}` },
  };
}

/** The persons of the simulated register the tests use; hetus are test hetus (900–999). */
export const PERSONS = {
  matti: {
    hetu: makeHetu('1990-05-17', 901, '-'),
    etunimet: 'Matti Juhani',
    sukunimi: 'Virtanen',
    kutsumanimi: 'Matti',
  },
  aino: {
    hetu: makeHetu('2005-02-03', 902, 'A'),
    etunimet: 'Aino-Liisa Maria',
    sukunimi: 'Äijälä',
    kutsumanimi: 'Aino',
    entisetSukunimet: ['Korhonen'],
  },
  soren: {
    hetu: makeHetu('1978-11-30', 903, '-'),
    etunimet: 'Søren',
    sukunimi: 'Ågren',
    kutsumanimi: 'Søren',
  },
  old: { hetu: makeHetu('1980-01-01', 904, '-'), etunimet: 'Vanha', sukunimi: 'Hetu', passivoitu: true },
  renewed: {
    hetu: makeHetu('1980-01-01', 906, '-'),
    etunimet: 'Ville',
    sukunimi: 'Uusi',
    kutsumanimi: 'Ville',
  },
  passivatedNoActive: {
    hetu: makeHetu('1981-01-01', 908, '-'),
    etunimet: 'Paavo',
    sukunimi: 'Passiivi',
    passivoitu: true,
  },
  concurrent: {
    hetu: makeHetu('2001-06-15', 910, 'A'),
    etunimet: 'Kaisa',
    sukunimi: 'Kilpailija',
    kutsumanimi: 'Kaisa',
  },
  testiName: {
    hetu: makeHetu('1999-09-09', 912, '-'),
    etunimet: 'Testi',
    sukunimi: 'Testaaja',
    kutsumanimi: 'Testi',
  },
} satisfies Record<string, SimulatedRegisterEntry>;

export const TEST_REGISTER: SimulatedRegisterEntry[] = [
  ...Object.values(PERSONS).filter((p) => p !== PERSONS.old),
  { ...PERSONS.old, aktiivinenHetu: PERSONS.renewed.hetu },
];

/** POST /yleistunniste/hae as the caller (its headers), for a person given by hetu and names. */
export function lookUp(
  t: TestApp,
  headers: Record<string, string>,
  person: Parameters<typeof lookupBody>[0],
) {
  return t.app.inject({
    method: 'POST',
    url: `${API}/yleistunniste/hae`,
    headers,
    payload: lookupBody(person),
  });
}

export function lookupBody(p: { hetu: string; etunimet: string; sukunimi: string; kutsumanimi?: string }) {
  return {
    hetu: p.hetu,
    etunimet: p.etunimet,
    sukunimi: p.sukunimi,
    kutsumanimi: p.kutsumanimi ?? p.etunimet.split(' ')[0]!.split('-')[0]!,
  };
}
