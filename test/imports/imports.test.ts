import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import { API, createOrganisations, createTestApp, serviceUser, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';
import {
  type Client,
  countPersons,
  freshHetu,
  getImport,
  importWorkOf,
  insertPerson,
  names,
  putImport,
  resume,
  row,
} from './helpers.ts';

describeEachDatabase('mass import API', (database) => {
  let t: TestApp;
  let orgs: Awaited<ReturnType<typeof createOrganisations>>;
  let importer: Client;
  let parent: Client;
  let other: Client;
  let noRole: Client;
  let keeper: Client;
  let work: ReturnType<typeof importWorkOf>;
  const db = () => t.services.db;

  beforeAll(async () => {
    // Three rows a chunk, so that a handful of rows already spans chunks and lanes.
    t = await createTestApp(database(), { env: { ONR_IMPORT_BATCH_ROWS: '3', ONR_IMPORT_MAX_ROWS: '50' } });
    orgs = await createOrganisations(t.services);
    importer = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    parent = await serviceUser(t, orgs.provider, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    other = await serviceUser(t, orgs.other, ['YLEISTUNNISTE_LUONTI', 'OPPIJOIDENTUONTI']);
    noRole = await serviceUser(t, orgs.school, ['HENKILON_RU']);
    keeper = await serviceUser(t, ROOT_ORGANISATION_OID, ['REKISTERINPITAJA']);
    work = importWorkOf(t);
    return () => t.close();
  });

  async function importAndProcess(
    client: Client,
    api: 'yleistunniste' | 'oppija',
    henkilot: unknown[],
    extra = {},
    query = '',
  ) {
    const accepted = await putImport(t, client, api, { henkilot, ...extra }, query);
    expect(accepted.statusCode, accepted.body).toBe(200);
    await work.runner.runUntilIdle();
    const results = await getImport(t, client, api, accepted.json().id);
    expect(results.statusCode, results.body).toBe(200);
    return { id: accepted.json().id as number, results: results.json() };
  }

  it('accepts an import at once, processes it in the background, and answers progress and results (row-error mode)', async () => {
    const a = freshHetu();
    const b = freshHetu();
    const accepted = await putImport(
      t,
      importer,
      'yleistunniste',
      {
        henkilot: [
          row('r1', { hetu: a, ...names() }),
          row('r2', { hetu: `${a.slice(0, 10)}Q`, ...names() }),
          row('r3', { hetu: b, ...names('Eino', 'Korhonen') }),
          row('r4', { hetu: a, ...names('Aino', 'Virtanen') }),
          row('r5', { hetu: b, ...names('Eino Olavi', 'Korhonen', 'Olavi') }),
        ],
      },
      'rivivirheet=true',
    );
    expect(accepted.statusCode).toBe(200);
    const { id } = accepted.json();
    expect(accepted.json()).toEqual({ id, kasiteltavia: 5, kasiteltyja: 0, kasitelty: false });

    const before = await getImport(t, importer, 'yleistunniste', id);
    expect(before.json()).toEqual({ id, kasiteltavia: 5, kasiteltyja: 0, kasitelty: false, henkilot: [] });

    await work.runner.runUntilIdle();
    const progress = await getImport(t, importer, 'yleistunniste', id, '/perustiedot');
    expect(progress.json()).toEqual({ id, kasiteltavia: 5, kasiteltyja: 5, kasitelty: true });

    const results = await getImport(t, importer, 'yleistunniste', id);
    expect(results.headers['content-type']).toContain('application/json');
    const body = results.json();
    expect(body).toMatchObject({ id, kasiteltavia: 5, kasiteltyja: 5, kasitelty: true });
    const [r1, r2, r3, r4, r5] = body.henkilot;
    expect(r1).toEqual({
      tunniste: 'r1',
      henkilo: {
        oid: expect.stringMatching(/^1\.2\.246\.562\.98\.\d{11}$/),
        oppijanumero: null,
        passivoitu: false,
        linked: [],
      },
    });
    expect(r2).toEqual({
      tunniste: 'r2',
      virhe: { field: 'henkilo.hetu', message: expect.stringContaining('check') },
    });
    expect(r3.henkilo.oid).not.toBe(r1.henkilo.oid);
    // Rows that point to the same person resolve to one person, also across chunks.
    expect(r4).toEqual({ tunniste: 'r4', henkilo: r1.henkilo });
    expect(r5).toEqual({ tunniste: 'r5', henkilo: r3.henkilo });
    expect(await countPersons(db(), a)).toBe(1);
    expect(await countPersons(db(), b)).toBe(1);

    const person = await db()
      .selectFrom('persons')
      .selectAll()
      .where('hetu', '=', a)
      .executeTakeFirstOrThrow();
    // Created unidentified, waiting for the identification worker.
    expect(person).toMatchObject({
      identified: false,
      identified_vtj: false,
      identification_attempted: false,
      birth_date: person.birth_date,
      created_by: importer.oid,
    });
    const links = await db()
      .selectFrom('person_organisations')
      .select('organisation_oid')
      .where('person_id', '=', person.id)
      .execute();
    expect(links.map((l) => l.organisation_oid)).toEqual([orgs.school]);
    const history = await db()
      .selectFrom('person_hetus')
      .select('hetu')
      .where('person_id', '=', person.id)
      .execute();
    expect(history.map((h) => h.hetu)).toEqual([a]);

    const imp = await db().selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(imp).toMatchObject({
      state: 'done',
      processed: 5,
      created_persons: 2,
      matched_persons: 2,
      conflicts: 0,
      row_errors: 1,
    });
    const results_ = await sql<{
      n: number;
    }>`select count(*)::int as n from import_results where import_id = ${id}`.execute(db());
    expect(results_.rows[0]!.n).toBe(5);

    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('operation', 'in', ['IMPORT_CREATE', 'IMPORT_READ', 'PERSON_CREATE'])
      .execute();
    const mine = audit.filter((a) => JSON.stringify(a.details).includes(`"importId":${id}`));
    expect(mine.filter((a) => a.operation === 'IMPORT_CREATE')).toEqual([
      expect.objectContaining({
        actor_oid: importer.oid,
        details: expect.objectContaining({ rows: 5, api: 'yleistunniste', rowErrors: true }),
      }),
    ]);
    const created = mine.filter((a) => a.operation === 'PERSON_CREATE').flatMap((a) => a.target_oids);
    expect(created.sort()).toEqual([r1.henkilo.oid, r3.henkilo.oid].sort());
    const reads = mine.filter((a) => a.operation === 'IMPORT_READ');
    // One record a read, naming the persons it returned (the read before processing named none).
    expect(reads.map((r) => [...new Set(r.target_oids)].sort())).toEqual([
      [],
      [r1.henkilo.oid, r3.henkilo.oid].sort(),
    ]);
  });

  it('imports richer rows through PUT /oppija, matching by OID, hetu history, passport and e-mail (row-error mode)', async () => {
    const old = freshHetu();
    const current = freshHetu();
    const byOid = await insertPerson(db(), { hetu: freshHetu(), etunimet: 'Oona', sukunimi: 'Oidinen' });
    const byHistory = await insertPerson(db(), {
      hetu: current,
      formerHetus: [old],
      etunimet: 'Heikki',
      sukunimi: 'Historia',
    });
    const byPassport = await insertPerson(db(), { etunimet: 'Pia', sukunimi: 'Passi', passport: 'PX123' });
    const byEmail = await insertPerson(db(), {
      etunimet: 'Eero',
      sukunimi: 'Posti',
      email: 'eero@example.fi',
    });
    const unknown = { kansalaisuus: [{ koodi: '999' }] };
    const { results } = await importAndProcess(
      importer,
      'oppija',
      [
        row('oid', { oid: byOid.oid, ...names('Oona', 'Oidinen'), ...unknown }),
        row('history', { hetu: old, ...names('Heikki', 'Historia'), ...unknown }),
        row('passport', { passinumero: 'px123', ...names('Pia', 'Passi'), ...unknown }),
        row('email', { sahkoposti: 'Eero@Example.fi', ...names('Eero', 'Posti'), ...unknown }),
        row('new-passport', {
          passinumero: 'NEW1',
          ...names('Uusi', 'Ulkomaalainen'),
          kansalaisuus: [{ koodi: '752' }],
          syntymaaika: '2001-02-03',
          sukupuoli: { koodi: '2' },
          aidinkieli: { koodi: 'SV' },
        }),
        row('again', { passinumero: 'NEW1', ...names('Uusi', 'Ulkomaalainen'), ...unknown }),
        row('citizen', { passinumero: 'X9', ...names('Kalle', 'Kansalainen'), kansalaisuus: ['246'] }),
        row('no-nationality', { passinumero: 'X10', ...names('Kalle', 'Kansalainen') }),
        { henkilo: { ...names('Ilman', 'Tunnistetta'), ...unknown } },
      ],
      {},
      'rivivirheet=true',
    );
    const oidOf = (i: number) => results.henkilot[i].henkilo?.oid;
    expect([oidOf(0), oidOf(1), oidOf(2), oidOf(3)]).toEqual([
      byOid.oid,
      byHistory.oid,
      byPassport.oid,
      byEmail.oid,
    ]);
    expect(oidOf(5)).toBe(oidOf(4));
    expect(results.henkilot.slice(6).map((r: { virhe?: { field: string } }) => r.virhe?.field)).toEqual([
      'henkilo.hetu',
      'henkilo.kansalaisuus',
      'henkilo',
    ]);
    // A row without tunniste gets a result without one, in its place.
    expect(results.henkilot[8].tunniste).toBeUndefined();
    const created = await db()
      .selectFrom('persons')
      .selectAll()
      .where('oid', '=', oidOf(4))
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      hetu: null,
      nationalities: ['752'],
      birth_date: '2001-02-03',
      sex: '2',
      mother_tongue: 'sv',
    });
    const passports = await db()
      .selectFrom('person_passports')
      .select('passport_number')
      .where('person_id', '=', created.id)
      .execute();
    expect(passports).toEqual([{ passport_number: 'NEW1' }]);
  });

  it('flags an existing person with other names as a conflict and changes nothing of it', async () => {
    const hetu = freshHetu();
    const existing = await insertPerson(db(), { hetu, etunimet: 'Matti Juhani', sukunimi: 'Virtanen' });
    const before = await db()
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', existing.id)
      .executeTakeFirstOrThrow();
    const { id, results } = await importAndProcess(importer, 'yleistunniste', [
      row('other-names', { hetu, ...names('Pekka', 'Korhonen') }),
      row('same-names', { hetu, ...names('Matti', 'Virtanen') }),
    ]);
    expect(results.henkilot).toEqual([
      {
        tunniste: 'other-names',
        henkilo: { oid: existing.oid, oppijanumero: null, passivoitu: false, linked: [] },
        conflict: true,
      },
      {
        tunniste: 'same-names',
        henkilo: { oid: existing.oid, oppijanumero: null, passivoitu: false, linked: [] },
      },
    ]);
    const after = await db()
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', existing.id)
      .executeTakeFirstOrThrow();
    // None of its data changed; finding it counts as a modification (the importers' feed shows it).
    expect(after).toEqual({
      ...before,
      modified_at: expect.any(Date),
      modified_by: importer.oid,
      imported: true,
    });
    expect(after.modified_at.getTime()).toBeGreaterThan(before.modified_at.getTime());
    const links = await db()
      .selectFrom('person_organisations')
      .select('organisation_oid')
      .where('person_id', '=', existing.id)
      .execute();
    expect(links.map((l) => l.organisation_oid)).toEqual([orgs.school]);
    const imp = await db()
      .selectFrom('imports')
      .select(['conflicts', 'matched_persons'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(imp).toEqual({ conflicts: 1, matched_persons: 1 });
  });

  it('reports a linked duplicate with its master’s learner number and the linked OIDs', async () => {
    const hetu = freshHetu();
    const master = await insertPerson(db(), { hetu: freshHetu(), etunimet: 'Liisa', sukunimi: 'Linkki' });
    const slave = await insertPerson(db(), { hetu, etunimet: 'Liisa', sukunimi: 'Linkki' });
    await db().updateTable('persons').set({ identified_vtj: true }).where('id', '=', master.id).execute();
    await db()
      .updateTable('persons')
      .set({ master_id: master.id, duplicate: true, passivated: true })
      .where('id', '=', slave.id)
      .execute();
    const { results } = await importAndProcess(importer, 'yleistunniste', [
      row('s', { hetu, ...names('Liisa', 'Linkki') }),
    ]);
    expect(results.henkilot).toEqual([
      {
        tunniste: 's',
        henkilo: { oid: slave.oid, oppijanumero: master.oid, passivoitu: true, linked: [master.oid] },
      },
    ]);
  });

  it('answers 413 for too many rows, 400 for a body that is not an import, and never 5xx', async () => {
    const rows = Array.from({ length: 51 }, (_, i) => row(String(i), { hetu: freshHetu(), ...names() }));
    const tooMany = await putImport(t, importer, 'yleistunniste', { henkilot: rows });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ status: 413, message: expect.stringContaining('50 rows') });
    for (const body of [
      {},
      { henkilot: 'x' },
      { henkilot: [1] },
      { henkilot: [{ tunniste: 'x' }] },
      { henkilot: [{ henkilo: { hetu: 123 } }] },
      [],
    ]) {
      const res = await putImport(t, importer, 'oppija', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, error: 'Bad Request' });
    }
    const badMail = await putImport(t, importer, 'yleistunniste', {
      sahkoposti: 'nope',
      henkilot: [row('1', { hetu: freshHetu(), ...names() })],
    });
    expect(badMail.statusCode).toBe(400);
    expect(badMail.json().fieldErrors).toEqual([expect.objectContaining({ field: 'sahkoposti' })]);
    expect((await getImport(t, importer, 'oppija', 1, '/x')).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `${API}/oppija/tuonti=abc`, headers: importer.auth }))
        .statusCode,
    ).toBe(400);
  });

  it('answers 413 naming the limit for a body above the size limit', async () => {
    const small = await createTestApp(database(), { env: { ONR_BODY_LIMIT_MB: '1' } });
    try {
      const client = await serviceUser(small, orgs.school, ['YLEISTUNNISTE_LUONTI']);
      const henkilot = Array.from({ length: 4000 }, (_, i) =>
        row(`${i}`.padStart(200, '0'), { hetu: 'x', ...names() }),
      );
      const res = await putImport(small, client, 'yleistunniste', { henkilot });
      expect(res.statusCode).toBe(413);
      expect(res.json().message).toContain('1 MiB');
    } finally {
      await small.close();
    }
  });

  it('refuses an empty import, as the reference does, in both modes', async () => {
    for (const query of ['', 'rivivirheet=true']) {
      const res = await putImport(t, importer, 'yleistunniste', { henkilot: [] }, query);
      expect(res.statusCode).toBe(400);
      expect(res.json().fieldErrors).toEqual([expect.objectContaining({ field: 'henkilot' })]);
    }
  });

  it('shows the results to the importing organisation, its parents and the registry keeper only', async () => {
    const { id } = await importAndProcess(importer, 'yleistunniste', [
      row('1', { hetu: freshHetu(), ...names() }),
    ]);
    expect((await getImport(t, undefined, 'yleistunniste', id)).statusCode).toBe(401);
    expect((await putImport(t, noRole, 'yleistunniste', { henkilot: [] })).statusCode).toBe(403);
    expect((await putImport(t, noRole, 'oppija', { henkilot: [] })).statusCode).toBe(403);
    for (const suffix of ['', '/perustiedot']) {
      expect((await getImport(t, parent, 'yleistunniste', id, suffix)).statusCode).toBe(200);
      expect((await getImport(t, keeper, 'yleistunniste', id, suffix)).statusCode).toBe(200);
      const forbidden = await getImport(t, other, 'yleistunniste', id, suffix);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().message).toContain('another organisation');
      // The import belongs to the other API; an unknown id is not found either.
      expect((await getImport(t, importer, 'oppija', id, suffix)).statusCode).toBe(404);
      expect((await getImport(t, importer, 'yleistunniste', 999_999, suffix)).statusCode).toBe(404);
    }
    expect((await resume(t, other, 'yleistunniste', id)).statusCode).toBe(403);
    const audit = await db()
      .selectFrom('audit_log')
      .select('actor_oid')
      .where('operation', '=', 'IMPORT_READ')
      .execute();
    expect(audit.map((a) => a.actor_oid)).not.toContain(other.oid);
  });

  it('lists the imports a caller may open, newest first, with their counts', async () => {
    const { id } = await importAndProcess(
      importer,
      'oppija',
      [
        row('1', { hetu: freshHetu(), ...names(), kansalaisuus: ['246'] }),
        row('2', { hetu: 'bad', ...names(), kansalaisuus: ['246'] }),
      ],
      {},
      'rivivirheet=true',
    );
    const list = (client: Client, query = '') =>
      t.app.inject({ method: 'GET', url: `${API}/tuonnit${query}`, headers: client.auth });
    const mine = await list(importer, '?count=2');
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ page: 1, count: 2, total: expect.any(Number) });
    expect(mine.json().items[0]).toEqual({
      id,
      api: 'oppija',
      luotu: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      tekija: { oid: importer.oid, nimi: importer.clientId },
      organisaatiot: [orgs.school],
      kasiteltavia: 2,
      kasiteltyja: 2,
      kasitelty: true,
      virheita: 1,
      konflikteja: 0,
    });
    const ids = (await list(importer, '?count=500')).json().items.map((i: { id: number }) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect((await list(parent, '?count=500')).json().items.map((i: { id: number }) => i.id)).toContain(id);
    expect((await list(keeper, '?count=500')).json().total).toBe(
      (await list(importer, '?count=500')).json().total,
    );
    expect((await list(other)).json()).toMatchObject({ items: [], total: 0 });
    expect((await list(noRole)).statusCode).toBe(403);
    expect((await list(importer, '?count=501')).statusCode).toBe(400);
  });

  it('resumes an import whose processing gave up, idempotently', async () => {
    const accepted = await putImport(t, importer, 'yleistunniste', {
      henkilot: [row('1', { hetu: freshHetu(), ...names() }), row('2', { hetu: freshHetu(), ...names() })],
    });
    const { id } = accepted.json();
    const jobsOf = () =>
      db()
        .selectFrom('jobs')
        .select(['id', 'state'])
        .where('queue', '=', 'import')
        .where('singleton_key', '=', String(id))
        .execute();
    // While its job is queued, a resume is a no-op.
    expect((await resume(t, importer, 'yleistunniste', id)).json()).toEqual({
      id,
      kasiteltavia: 2,
      kasiteltyja: 0,
      kasitelty: false,
    });
    expect(await jobsOf()).toHaveLength(1);
    // The job gave up (dead letter): a resume queues the import again.
    await db()
      .updateTable('jobs')
      .set({ state: 'dead', dead_reason: 'test' })
      .where('singleton_key', '=', String(id))
      .execute();
    expect((await resume(t, importer, 'yleistunniste', id)).statusCode).toBe(200);
    expect((await resume(t, importer, 'yleistunniste', id)).statusCode).toBe(200);
    expect((await jobsOf()).map((j) => j.state).sort()).toEqual(['dead', 'queued']);
    await work.runner.runUntilIdle();
    const done = await resume(t, importer, 'yleistunniste', id);
    expect(done.json()).toEqual({ id, kasiteltavia: 2, kasiteltyja: 2, kasitelty: true });
    expect((await jobsOf()).map((j) => j.state).sort()).toEqual(['dead', 'done']);
  });

  it('lists the organisations’ changed persons, the summary, and the registry-wide feed', async () => {
    const hetus = [freshHetu(), freshHetu(), freshHetu()];
    const { results } = await importAndProcess(
      importer,
      'oppija',
      hetus.map((hetu, i) => row(String(i), { hetu, ...names(), kansalaisuus: ['246'] })),
    );
    const oids = results.henkilot.map((r: { henkilo: { oid: string } }) => r.henkilo.oid);
    // Feeds show a change once it has settled (a few seconds); age these ones.
    await sql`update persons set modified_at = now() - interval '1 minute' where oid = any(${oids}::text[])`.execute(
      db(),
    );
    const since = '2000-01-01T00:00:00Z';
    const feed = (client: Client, query: string) =>
      t.app.inject({ method: 'GET', url: `${API}/oppija/muuttuneet?${query}`, headers: client.auth });

    const all = await feed(importer, `muokattuJalkeen=${since}&count=10000`);
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ number: 1, size: 10000, first: true, last: true });
    const mine = all.json().results.filter((r: { oid: string }) => oids.includes(r.oid));
    expect(mine).toHaveLength(3);
    expect(mine[0]).toEqual({
      oid: mine[0].oid,
      master: expect.objectContaining({
        oid: mine[0].oid,
        oppijanumero: null,
        passivoitu: false,
        muokattu: expect.any(Number),
        linked: [],
      }),
    });
    const page2 = await feed(importer, `muokattuJalkeen=${since}&count=1&page=2`);
    expect(page2.json()).toMatchObject({
      number: 2,
      size: 1,
      numberOfElements: 1,
      first: false,
      results: [all.json().results[1]],
    });
    const others = await feed(other, `muokattuJalkeen=${since}&count=10000`);
    expect(others.json().results.map((r: { oid: string }) => r.oid)).not.toContain(oids[0]);
    expect((await feed(importer, 'muokattuJalkeen=yesterday')).statusCode).toBe(400);
    expect((await feed(importer, `muokattuJalkeen=${since}&count=10001`)).statusCode).toBe(400);
    // muokattuJalkeen is optional, as in the reference.
    const unbounded = await feed(importer, 'count=10000');
    expect(unbounded.statusCode).toBe(200);
    expect(unbounded.json().results.map((r: { oid: string }) => r.oid)).toEqual(expect.arrayContaining(oids));

    const summary = await t.app.inject({
      method: 'GET',
      url: `${API}/oppija/yhteenveto`,
      headers: importer.auth,
    });
    const s = summary.json();
    expect(s).toEqual({
      onnistuneet: s.onnistuneet,
      virheet: s.virheet,
      keskeneraiset: s.keskeneraiset,
      yhteensa: s.yhteensa,
    });
    expect(s.keskeneraiset).toBeGreaterThanOrEqual(3);
    expect(s.onnistuneet + s.virheet + s.keskeneraiset).toBe(s.yhteensa);
    const otherSummary = await t.app.inject({
      method: 'GET',
      url: `${API}/oppija/yhteenveto`,
      headers: other.auth,
    });
    expect(otherSummary.json().yhteensa).toBe(0);

    const changes = (client: Client, query: string) =>
      t.app.inject({ method: 'GET', url: `${API}/henkilo/changedSince?${query}`, headers: client.auth });
    expect((await changes(importer, `since=${since}`)).statusCode).toBe(403);
    const first = await changes(keeper, `since=${since}&count=2`);
    expect(first.statusCode).toBe(200);
    expect(first.json().results).toHaveLength(2);
    let cursor = first.json().cursor;
    const seen = first.json().results.map((r: { oid: string }) => r.oid);
    for (let i = 0; i < 100; i++) {
      const next = (await changes(keeper, `cursor=${cursor}&count=2`)).json();
      if (next.results.length === 0) {
        expect(next.cursor).toBe(cursor);
        break;
      }
      seen.push(...next.results.map((r: { oid: string }) => r.oid));
      cursor = next.cursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(oids));
    expect((await changes(keeper, 'cursor=bogus')).statusCode).toBe(400);
    expect((await changes(keeper, '')).statusCode).toBe(400);
  });
});

