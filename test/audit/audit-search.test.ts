/**
 * The registry keeper's audit log search (GET /audit-log): by person, actor, operation and time,
 * newest first with keyset paging; nobody else may search; the search itself is on record.
 */
import { beforeAll, expect, it } from 'vitest';
import { ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import {
  API,
  createOrganisations,
  createTestApp,
  lookupBody,
  PERSONS,
  serviceUser,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

describeEachDatabase('audit log search', (database) => {
  let t: TestApp;
  let keeper: { authorization: string };
  let other: { authorization: string };
  let client: Awaited<ReturnType<typeof serviceUser>>;
  let mattiOid: string;
  let ainoOid: string;

  const search = (auth: { authorization: string }, query: Record<string, string> = {}) =>
    t.app.inject({ url: `${API}/audit-log?${new URLSearchParams(query)}`, headers: auth });

  beforeAll(async () => {
    t = await createTestApp(database());
    const orgs = await createOrganisations(t.services);
    client = await serviceUser(t, orgs.provider, ['YLEISTUNNISTE_LUONTI']);
    keeper = (await serviceUser(t, ROOT_ORGANISATION_OID, ['REKISTERINPITAJA'])).auth;
    other = (await serviceUser(t, orgs.provider, ['HENKILON_RU', 'YLEISTUNNISTE_LUONTI'])).auth;
    const hae = async (body: object) =>
      (
        await t.app.inject({
          method: 'POST',
          url: `${API}/yleistunniste/hae`,
          headers: client.auth,
          payload: body,
        })
      ).json().oid as string;
    mattiOid = await hae(lookupBody(PERSONS.matti));
    ainoOid = await hae(lookupBody(PERSONS.aino));
    await hae(lookupBody(PERSONS.matti)); // a read of Matti
    return () => t.close();
  });

  it('finds the records naming a person, newest first: the creation and the read, by whom', async () => {
    const res = await search(keeper, { henkilo: mattiOid });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      id: number;
      toiminto: string;
      tekija: { oid: string };
      kohteet: string[];
    }[];
    expect(items.map((i) => i.toiminto)).toEqual(['PERSON_READ', 'PERSON_CREATE']);
    expect(items.every((i) => i.kohteet.includes(mattiOid) && i.tekija.oid === client.oid)).toBe(true);
    expect(items[0]!.id).toBeGreaterThan(items[1]!.id);
    expect(res.json().seuraava).toBeNull();
  });

  it('filters by actor and operation, and pages with `ennen`', async () => {
    const created = await search(keeper, { tekija: client.oid, toiminto: 'PERSON_CREATE', maara: '1' });
    expect(created.statusCode, created.body).toBe(200);
    const first = created.json();
    expect(first.items).toHaveLength(1);
    expect(first.items[0].kohteet).toEqual([ainoOid]);
    expect(first.seuraava).toBe(String(first.items[0].id));
    const second = (
      await search(keeper, {
        tekija: client.oid,
        toiminto: 'PERSON_CREATE',
        maara: '1',
        ennen: first.seuraava,
      })
    ).json();
    expect(second.items.map((i: { kohteet: string[] }) => i.kohteet)).toEqual([[mattiOid]]);
    expect(second.seuraava).toBeNull();
    // A time window after everything: nothing.
    const later = await search(keeper, {
      henkilo: mattiOid,
      alkaen: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(later.json().items).toEqual([]);
  });

  it('refuses bad filters with 400 naming the field, and everyone but the registry keeper with 403', async () => {
    for (const [query, field] of [
      [{ toiminto: 'PERSON_DELETE' }, 'toiminto'],
      [{ henkilo: 'not-an-oid' }, 'henkilo'],
      [{ alkaen: 'yesterday' }, 'alkaen'],
      [{ maara: '500' }, 'maara'],
      [{ alkaen: '2026-02-01T00:00:00Z', asti: '2026-01-01T00:00:00Z' }, 'asti'],
    ] as [Record<string, string>, string][]) {
      const res = await search(keeper, query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(JSON.stringify(res.json().fieldErrors ?? res.json().message)).toContain(field);
    }
    expect((await search(other, { henkilo: mattiOid })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${API}/audit-log` })).statusCode).toBe(401);
  });

  it('puts the search itself on record, naming the person searched for', async () => {
    await search(keeper, { henkilo: ainoOid });
    const reads = (await search(keeper, { toiminto: 'AUDIT_READ', henkilo: ainoOid })).json().items;
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads[0].tiedot).toMatchObject({ filter: { henkilo: ainoOid } });
  });
});
