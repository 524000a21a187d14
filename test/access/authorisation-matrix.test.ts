/**
 * The route table and the authorisation matrix (SPEC §11, issue 5).
 *
 * Every registered route must have a permission rule from src/access/rules.ts and an entry in
 * CASES below; the matrix then calls every endpoint as every role, on an object of the caller's
 * own organisation, of a child organisation and of another provider, and with grants that are
 * expired, not yet valid or revoked — and checks that 401 and 403 come exactly where they should.
 *
 * HOW TO ADD AN ENDPOINT: add an entry to CASES keyed "METHOD <url as registered>" (e.g.
 * `GET ${API}/persons/:oid`):
 *   - allowed: 'public' (no credentials), 'signed-in' (any authenticated caller) or the roles
 *     that pass the route's rule. The registry keeper (REKISTERINPITAJA at the root) always passes.
 *   - scoped: true when the sample request targets an object belonging to the given
 *     organisation (a person attached there, a user, an import, the organisation itself) and a
 *     caller whose grants do not cover that organisation's subtree must get 403.
 *   - request(fx, target): the sample request; fx holds per-organisation objects (see Fixture),
 *     extend it when your endpoint needs one. The sample need not succeed: "allowed" only means
 *     "not 401 and not 403" (404, 409, 400 are fine). It must never be 5xx.
 * The matrix fails when a route has no entry and when an entry has no route.
 */
