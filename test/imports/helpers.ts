import { sql } from 'kysely';
import { type BackgroundOptions, createBackgroundWork, importWorkerDeps } from '../../src/background.ts';
import type { Db } from '../../src/db/database.ts';
import { makeHetu } from '../../src/domain/hetu.ts';
import { generateOid } from '../../src/domain/oid.ts';
import { importQueue } from '../../src/imports/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { logTransport, mailQueue } from '../../src/mail/index.ts';
import { API, type serviceUser, type TestApp } from '../support/app.ts';

export type Client = Awaited<ReturnType<typeof serviceUser>>;

export const silentLogger = { info() {}, warn() {}, error() {} };

/** All of the app's background work, not started: tests drive it with runUntilIdle(). */
export function backgroundOf(t: TestApp, options: BackgroundOptions = {}) {
  return createBackgroundWork(t.services, silentLogger, options);
}

/**
 * Only the import and mail queues: tests of what an import does, undisturbed by the other
 * background work (identification would change the persons they look at).
 */
export function importWorkOf(t: TestApp, options: { pollIntervalMs?: number } = {}) {
  const runner = new JobRunner(t.services.db, { logger: silentLogger, ...options });
  runner.addQueue(importQueue(importWorkerDeps(t.services)));
  const transport = logTransport(silentLogger);
  runner.addQueue(mailQueue(t.services.db, transport, 'onr@localhost'));
  return {
    runner,
    async stop() {
      await runner.stop();
      transport.close();
    },
  };
}

let serial = 0;
/** A valid hetu no other test uses (non-test individual numbers; tests run in the test environment). */
export function freshHetu(): string {
  serial += 1;
  const day = new Date(Date.UTC(1960, 0, 1) + (serial % 9000) * 86_400_000).toISOString().slice(0, 10);
  return makeHetu(day, 2 + ((process.pid + serial * 7) % 897));
}

export interface Row {
  tunniste?: string;
  henkilo: Record<string, unknown>;
}

export function row(tunniste: string, henkilo: Record<string, unknown>): Row {
  return { tunniste, henkilo };
}

export const names = (
  etunimet = 'Aino Maria',
  sukunimi = 'Virtanen',
  kutsumanimi = etunimet.split(' ')[0],
) => ({
  etunimet,
  kutsumanimi,
  sukunimi,
});

/** PUT /{api}; `query` e.g. 'rivivirheet=true' (the opt-in row-error mode). */
export function putImport(
  t: TestApp,
  client: Client | undefined,
  api: 'yleistunniste' | 'oppija',
  body: unknown,
  query = '',
) {
  return t.app.inject({
    method: 'PUT',
    url: `${API}/${api}${query ? `?${query}` : ''}`,
    headers: client?.auth ?? {},
    payload: body as object,
  });
}

export function getImport(t: TestApp, client: Client | undefined, api: string, id: number, suffix = '') {
  return t.app.inject({
    method: 'GET',
    url: `${API}/${api}/tuonti=${id}${suffix}`,
    headers: client?.auth ?? {},
  });
}

export function resume(t: TestApp, client: Client | undefined, api: string, id: number) {
  return t.app.inject({ method: 'POST', url: `${API}/${api}/tuonti=${id}`, headers: client?.auth ?? {} });
}

/** A person registered before the import, with a current hetu and optionally earlier ones. */
export async function insertPerson(
  db: Db,
  person: {
    hetu?: string;
    etunimet: string;
    sukunimi: string;
    formerHetus?: string[];
    passport?: string;
    email?: string;
  },
): Promise<{ id: number; oid: string }> {
  const oid = generateOid('98');
  const inserted = await db
    .insertInto('persons')
    .values({
      oid,
      hetu: person.hetu ?? null,
      first_names: person.etunimet,
      nickname: person.etunimet.split(' ')[0]!,
      surname: person.sukunimi,
      created_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const hetu of [...(person.hetu ? [person.hetu] : []), ...(person.formerHetus ?? [])]) {
    await db.insertInto('person_hetus').values({ hetu, person_id: inserted.id }).execute();
  }
  if (person.passport) {
    await db
      .insertInto('person_passports')
      .values({ passport_number: person.passport, person_id: inserted.id })
      .execute();
  }
  if (person.email)
    await db.insertInto('person_emails').values({ email: person.email, person_id: inserted.id }).execute();
  return { id: inserted.id, oid };
}

export async function countPersons(db: Db, hetu: string): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from persons where hetu = ${hetu}`.execute(
    db,
  );
  return row.rows[0]!.n;
}
