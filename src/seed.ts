import { createOrganisation, createUser, getSetting } from './access/index.ts';
import type { AuditActor } from './audit/index.ts';
import type { Db } from './db/index.ts';
import { GRANTABLE_BY_MAIN_USER, oidCheckDigit, ROOT_ORGANISATION_OID } from './domain/index.ts';

/** Fixed, valid OIDs for the demo organisations, so that docs and examples can name them. */
function demoOid(n: number): string {
  const digits = String(1_000_000_000 + n);
  return `1.2.246.562.10.${digits}${oidCheckDigit('10', digits)}`;
}

export const DEMO = {
  provider: { oid: demoOid(1), name: 'Demo-koulutuskuntayhtymä' },
  school: { oid: demoOid(2), name: 'Demo-lukio' },
  otherProvider: { oid: demoOid(3), name: 'Toinen koulutuksen järjestäjä' },
  serviceUser: { clientId: 'demo-client', secret: 'demo-client-secret' },
  officials: [
    { username: 'demo-virkailija', password: 'demo-virkailija-password', name: 'Demo Virkailija' },
    {
      username: 'demo-vastuukayttaja',
      password: 'demo-vastuukayttaja-password',
      name: 'Demo Vastuukäyttäjä',
    },
    {
      username: 'demo-rekisterinpitaja',
      password: 'demo-rekisterinpitaja-password',
      name: 'Demo Rekisterinpitäjä',
    },
    {
      // An official of the school below the provider: sees the school's persons, not the provider's.
      username: 'demo-lukio-virkailija',
      password: 'demo-lukio-virkailija-password',
      name: 'Demo Lukion Virkailija',
    },
  ],
} as const;

export interface DemoLogins {
  serviceUser: { clientId: string; secret: string };
  officials: { username: string; password: string; roles: string[] }[];
}

/** True once demo data was seeded; a production deployment refuses to start on such a database. */
export async function hasDemoData(db: Db): Promise<boolean> {
  return (await getSetting(db, 'demo_data')) !== undefined;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('oid').limit(1).executeTakeFirst();
  return row === undefined;
}

/** Demo organisations, a service user and officials (test environment only). */
export async function seedDemoData(db: Db, userOidNode: string): Promise<DemoLogins> {
  const actor: AuditActor = { oid: null, kind: 'system', name: 'seed', organisations: [] };
  const ctx = { db, actor, userOidNode };
  await createOrganisation(ctx, {
    oid: DEMO.provider.oid,
    name: DEMO.provider.name,
    type: 'koulutustoimija',
  });
  await createOrganisation(ctx, {
    oid: DEMO.school.oid,
    name: DEMO.school.name,
    type: 'oppilaitos',
    parentOid: DEMO.provider.oid,
  });
  await createOrganisation(ctx, {
    oid: DEMO.otherProvider.oid,
    name: DEMO.otherProvider.name,
    type: 'koulutustoimija',
  });
  const serviceRoles = ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI'];
  await createUser(ctx, {
    kind: 'service',
    username: DEMO.serviceUser.clientId,
    name: 'Demo student administration system',
    organisationOid: DEMO.provider.oid,
    roles: serviceRoles,
    secret: DEMO.serviceUser.secret,
  });
  const officialRoles: Record<string, { org: string; roles: string[] }> = {
    'demo-virkailija': {
      org: DEMO.provider.oid,
      roles: [...GRANTABLE_BY_MAIN_USER],
    },
    'demo-vastuukayttaja': { org: DEMO.provider.oid, roles: ['VASTUUKAYTTAJA'] },
    'demo-rekisterinpitaja': { org: ROOT_ORGANISATION_OID, roles: ['REKISTERINPITAJA'] },
    'demo-lukio-virkailija': {
      org: DEMO.school.oid,
      roles: ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI', 'HENKILON_RU', 'TUONTIDATA_READ'],
    },
  };
  const officials: DemoLogins['officials'] = [];
  for (const o of DEMO.officials) {
    const grant = officialRoles[o.username]!;
    await createUser(ctx, {
      kind: 'official',
      username: o.username,
      name: o.name,
      organisationOid: grant.org,
      roles: grant.roles,
      secret: o.password,
    });
    officials.push({ username: o.username, password: o.password, roles: grant.roles });
  }
  await db.insertInto('settings').values({ key: 'demo_data', value: new Date().toISOString() }).execute();
  return { serviceUser: { ...DEMO.serviceUser }, officials };
}

export function demoLogins(): DemoLogins {
  return {
    serviceUser: { ...DEMO.serviceUser },
    officials: DEMO.officials.map((o) => ({ username: o.username, password: o.password, roles: [] })),
  };
}