import Fastify, { type InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { accessRouteTable, ROLES, type Role, registerAccessControl, rules } from '../../src/access/index.ts';
import { DOCS_PREFIX } from '../../src/app.ts';
import { generateOid, ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import { ageUser, createOfficial, insertUser, tokenFor } from '../support/access.ts';
import {
  API,
  createOrganisations,
  createTestApp,
  lookupBody,
  PERSONS,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

type Target = 'own' | 'child' | 'other';
const TARGETS: Target[] = ['own', 'child', 'other'];

/** Objects of one organisation that sample requests point at. */
interface OrganisationObjects {
  oid: string;
  /** A person attached to the organisation. */
  personOid: string;
  /** A service user of the organisation (grants, secret rotation). */
  userOid: string;
  /** A revocable grant of that user in the organisation. */
  grantId: number;
  /** Imports made by that user. */
  yleistunnisteImport: number;
  oppijaImport: number;
}

interface Fixture {
  orgs: Record<Target, OrganisationObjects>;
  client: { id: string; secret: string };
  official: { username: string; password: string };
  /** A fresh value for names that must be unique (usernames). */
  unique(): string;
}

interface RouteCase {
  allowed: 'public' | 'signed-in' | readonly Role[];
  scoped: boolean;
  request(fx: Fixture, target: Target): Omit<InjectOptions, 'method'>;
}

const KEEPER_ONLY: readonly Role[] = [];
const READ_PERSON_ROLES: readonly Role[] = [
  'HENKILON_RU',
  'VTJ_VERTAILUNAKYMA',
  'MANUAALINEN_YKSILOINTI',
  'DUPLIKAATTINAKYMA',
  'TUONTIDATA_READ',
  'OPPIJOIDENTUONTI',
];
const IMPORT_REPORT_ROLES: readonly Role[] = ['OPPIJOIDENTUONTI', 'TUONTIDATA_READ', 'HENKILON_RU'];
/** A valid person OID that no person has. */
const NO_PERSON = '1.2.246.562.98.99999999990';
const json = (url: string, payload: object) => ({ url, payload });
const tokenForm = (fx: Fixture) => ({
  payload: `grant_type=client_credentials&client_id=${fx.client.id}&client_secret=${fx.client.secret}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

const CASES: Record<string, RouteCase> = {
  // Public: documentation, health, obtaining credentials.
  'GET /': { allowed: 'public', scoped: false, request: () => ({ url: '/' }) },
  [`GET ${API}/openapi.json`]: {
    allowed: 'public',
    scoped: false,
    request: () => ({ url: `${API}/openapi.json` }),
  },
  [`GET ${API}/health`]: { allowed: 'public', scoped: false, request: () => ({ url: `${API}/health` }) },
  [`GET ${API}/koodisto/:name`]: {
    allowed: 'public',
    scoped: false,
    request: () => ({ url: `${API}/koodisto/maatjavaltiot2` }),
  },
  // Operations (src/ops/routes.ts): probes and the scrape carry no credentials; /metrics is limited
  // by client address instead (ONR_METRICS_ALLOW; the matrix's requests come from loopback).
  'GET /health/live': { allowed: 'public', scoped: false, request: () => ({ url: '/health/live' }) },
  'GET /health/ready': { allowed: 'public', scoped: false, request: () => ({ url: '/health/ready' }) },
  'GET /metrics': { allowed: 'public', scoped: false, request: () => ({ url: '/metrics' }) },
  // The officials' UI (src/ui/plugin.ts): the page and its assets carry no personal data; the API
  // behind them checks the session on every call.
  'GET /henkilo-ui': { allowed: 'public', scoped: false, request: () => ({ url: '/henkilo-ui' }) },
  'GET /henkilo-ui/': { allowed: 'public', scoped: false, request: () => ({ url: '/henkilo-ui/' }) },
  'GET /henkilo-ui/*': {
    allowed: 'public',
    scoped: false,
    request: () => ({ url: '/henkilo-ui/oppijanumero' }),
  },
  'POST /oauth2/token': {
    allowed: 'public',
    scoped: false,
    request: (fx) => ({ url: '/oauth2/token', ...tokenForm(fx) }),
  },
  'POST /kayttooikeus-service/oauth2/token': {
    allowed: 'public',
    scoped: false,
    request: (fx) => ({ url: '/kayttooikeus-service/oauth2/token', ...tokenForm(fx) }),
  },
  [`POST ${API}/oauth2/token`]: {
    allowed: 'public',
    scoped: false,
    request: (fx) => ({ url: `${API}/oauth2/token`, ...tokenForm(fx) }),
  },
  [`POST ${API}/session`]: {
    allowed: 'public',
    scoped: false,
    request: (fx) =>
      json(`${API}/session`, { username: fx.official.username, password: fx.official.password }),
  },
  [`GET ${DOCS_PREFIX}`]: { allowed: 'public', scoped: false, request: () => ({ url: DOCS_PREFIX }) },
  [`GET ${DOCS_PREFIX}/static/index.html`]: {
    allowed: 'public',
    scoped: false,
    request: () => ({ url: `${DOCS_PREFIX}/static/index.html` }),
  },
  [`GET ${DOCS_PREFIX}/static/swagger-initializer.js`]: {
    allowed: 'public',
    scoped: false,
    request: () => ({ url: `${DOCS_PREFIX}/static/swagger-initializer.js` }),
  },
  [`GET ${DOCS_PREFIX}/json`]: {
    allowed: 'public',
    scoped: false,
    request: () => ({ url: `${DOCS_PREFIX}/json` }),
  },
  [`GET ${DOCS_PREFIX}/yaml`]: {
    allowed: 'public',
    scoped: false,
    request: () => ({ url: `${DOCS_PREFIX}/yaml` }),
  },
  [`GET ${DOCS_PREFIX}/static/*`]: {
    allowed: 'public',
    scoped: false,
    request: () => ({ url: `${DOCS_PREFIX}/static/swagger-ui.css` }),
  },

  // The caller's own session and details.
  [`DELETE ${API}/session`]: {
    allowed: 'signed-in',
    scoped: false,
    request: () => ({ url: `${API}/session` }),
  },
  [`GET ${API}/me`]: { allowed: 'signed-in', scoped: false, request: () => ({ url: `${API}/me` }) },
  [`PUT ${API}/me/password`]: {
    allowed: 'signed-in',
    scoped: false,
    request: () => json(`${API}/me/password`, { currentPassword: 'x', newPassword: 'y' }),
  },

  // Organisations.
  [`GET ${API}/organisations`]: {
    allowed: 'signed-in',
    scoped: false,
    request: () => ({ url: `${API}/organisations` }),
  },
  [`GET ${API}/organisations/:oid`]: {
    allowed: 'signed-in',
    scoped: true,
    request: (fx, t) => ({ url: `${API}/organisations/${fx.orgs[t].oid}` }),
  },
  [`POST ${API}/organisations`]: {
    allowed: KEEPER_ONLY,
    scoped: false,
    request: (fx, t) =>
      json(`${API}/organisations`, { name: `Unit ${fx.unique()}`, parentOid: fx.orgs[t].oid }),
  },
  [`PATCH ${API}/organisations/:oid`]: {
    allowed: KEEPER_ONLY,
    scoped: false,
    request: (fx, t) => json(`${API}/organisations/${fx.orgs[t].oid}`, { name: `Renamed ${t}` }),
  },

  // Users and grants.
  [`GET ${API}/organisations/:oid/users`]: {
    allowed: ['VASTUUKAYTTAJA', 'REKISTERINPITAJA_READ'],
    scoped: true,
    request: (fx, t) => ({ url: `${API}/organisations/${fx.orgs[t].oid}/users` }),
  },
  [`POST ${API}/officials`]: {
    allowed: ['VASTUUKAYTTAJA'],
    scoped: true,
    request: (fx, t) =>
      json(`${API}/officials`, {
        username: `matrix-${fx.unique()}`,
        name: 'Matrix Official',
        organisationOid: fx.orgs[t].oid,
      }),
  },
  [`POST ${API}/service-users`]: {
    allowed: ['VASTUUKAYTTAJA'],
    scoped: true,
    request: (fx, t) =>
      json(`${API}/service-users`, { name: `System ${fx.unique()}`, organisationOid: fx.orgs[t].oid }),
  },
  [`POST ${API}/service-users/:oid/secret`]: {
    allowed: ['VASTUUKAYTTAJA'],
    scoped: true,
    request: (fx, t) => ({ url: `${API}/service-users/${fx.orgs[t].userOid}/secret` }),
  },
  [`POST ${API}/users/:oid/grants`]: {
    allowed: ['VASTUUKAYTTAJA'],
    scoped: true,
    request: (fx, t) =>
      json(`${API}/users/${fx.orgs[t].userOid}/grants`, {
        role: 'TUONTIDATA_READ',
        organisationOid: fx.orgs[t].oid,
      }),
  },
  [`PATCH ${API}/grants/:id`]: {
    allowed: ['VASTUUKAYTTAJA'],
    scoped: true,
    request: (fx, t) =>
      json(`${API}/grants/${fx.orgs[t].grantId}`, {
        validUntil: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
      }),
  },
  [`DELETE ${API}/grants/:id`]: {
    allowed: ['VASTUUKAYTTAJA'],
    scoped: true,
    request: (fx, t) => ({ url: `${API}/grants/${fx.orgs[t].grantId}` }),
  },

  // Reports.
  [`GET ${API}/reports/test-data`]: {
    allowed: KEEPER_ONLY,
    scoped: false,
    request: () => ({ url: `${API}/reports/test-data` }),
  },
  [`GET ${API}/audit-log`]: {
    allowed: KEEPER_ONLY,
    scoped: false,
    request: () => ({ url: `${API}/audit-log?maara=1` }),
  },

  // The single-person API: hae, exists and create attach the person to the caller's organisations
  // (the caller proves it knows the hetu and names), so they are not scoped; neither is the OID
  // description, which any YLEISTUNNISTE_LUONTI caller may ask for (SPEC §7a, as the reference).
  [`POST ${API}/yleistunniste/hae`]: {
    allowed: ['YLEISTUNNISTE_LUONTI'],
    scoped: false,
    request: () => json(`${API}/yleistunniste/hae`, lookupBody(PERSONS.matti)),
  },
  [`GET ${API}/yleistunniste/hae/:oid`]: {
    allowed: ['YLEISTUNNISTE_LUONTI'],
    scoped: false,
    request: (fx, t) => ({ url: `${API}/yleistunniste/hae/${fx.orgs[t].personOid}` }),
  },
  [`POST ${API}/henkilo/exists`]: {
    allowed: ['YLEISTUNNISTE_LUONTI'],
    scoped: false,
    request: () => json(`${API}/henkilo/exists`, lookupBody(PERSONS.aino)),
  },
  [`POST ${API}/henkilo`]: {
    allowed: ['YLEISTUNNISTE_LUONTI'],
    scoped: false,
    request: () => json(`${API}/henkilo`, lookupBody(PERSONS.soren)),
  },
  // One learner created by an importing system (SPEC §7a): attached to the caller, not scoped.
  [`POST ${API}/oppija`]: {
    allowed: ['OPPIJOIDENTUONTI'],
    scoped: false,
    request: () =>
      json(`${API}/oppija`, {
        etunimet: 'Matriisi',
        kutsumanimi: 'Matriisi',
        sukunimi: 'Testaus',
        syntymaaika: '2010-01-01',
        sukupuoli: '2',
        kansalaisuus: [{ kansalaisuusKoodi: '232' }],
      }),
  },

  // Mass import (src/imports): results belong to the importing organisations.
  [`PUT ${API}/yleistunniste`]: {
    allowed: ['YLEISTUNNISTE_LUONTI'],
    scoped: false,
    request: () =>
      json(`${API}/yleistunniste`, { henkilot: [{ tunniste: '1', henkilo: lookupBody(PERSONS.matti) }] }),
  },
  [`GET ${API}/yleistunniste/tuonti=:id/perustiedot`]: {
    allowed: ['YLEISTUNNISTE_LUONTI', 'TUONTIDATA_READ'],
    scoped: true,
    request: (fx, t) => ({
      url: `${API}/yleistunniste/tuonti=${fx.orgs[t].yleistunnisteImport}/perustiedot`,
    }),
  },
  [`GET ${API}/yleistunniste/tuonti=:id`]: {
    allowed: ['YLEISTUNNISTE_LUONTI', 'TUONTIDATA_READ'],
    scoped: true,
    request: (fx, t) => ({ url: `${API}/yleistunniste/tuonti=${fx.orgs[t].yleistunnisteImport}` }),
  },
  [`POST ${API}/yleistunniste/tuonti=:id`]: {
    allowed: ['YLEISTUNNISTE_LUONTI'],
    scoped: true,
    request: (fx, t) => ({ url: `${API}/yleistunniste/tuonti=${fx.orgs[t].yleistunnisteImport}` }),
  },
  [`PUT ${API}/oppija`]: {
    allowed: ['OPPIJOIDENTUONTI'],
    scoped: false,
    request: () =>
      json(`${API}/oppija`, {
        henkilot: [
          { tunniste: '1', henkilo: { ...lookupBody(PERSONS.matti), kansalaisuus: [{ koodi: '246' }] } },
        ],
      }),
  },
  [`GET ${API}/oppija/tuonti=:id/perustiedot`]: {
    allowed: ['OPPIJOIDENTUONTI', 'TUONTIDATA_READ'],
    scoped: true,
    request: (fx, t) => ({ url: `${API}/oppija/tuonti=${fx.orgs[t].oppijaImport}/perustiedot` }),
  },
  [`GET ${API}/oppija/tuonti=:id`]: {
    allowed: ['OPPIJOIDENTUONTI', 'TUONTIDATA_READ'],
    scoped: true,
    request: (fx, t) => ({ url: `${API}/oppija/tuonti=${fx.orgs[t].oppijaImport}` }),
  },
  [`POST ${API}/oppija/tuonti=:id`]: {
    allowed: ['OPPIJOIDENTUONTI'],
    scoped: true,
    request: (fx, t) => ({ url: `${API}/oppija/tuonti=${fx.orgs[t].oppijaImport}` }),
  },
  // The feed and the summary are scoped in their query (the caller's own persons), not by a target.
  [`GET ${API}/oppija/muuttuneet`]: {
    allowed: ['OPPIJOIDENTUONTI', 'REKISTERINPITAJA_READ'],
    scoped: false,
    request: () => ({ url: `${API}/oppija/muuttuneet?muokattuJalkeen=2020-01-01T00:00:00Z` }),
  },
  [`GET ${API}/oppija/yhteenveto`]: {
    allowed: ['OPPIJOIDENTUONTI', 'REKISTERINPITAJA_READ'],
    scoped: false,
    request: () => ({ url: `${API}/oppija/yhteenveto` }),
  },
  // Scoped in its query (the caller's organisations' imports), not by a target.
  [`GET ${API}/oppija/tuontikooste`]: {
    allowed: ['OPPIJOIDENTUONTI'],
    scoped: false,
    request: () => ({ url: `${API}/oppija/tuontikooste?page=1&pageSize=5` }),
  },
  [`GET ${API}/henkilo/changedSince`]: {
    allowed: KEEPER_ONLY,
    scoped: false,
    request: () => ({ url: `${API}/henkilo/changedSince?since=2020-01-01T00:00:00Z` }),
  },
  // The list is scoped in its query (the caller's own imports), not by a target.
  [`GET ${API}/tuonnit`]: {
    allowed: ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI', 'TUONTIDATA_READ'],
    scoped: false,
    request: () => ({ url: `${API}/tuonnit?page=1&count=5` }),
  },

  // Duplicates (src/duplicates). A person out of the caller's scope answers 404, as every person
  // endpoint of docs/API-OFFICIALS.md does, so these are not "scoped" here (the matrix expects 403);
  // test/duplicates/duplicates.test.ts covers their scoping. The samples change nothing: the OID
  // ...99990 does not exist.
  [`GET ${API}/henkilo/:oid/duplikaatit`]: {
    allowed: ['DUPLIKAATTINAKYMA'],
    scoped: false,
    request: (fx, t) => ({ url: `${API}/henkilo/${fx.orgs[t].personOid}/duplikaatit` }),
  },
  [`POST ${API}/duplikaatit/haku`]: {
    allowed: ['DUPLIKAATTINAKYMA', 'YLEISTUNNISTE_LUONTI'],
    scoped: false,
    request: () => json(`${API}/duplikaatit/haku`, { etunimet: 'Matriisi', sukunimi: 'own' }),
  },
  [`POST ${API}/henkilo/:oid/linkita`]: {
    allowed: ['DUPLIKAATTINAKYMA'],
    scoped: false,
    request: (fx, t) =>
      json(`${API}/henkilo/${fx.orgs[t].personOid}/linkita`, { slaves: ['1.2.246.562.98.99999999990'] }),
  },
  [`POST ${API}/henkilo/:oid/pura-linkitys`]: {
    allowed: ['DUPLIKAATTINAKYMA'],
    scoped: false,
    request: (fx, t) => json(`${API}/henkilo/${fx.orgs[t].personOid}/pura-linkitys`, {}),
  },
  [`POST ${API}/henkilo/:oid/ei-duplikaatti`]: {
    allowed: ['DUPLIKAATTINAKYMA'],
    scoped: false,
    request: (fx, t) =>
      json(`${API}/henkilo/${fx.orgs[t].personOid}/ei-duplikaatti`, { oid: '1.2.246.562.98.99999999990' }),
  },
  [`GET ${API}/henkilo/:oid/ei-duplikaatit`]: {
    allowed: ['DUPLIKAATTINAKYMA'],
    scoped: false,
    request: (fx, t) => ({ url: `${API}/henkilo/${fx.orgs[t].personOid}/ei-duplikaatit` }),
  },
  [`DELETE ${API}/henkilo/:oid/ei-duplikaatti/:otherOid`]: {
    allowed: ['DUPLIKAATTINAKYMA'],
    scoped: false,
    // A pair that is not on the list: 404 when allowed, so that the matrix changes nothing.
    request: (fx, t) => ({
      method: 'DELETE',
      url: `${API}/henkilo/${fx.orgs[t].personOid}/ei-duplikaatti/1.2.246.562.98.99999999990`,
    }),
  },

  // Officials' person endpoints and the error list (src/persons, src/identification). A person out
  // of scope answers 404, so they are not "scoped" here; test/persons and test/identification
  // cover their scoping. Reads use the organisation's person; writes an OID that does not exist
  // (404), so that the matrix changes no person the other entries use.
  [`GET ${API}/henkilo/:oid`]: {
    allowed: READ_PERSON_ROLES,
    scoped: false,
    request: (fx, t) => ({ url: `${API}/henkilo/${fx.orgs[t].personOid}` }),
  },
  [`PUT ${API}/henkilo/:oid`]: {
    allowed: ['HENKILON_RU'],
    scoped: false,
    request: () => json(`${API}/henkilo/${NO_PERSON}`, { aidinkieli: 'fi' }),
  },
  [`GET ${API}/henkilo/:oid/vtj-vertailu`]: {
    allowed: ['VTJ_VERTAILUNAKYMA', 'MANUAALINEN_YKSILOINTI'],
    scoped: false,
    request: (fx, t) => ({ url: `${API}/henkilo/${fx.orgs[t].personOid}/vtj-vertailu` }),
  },
  [`POST ${API}/henkilo/:oid/hyvaksy-vtj`]: {
    allowed: ['VTJ_VERTAILUNAKYMA', 'MANUAALINEN_YKSILOINTI'],
    scoped: false,
    request: () => ({ url: `${API}/henkilo/${NO_PERSON}/hyvaksy-vtj` }),
  },
  [`POST ${API}/henkilo/:oid/yksiloi`]: {
    allowed: ['MANUAALINEN_YKSILOINTI'],
    scoped: false,
    request: () =>
      json(`${API}/henkilo/${NO_PERSON}/yksiloi`, {
        etunimet: 'Matriisi',
        kutsumanimi: 'Matriisi',
        sukunimi: 'Yksilöity',
        syntymaaika: '2000-01-01',
        sukupuoli: '2',
        aidinkieli: 'fi',
        kansalaisuus: ['752'],
      }),
  },
  [`POST ${API}/henkilo/:oid/passivoi`]: {
    allowed: ['HENKILON_RU'],
    scoped: false,
    request: () => ({ url: `${API}/henkilo/${NO_PERSON}/passivoi` }),
  },
  [`POST ${API}/henkilo/:oid/aktivoi`]: {
    allowed: ['HENKILON_RU'],
    scoped: false,
    request: () => ({ url: `${API}/henkilo/${NO_PERSON}/aktivoi` }),
  },
  [`GET ${API}/henkilo/:oid/muutokset`]: {
    allowed: READ_PERSON_ROLES,
    scoped: false,
    request: (fx, t) => ({ url: `${API}/henkilo/${fx.orgs[t].personOid}/muutokset` }),
  },
  [`POST ${API}/henkilo/ilman-hetua`]: {
    allowed: ['YLEISTUNNISTE_LUONTI'],
    scoped: false,
    request: () =>
      json(`${API}/henkilo/ilman-hetua`, {
        etunimet: 'Matriisi',
        kutsumanimi: 'Matriisi',
        sukunimi: 'Hetuton',
        syntymaaika: '2000-01-01',
        sukupuoli: '1',
        kansalaisuus: ['752'],
      }),
  },
  [`GET ${API}/henkilo/haku`]: {
    allowed: ['HENKILON_RU', 'REKISTERINPITAJA_READ'],
    scoped: false,
    request: () => ({ url: `${API}/henkilo/haku?q=Matriisi` }),
  },
  [`GET ${API}/virhelista`]: {
    allowed: IMPORT_REPORT_ROLES,
    scoped: false,
    request: () => ({ url: `${API}/virhelista?haku=Matriisi&page=1&count=5` }),
  },
  [`GET ${API}/virhelista/yhteenveto`]: {
    allowed: IMPORT_REPORT_ROLES,
    scoped: false,
    request: () => ({ url: `${API}/virhelista/yhteenveto` }),
  },
};

/** Who calls: no credentials, a bad token, or a user with one grant (or none) in some state. */
interface Subject {
  label: string;
  headers: Record<string, string>;
  /** undefined: not authenticated at all. */
  role?: Role | null;
  /** Where the grant is held (and the user's home organisation). */
  organisation: 'provider' | 'root';
  state: 'valid' | 'expired' | 'future' | 'revoked' | 'dormant' | 'stale-token';
  authenticated: boolean;
  targets: Target[];
}

type Outcome = 'allow' | 401 | 403;

function expectedOutcome(c: RouteCase, s: Subject, target: Target): Outcome {
  if (c.allowed === 'public') return 'allow';
  if (!s.authenticated) return 401;
  const roles = s.state === 'valid' && s.role ? [s.role] : [];
  if (roles.includes('REKISTERINPITAJA') && s.organisation === 'root') return 'allow';
  const roleOk = c.allowed === 'signed-in' || c.allowed.some((r) => roles.includes(r));
  if (!roleOk) return 403;
  if (!c.scoped) return 'allow';
  // A grant at the root covers every organisation; one at the provider covers it and its school.
  return s.organisation === 'root' || target !== 'other' ? 'allow' : 403;
}

const ROOT_ROLES: Role[] = ['REKISTERINPITAJA', 'REKISTERINPITAJA_READ'];

describeEachDatabase('route table and authorisation matrix', (database) => {
  let t: TestApp;
  let fx: Fixture;
  let subjects: Subject[];

  beforeAll(async () => {
    t = await createTestApp(database());
    const orgs = await createOrganisations(t.services, ' matrix');
    const byTarget: Record<Target, string> = { own: orgs.provider, child: orgs.school, other: orgs.other };
    const objects = {} as Record<Target, OrganisationObjects>;
    let client = { id: '', secret: '' };
    for (const target of TARGETS) {
      const oid = byTarget[target];
      const user = await insertUser(t.services, {
        kind: 'service',
        organisationOid: oid,
        grants: [
          { role: 'YLEISTUNNISTE_LUONTI', organisationOid: oid },
          { role: 'OPPIJOIDENTUONTI', organisationOid: oid },
        ],
      });
      client = { id: user.username, secret: user.secret };
      const grant = await t.services.db
        .insertInto('grants')
        .values({ user_oid: user.oid, organisation_oid: oid, role: 'HENKILON_RU', granted_by: 'test' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const personOid = generateOid(t.services.personOidNode);
      await sql`with p as (insert into persons (oid, first_names, surname) values (${personOid}, 'Matriisi', ${target}) returning id)
        insert into person_organisations (person_id, organisation_oid) select id, ${oid} from p`.execute(
        t.services.db,
      );
      const auth = await tokenFor(t.services, user);
      const startImport = async (api: string) => {
        const res = await t.app.inject({
          method: 'PUT',
          url: `${API}/${api}`,
          headers: auth,
          // kansalaisuus: required of /oppija rows, ignored in /yleistunniste rows.
          payload: {
            henkilot: [{ tunniste: 'x', henkilo: { ...lookupBody(PERSONS.aino), kansalaisuus: ['246'] } }],
          },
        });
        if (res.statusCode !== 200) throw new Error(`import ${api}: ${res.statusCode} ${res.body}`);
        return res.json().id as number;
      };
      objects[target] = {
        oid,
        personOid,
        userOid: user.oid,
        grantId: grant.id,
        yleistunnisteImport: await startImport('yleistunniste'),
        oppijaImport: await startImport('oppija'),
      };
    }
    const official = await createOfficial(t.services, orgs.provider, []);
    let n = 0;
    fx = { orgs: objects, client, official, unique: () => `${Date.now()}-${++n}` };

    subjects = [
      {
        label: 'no credentials',
        headers: {},
        organisation: 'provider',
        state: 'valid',
        authenticated: false,
        targets: TARGETS,
      },
      {
        label: 'invalid token',
        headers: { authorization: 'Bearer not.a.token' },
        organisation: 'provider',
        state: 'valid',
        authenticated: false,
        targets: TARGETS,
      },
    ];
    const subject = async (role: Role | null, state: Subject['state']): Promise<Subject> => {
      const organisation = role && ROOT_ROLES.includes(role) ? 'root' : 'provider';
      const org = organisation === 'root' ? ROOT_ORGANISATION_OID : orgs.provider;
      const grantState = state === 'dormant' || state === 'stale-token' ? 'valid' : state;
      const user = await insertUser(t.services, {
        kind: 'service',
        organisationOid: org,
        grants: role ? [{ role, organisationOid: org, state: grantState }] : [],
      });
      const headers = await tokenFor(t.services, user);
      if (state === 'dormant') await ageUser(t.services, user.oid, 400);
      if (state === 'stale-token') {
        await sql`update users set secret_version = secret_version + 1 where oid = ${user.oid}`.execute(
          t.services.db,
        );
      }
      const authenticated = state !== 'dormant' && state !== 'stale-token';
      return {
        label: `${role ?? 'no grants'} (${state}) at ${organisation}`,
        headers,
        role,
        organisation,
        state,
        authenticated,
        targets: state === 'valid' ? TARGETS : ['own'],
      };
    };
    for (const role of ROLES) {
      for (const state of ['valid', 'expired', 'future', 'revoked'] as const)
        subjects.push(await subject(role, state));
    }
    subjects.push(await subject(null, 'valid'));
    subjects.push(await subject('YLEISTUNNISTE_LUONTI', 'dormant'));
    subjects.push(await subject('VASTUUKAYTTAJA', 'stale-token'));
    return () => t.close();
  });

  it('every route has a permission rule, and every rule is one of src/access/rules.ts', () => {
    const known = new Set<unknown>(Object.values(rules));
    const table = accessRouteTable(t.app);
    expect(table.length).toBeGreaterThan(20);
    const adHoc = table.filter((r) => !known.has(r.rule)).map((r) => `${r.method} ${r.url} (${r.rule.name})`);
    expect(adHoc).toEqual([]);
  });

  it('a route without a rule cannot be registered', async () => {
    const bare = Fastify();
    registerAccessControl(bare, t.services, [], []);
    expect(() => bare.get('/no-rule', async () => 'open')).toThrow(/has no access rule/);
    bare.get('/ruled', { config: { access: rules.public } }, async () => 'ok');
    await bare.ready();
    expect(accessRouteTable(bare).map((r) => r.url)).toContain('/ruled');
    await bare.close();
  });

  it('every route has a matrix entry, and every entry a route', () => {
    const routes = new Set(
      accessRouteTable(t.app)
        .filter((r) => r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url}`),
    );
    expect(
      [...routes].filter((k) => !(k in CASES)),
      'routes without an entry in CASES',
    ).toEqual([]);
    expect(
      Object.keys(CASES).filter((k) => !routes.has(k)),
      'entries in CASES without a route',
    ).toEqual([]);
  });

  it('every endpoint × role × own/child/other organisation × grant state: 401 and 403 exactly where due', async () => {
    const wrong: string[] = [];
    for (const [key, c] of Object.entries(CASES)) {
      const method = key.slice(0, key.indexOf(' ')) as InjectOptions['method'];
      // Public endpoints need no credentials: once, without any.
      const callers = c.allowed === 'public' ? subjects.slice(0, 1) : subjects;
      for (const s of callers) {
        for (const target of c.allowed === 'public' || !c.scoped ? ['own' as const] : s.targets) {
          const sample = c.request(fx, target);
          const res = await t.app.inject({
            method,
            ...sample,
            headers: { ...(sample.headers as Record<string, string>), ...s.headers },
          });
          const expected = expectedOutcome(c, s, target);
          const got = res.statusCode;
          const ok = got < 500 && (expected === 'allow' ? got !== 401 && got !== 403 : got === expected);
          if (!ok)
            wrong.push(
              `${key} as ${s.label} on ${target}: expected ${expected}, got ${got} ${res.body.slice(0, 160)}`,
            );
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