describeEachDatabase('mass import in production', (database) => {
  let t: TestApp;
  let importer: Client;
  let work: ReturnType<typeof importWorkOf>;

  beforeAll(async () => {
    t = await createTestApp(database(), { environment: 'production' });
    const orgs = await createOrganisations(t.services);
    importer = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI']);
    work = importWorkOf(t);
    return () => t.close();
  });

  it('refuses a request with a test hetu whole (400 naming the row), stores nothing, reports it', async () => {
    const testHetu = makeHetu('2004-04-05', 945, 'A');
    const realHetu = makeHetu('2004-04-05', 145, 'A');
    const refused = await putImport(t, importer, 'yleistunniste', {
      henkilot: [row('real', { hetu: realHetu, ...names() }), row('test', { hetu: testHetu, ...names() })],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fieldErrors).toEqual([
      { field: 'henkilot[1].henkilo.hetu', message: expect.stringContaining('not accepted in production') },
    ]);
    expect(refused.body).not.toContain(testHetu);
    expect(await t.services.db.selectFrom('imports').select('id').execute()).toEqual([]);
    expect(await countPersons(t.services.db, realHetu)).toBe(0);
    const reports = await t.services.db
      .selectFrom('test_data_reports')
      .selectAll()
      .where('masked_hetu', '=', `${testHetu.slice(0, 7)}****`)
      .execute();
    expect(reports).toEqual([
      expect.objectContaining({
        reason: 'TEST_HETU',
        actor_oid: importer.oid,
        endpoint: 'PUT /oppijanumerorekisteri-service/yleistunniste',
      }),
    ]);
  });

  it('makes a test hetu a row error in the row-error mode, reports it, and imports the other rows', async () => {
    const testHetu = makeHetu('2004-04-04', 944, 'A');
    const realHetu = makeHetu('2004-04-04', 144, 'A');
    const accepted = await putImport(
      t,
      importer,
      'yleistunniste',
      {
        henkilot: [row('test', { hetu: testHetu, ...names() }), row('real', { hetu: realHetu, ...names() })],
      },
      'rivivirheet=true',
    );
    await work.runner.runUntilIdle();
    const results = (await getImport(t, importer, 'yleistunniste', accepted.json().id)).json();
    expect(results.henkilot[0]).toEqual({
      tunniste: 'test',
      virhe: { field: 'henkilo.hetu', message: expect.stringContaining('not accepted in production') },
    });
    expect(results.henkilot[1].henkilo.oid).toMatch(/^1\.2\.246\.562\.24\./);
    const reports = await t.services.db
      .selectFrom('test_data_reports')
      .selectAll()
      .where('masked_hetu', '=', `${testHetu.slice(0, 7)}****`)
      .execute();
    expect(reports).toEqual([
      expect.objectContaining({
        reason: 'TEST_HETU',
        masked_hetu: `${testHetu.slice(0, 7)}****`,
        actor_oid: importer.oid,
        endpoint: 'PUT /oppijanumerorekisteri-service/yleistunniste',
      }),
    ]);
    expect(await countPersons(t.services.db, testHetu)).toBe(0);
  });
});
