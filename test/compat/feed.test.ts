/**
 * Wire compatibility of the importers' change feed and summary (SPEC §7a; REFERENCE-API.md §2.3):
 * GET /oppija/muuttuneet answers the reference's Page<MasterHenkiloDto<OppijaReadDto>>
 * (RS/dto/Page.java: number, size, results, totalElements, totalPages, numberOfElements, first,
 * last), takes OppijaTuontiCriteria (muokattuJalkeen optional, a date or date-time with optional
 * zone, compared with >=; tuontiId, vainVirheet, nimiHaku), shows imported persons of the caller's
 * organisations oldest first, and an import that finds a person bumps its modified time
 * (OppijaTuontiServiceImpl). GET /oppija/yhteenveto counts as HenkiloRepositoryImpl.countBy….
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { ROOT_ORGANISATION_OID } from '../../src/domain/index.ts';
import {
  type Client,
  freshHetu,
  getImport,
  importWorkOf,
  insertPerson,
  putImport,
} from '../imports/helpers.ts';
import { API, createOrganisations, createTestApp, serviceUser, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

describeEachDatabase('compatibility: GET /oppija/muuttuneet and /oppija/yhteenveto', (database) => {
  let t: TestApp;
  let importer: Client;
  let other: Client;
  let work: ReturnType<typeof importWorkOf>;
  let orgs: Awaited<ReturnType<typeof createOrganisations>>;
  const db = () => t.services.db;
  /** The persons of the import below, in row order. */
  let oids: string[] = [];
  let importId = 0;

  const feed = (client: Client, query: string) =>
    t.app.inject({ method: 'GET', url: `${API}/oppija/muuttuneet?${query}`, headers: client.auth });
  const summary = (client: Client, query = '') =>
    t.app.inject({ method: 'GET', url: `${API}/oppija/yhteenveto?${query}`, headers: client.auth });
  /** Sets the persons' modified time (the feed shows changes some seconds old only). */
  const modifiedAt = (personOids: string[], iso: string) =>
    sql`update persons set modified_at = ${iso}::timestamptz where oid = any(${personOids}::text[])`.execute(
      db(),
    );

  beforeAll(async () => {
    t = await createTestApp(database());
    orgs = await createOrganisations(t.services, ' feed');
    importer = await serviceUser(t, orgs.school, ['OPPIJOIDENTUONTI']);
    other = await serviceUser(t, orgs.other, ['OPPIJOIDENTUONTI']);
    work = importWorkOf(t);
    const rows = [
      ['Aino', 'Virtanen'],
      ['Eino', 'Korhonen'],
      ['Kalle', 'Korhola'],
      ['Liisa', 'Lahtinen'],
      ['Pekka', 'Puuronen'],
    ].map(([etunimi, sukunimi], i) => ({
      tunniste: `f${i}`,
      henkilo: {
        hetu: freshHetu(),
        etunimet: `${etunimi} Maria`,
        kutsumanimi: etunimi,
        sukunimi,
        kansalaisuus: [{ koodi: '246' }],
      },
    }));
    const accepted = await putImport(t, importer, 'oppija', { henkilot: rows });
    expect(accepted.statusCode, accepted.body).toBe(200);
    importId = accepted.json().id;
    await work.runner.runUntilIdle();
    oids = (await getImport(t, importer, 'oppija', importId))
      .json()
      .henkilot.map((r: { henkilo: { oid: string } }) => r.henkilo.oid);
    // One a minute from 2025-06-01 12:00 Finnish summer time (09:00 UTC).
    for (const [i, oid] of oids.entries()) {
      await modifiedAt([oid], `2025-06-01T09:0${i}:00Z`);
    }
    return async () => {
      await work.stop();
      await t.close();
    };
  });

  it('answers the reference’s page envelope; a client looping until last stops', async () => {
    const seen: string[] = [];
    let pages = 0;
    for (let page = 1; page < 10; page++) {
      const res = await feed(importer, `muokattuJalkeen=2025-06-01&count=2&page=${page}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(Object.keys(body)).toEqual([
        'number',
        'size',
        'results',
        'totalElements',
        'totalPages',
        'numberOfElements',
        'first',
        'last',
        'jatko',
      ]);
      expect(body).toMatchObject({
        number: page,
        size: 2,
        totalElements: 5,
        totalPages: 3,
        numberOfElements: page < 3 ? 2 : 1,
        first: page === 1,
        last: page === 3,
      });
      seen.push(...body.results.map((r: { oid: string }) => r.oid));
      pages += 1;
      if (body.last) break;
    }
    expect(pages).toBe(3);
    // Oldest change first.
    expect(seen).toEqual(oids);
  });

  it('items are {oid, master: OppijaReadDto} with epoch-millisecond dates', async () => {
    const body = (await feed(importer, 'muokattuJalkeen=2025-06-01T12:00:00&count=1')).json();
    expect(body.results).toEqual([
      {
        oid: oids[0],
        master: expect.objectContaining({
          oid: oids[0],
          oppijanumero: null,
          luotu: expect.any(Number),
          muokattu: Date.parse('2025-06-01T09:00:00Z'),
          etunimet: 'Aino Maria',
          kutsumanimi: 'Aino',
          sukunimi: 'Virtanen',
          kansalaisuus: [{ koodi: '246', nimi: { FI: 'Suomi', SV: 'Finland', EN: 'Finland' } }],
          yhteystiedotRyhma: [],
          passivoitu: false,
          linked: [],
        }),
      },
    ]);
  });

  it.each([
    // [muokattuJalkeen, how many of the five persons (modified 12:00, 12:01, … Finnish time)]
    ['2025-06-01', 5],
    ['2025-06-02', 0],
    ['2025-06-01T12:00:00', 5],
    ['2025-06-01T12:00', 5],
    ['2025-06-01T12:00:00.001', 4],
    ['2025-06-01T12:02:00', 3],
    ['2025-06-01T09:02:00Z', 3],
    ['2025-06-01T09:02:00.000Z', 3],
    ['2025-06-01T12:02:00+03:00', 3],
    ['2025-06-01T12:02:00+0300', 3],
    ['2025-06-01T11:02:00+02', 3],
    ['2025-06-01T12:04:00.5', 0],
  ])('muokattuJalkeen=%s (>=; no zone = Europe/Helsinki) → %i', async (since, count) => {
    const res = await feed(importer, `muokattuJalkeen=${encodeURIComponent(since)}&count=100`);
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json().results.filter((r: { oid: string }) => oids.includes(r.oid));
    expect(mine).toHaveLength(count);
  });

  it('muokattuJalkeen is optional; bad values and paging parameters are 400', async () => {
    const all = await feed(importer, 'count=100');
    expect(all.statusCode).toBe(200);
    expect(all.json().results.map((r: { oid: string }) => r.oid)).toEqual(expect.arrayContaining(oids));
    for (const query of [
      'muokattuJalkeen=yesterday',
      'muokattuJalkeen=2025-02-30',
      'muokattuJalkeen=2025-06-01T25:00:00',
      'count=0',
      'count=10001',
      'page=0',
      'tuontiId=abc',
      'vainVirheet=maybe',
    ]) {
      const res = await feed(importer, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ status: 400 });
    }
  });

  it('shows only the caller’s organisations’ imported persons', async () => {
    expect((await feed(other, 'count=100')).json().results.map((r: { oid: string }) => r.oid)).not.toEqual(
      expect.arrayContaining([oids[0]]),
    );
    // Attached to the organisation, but never imported: not on the feed (the reference joins import rows).
    const attached = await insertPerson(db(), { hetu: freshHetu(), etunimet: 'Liitetty', sukunimi: 'Vain' });
    await sql`insert into person_organisations (person_id, organisation_oid) values (${attached.id}, ${orgs.school})`.execute(
      db(),
    );
    await modifiedAt([attached.oid], '2025-06-01T09:00:30Z');
    const res = (await feed(importer, 'muokattuJalkeen=2025-06-01&count=100')).json();
    expect(res.results.map((r: { oid: string }) => r.oid)).toEqual(oids);
  });

  it('the registry keeper’s readers (REKISTERINPITAJA_READ at the root) read every organisation’s feed and summary', async () => {
    // The reference's OppijaController: RP, RPR and OT may call both.
    const reader = await serviceUser(t, ROOT_ORGANISATION_OID, ['REKISTERINPITAJA_READ']);
    const res = await feed(reader, 'muokattuJalkeen=2025-06-01&count=10000');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results.map((r: { oid: string }) => r.oid)).toEqual(expect.arrayContaining(oids));
    const counts = await summary(reader);
    expect(counts.statusCode, counts.body).toBe(200);
    expect(counts.json().yhteensa).toBeGreaterThanOrEqual(oids.length);
    // Reading is all: the import endpoints stay the importers'.
    const put = await putImport(t, reader, 'oppija', { henkilot: [] });
    expect(put.statusCode).toBe(403);
  });

  it('an import that finds an existing person bumps its modified time, so it appears on the feed', async () => {
    const hetu = freshHetu();
    const existing = await insertPerson(db(), { hetu, etunimet: 'Vanha Henkilö', sukunimi: 'Olemassa' });
    await modifiedAt([existing.oid], '2020-01-01T00:00:00Z');
    const before = Date.now();
    const accepted = await putImport(t, importer, 'oppija', {
      henkilot: [
        {
          tunniste: 'x',
          henkilo: {
            hetu,
            etunimet: 'Vanha',
            kutsumanimi: 'Vanha',
            sukunimi: 'Olemassa',
            kansalaisuus: ['246'],
          },
        },
      ],
    });
    await work.runner.runUntilIdle();
    const row = await db()
      .selectFrom('persons')
      .select(['modified_at', 'imported'])
      .where('id', '=', existing.id)
      .executeTakeFirstOrThrow();
    expect(row.imported).toBe(true);
    expect(row.modified_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // Once the change has settled (the feed waits a few seconds; aged here), the importer sees it.
    await sql`update persons set modified_at = modified_at - interval '1 minute' where id = ${existing.id}`.execute(
      db(),
    );
    const since = new Date(before - 120_000).toISOString();
    const res = (await feed(importer, `muokattuJalkeen=${since}&count=100`)).json();
    expect(res.results.map((r: { oid: string }) => r.oid)).toContain(existing.oid);
    expect(res.results.map((r: { oid: string }) => r.oid)).not.toContain(oids[0]);
    // …with tuontiId, only that import's persons.
    const only = (await feed(importer, `tuontiId=${accepted.json().id}&count=100`)).json();
    expect(only.results.map((r: { oid: string }) => r.oid)).toEqual([existing.oid]);
    await modifiedAt([existing.oid], '2020-01-01T00:00:00Z');
  });

  it('a linked duplicate is listed by its own OID with its master’s data', async () => {
    const master = await insertPerson(db(), {
      hetu: freshHetu(),
      etunimet: 'Mestari',
      sukunimi: 'Linkitetty',
    });
    const masterId = master.id;
    await sql`update persons set identified_vtj = true where id = ${masterId}`.execute(db());
    await sql`update persons set master_id = ${masterId}, duplicate = true, passivated = true where oid = ${oids[4]}`.execute(
      db(),
    );
    await modifiedAt([oids[4]!], '2025-06-01T09:04:00Z');
    const res = (await feed(importer, 'muokattuJalkeen=2025-06-01T12:04:00&count=100')).json();
    expect(res.results).toEqual([
      {
        oid: oids[4],
        master: expect.objectContaining({
          oid: master.oid,
          oppijanumero: master.oid,
          etunimet: 'Mestari',
          linked: [oids[4]],
        }),
      },
    ]);
    await sql`update persons set master_id = null, duplicate = false, passivated = false where oid = ${oids[4]}`.execute(
      db(),
    );
    await modifiedAt([oids[4]!], '2025-06-01T09:04:00Z');
  });

  it('criteria: vainVirheet and nimiHaku as the reference', async () => {
    await sql`update persons set identification_attempted = true where oid = ${oids[1]}`.execute(db());
    await modifiedAt([oids[1]!], '2025-06-01T09:01:00Z');
    const oidsOf = async (query: string) =>
      (await feed(importer, `muokattuJalkeen=2025-06-01&count=100&${query}`))
        .json()
        .results.map((r: { oid: string }) => r.oid);
    expect(await oidsOf('vainVirheet=true')).toEqual([oids[1]]);
    expect(await oidsOf('vainVirheet=false')).toEqual(oids);
    // One word: the start of a first name, surname or kutsumanimi (any case), or the OID or hetu.
    expect(await oidsOf('nimiHaku=korho')).toEqual([oids[1], oids[2]]);
    expect(await oidsOf(`nimiHaku=${oids[3]}`)).toEqual([oids[3]]);
    // Two words: surname first or last, the other words the start of the first names.
    expect(await oidsOf(`nimiHaku=${encodeURIComponent('Virtanen Aino')}`)).toEqual([oids[0]]);
    expect(await oidsOf(`nimiHaku=${encodeURIComponent('Aino Virtanen')}`)).toEqual([oids[0]]);
    expect(await oidsOf(`nimiHaku=${encodeURIComponent('Eino Virtanen')}`)).toEqual([]);
    expect(await oidsOf('nimiHaku=%25')).toEqual([]);
    await sql`update persons set identification_attempted = false where oid = ${oids[1]}`.execute(db());
    await modifiedAt([oids[1]!], '2025-06-01T09:01:00Z');
  });

  it('extension: the cursor (jalkeen/jatko) pages by position and never skips a row', async () => {
    const first = (await feed(importer, 'muokattuJalkeen=2025-06-01&count=2')).json();
    const seen: string[] = first.results.map((r: { oid: string }) => r.oid);
    // A row of the first page changes between pages: with offsets a row would slip past the reader.
    await modifiedAt([oids[0]!], '2025-06-01T09:10:00Z');
    let cursor = first.jatko;
    for (let i = 0; i < 10; i++) {
      const next = (await feed(importer, `jalkeen=${cursor}&count=2`)).json();
      seen.push(...next.results.map((r: { oid: string }) => r.oid));
      if (next.results.length === 0) {
        expect(next.jatko).toBe(cursor);
        break;
      }
      cursor = next.jatko;
    }
    expect(seen.slice(0, 5)).toEqual(oids);
    // …and the changed row comes again, after the others.
    expect(seen.slice(5).filter((oid) => oids.includes(oid))).toEqual([oids[0]]);
    expect((await feed(importer, 'jalkeen=bogus')).statusCode).toBe(400);
    await modifiedAt([oids[0]!], '2025-06-01T09:00:00Z');
  });

  it('GET /oppija/yhteenveto counts imported persons as the reference', async () => {
    // Of the five: one identified, one passivated (successes), one tried and failed; two pending.
    await sql`update persons set identified_vtj = true where oid = ${oids[0]}`.execute(db());
    await sql`update persons set passivated = true where oid = ${oids[1]}`.execute(db());
    await sql`update persons set identification_attempted = true where oid = ${oids[2]}`.execute(db());
    const counts = (await summary(importer, `tuontiId=${importId}`)).json();
    expect(counts).toEqual({ onnistuneet: 2, virheet: 1, keskeneraiset: 2, yhteensa: 5 });
    expect((await summary(importer, `tuontiId=${importId}&nimiHaku=korho`)).json()).toEqual({
      onnistuneet: 1,
      virheet: 1,
      keskeneraiset: 0,
      yhteensa: 2,
    });
    expect((await summary(other, `tuontiId=${importId}`)).json()).toEqual({
      onnistuneet: 0,
      virheet: 0,
      keskeneraiset: 0,
      yhteensa: 0,
    });
    expect((await summary(importer, 'muokattuJalkeen=nope')).statusCode).toBe(400);
    await sql`update persons set identified_vtj = false, passivated = false, identification_attempted = false
      where oid = any(${oids}::text[])`.execute(db());
  });
});
