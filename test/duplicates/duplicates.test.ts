/**
 * Duplicates (SPEC §10, issue 7): candidates with evidence, the exclusions, scoping of
 * candidates, linking rules, unlinking, the do-not-link list and the audit records.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/access/index.ts';
import { makeHetu } from '../../src/domain/hetu.ts';
import { generateOid, ROOT_ORGANISATION_OID } from '../../src/domain/oid.ts';
import { backgroundOf } from '../imports/helpers.ts';
import { insertUser, tokenFor } from '../support/access.ts';
import { API, createOrganisations, createTestApp, type Organisations, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

interface NewPerson {
  etunimet: string;
  sukunimi: string;
  syntymaaika?: string | null;
  sukupuoli?: '1' | '2' | null;
  kansalaisuus?: string[];
  hetu?: string | null;
  formerHetus?: string[];
  identifiedVtj?: boolean;
  identified?: boolean;
  passivated?: boolean;
  org: string;
}

interface Candidate {
  henkilo: { oid: string; hetu: string | null; etunimet: string; sukunimi: string; tila: string };
  pisteet: number;
  perusteet: {
    kentta: string;
    tulos: string;
    samankaltaisuus?: number;
    tarkenne?: string;
    selitys: string;
  }[];
  rajattu: boolean;
}

let hetuSerial = 0;
/** A hetu of this birth date that no other person of the file has. */
const hetuOf = (birthDate: string) => makeHetu(birthDate, 2 + (hetuSerial++ % 890));

describeEachDatabase('duplicates', (database) => {
  let t: TestApp;
  let orgs: Organisations;
  const auth: Record<string, Record<string, string>> = {};

  const as = async (name: string, org: string, roles: Role[]) => {
    const user = await insertUser(t.services, {
      kind: 'service',
      organisationOid: org,
      grants: roles.map((role) => ({ role, organisationOid: org })),
    });
    auth[name] = await tokenFor(t.services, user);
    return user;
  };

  /** Inserts a person attached to an organisation, as an import or lookup would have left it. */
  const person = async (p: NewPerson): Promise<string> => {
    const oid = generateOid('98');
    const row = await t.services.db
      .insertInto('persons')
      .values({
        oid,
        hetu: p.hetu ?? null,
        first_names: p.etunimet,
        nickname: p.etunimet.split(' ')[0]!,
        surname: p.sukunimi,
        birth_date: p.syntymaaika ?? null,
        sex: p.sukupuoli ?? null,
        nationalities: p.kansalaisuus ?? [],
        identified_vtj: p.identifiedVtj ?? false,
        identified: p.identified ?? false,
        identification_attempted: p.identifiedVtj ?? false,
        passivated: p.passivated ?? false,
        created_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const hetu of [...(p.hetu ? [p.hetu] : []), ...(p.formerHetus ?? [])]) {
      await t.services.db.insertInto('person_hetus').values({ hetu, person_id: row.id }).execute();
    }
    await t.services.db
      .insertInto('person_organisations')
      .values({ person_id: row.id, organisation_oid: p.org })
      .execute();
    return oid;
  };

  const get = (who: string, url: string) =>
    t.app.inject({ method: 'GET', url: `${API}${url}`, headers: auth[who] });
  const post = (who: string, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `${API}${url}`, headers: auth[who], payload });
  const candidates = async (who: string, oid: string): Promise<Candidate[]> => {
    const res = await get(who, `/henkilo/${oid}/duplikaatit`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const oidsOf = (items: Candidate[]) => items.map((c) => c.henkilo.oid);
  const stateOf = async (oid: string) =>
    (
      await sql<{ duplicate: boolean; passivated: boolean; master: string | null }>`
        select p.duplicate, p.passivated, m.oid as master from persons p left join persons m on m.id = p.master_id
        where p.oid = ${oid}`.execute(t.services.db)
    ).rows[0]!;
  const auditOf = (operation: string, oid: string) =>
    t.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('operation', '=', operation)
      .where(sql<boolean>`${oid} = any(target_oids)`)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    t = await createTestApp(database());
    orgs = await createOrganisations(t.services, ' dup');
    await as('dup', orgs.provider, ['DUPLIKAATTINAKYMA']);
    await as('otherDup', orgs.other, ['DUPLIKAATTINAKYMA']);
    await as('creator', orgs.school, ['YLEISTUNNISTE_LUONTI']);
    await as('lookup', orgs.school, ['YLEISTUNNISTE_LUONTI']);
    await as('reader', orgs.provider, ['HENKILON_RU']);
    await as('keeper', ROOT_ORGANISATION_OID, ['REKISTERINPITAJA']);
    return () => t.close();
  });

  it('ranks candidates with per-field evidence; finds typos, swapped day and month, days apart, a shared hetu', async () => {
    const base = { sukupuoli: '1' as const, kansalaisuus: ['246'], org: orgs.school };
    const source = await person({
      ...base,
      etunimet: 'Onni Ilmari',
      sukunimi: 'Rautiainen',
      syntymaaika: '2008-03-11',
    });
    const same = await person({
      ...base,
      etunimet: 'Onni',
      sukunimi: 'Rautiainen',
      syntymaaika: '2008-03-11',
    });
    const typo = await person({
      ...base,
      etunimet: 'Onni Ilmari',
      sukunimi: 'Rautianen',
      syntymaaika: '2008-03-11',
    });
    const swapped = await person({
      ...base,
      etunimet: 'Onni Ilmari',
      sukunimi: 'Rautiainen',
      syntymaaika: '2008-11-03',
    });
    const daysApart = await person({
      ...base,
      etunimet: 'Onni Ilmari',
      sukunimi: 'Rautiainen',
      syntymaaika: '2008-03-14',
    });
    const sameYear = await person({
      ...base,
      etunimet: 'Onni',
      sukunimi: 'Rautiainen',
      syntymaaika: '2008-08-30',
    });
    const unrelated = await person({
      ...base,
      etunimet: 'Aada',
      sukunimi: 'Rautiainen',
      syntymaaika: '2008-03-11',
      sukupuoli: '2',
    });
    const farAway = await person({
      ...base,
      etunimet: 'Onni Ilmari',
      sukunimi: 'Rautiainen',
      syntymaaika: '1970-06-01',
    });

    const items = await candidates('dup', source);
    const found = oidsOf(items);
    expect(found).toEqual(expect.arrayContaining([same, typo, swapped, daysApart, sameYear]));
    expect(found).not.toContain(source);
    expect(found).not.toContain(unrelated);
    expect(found).not.toContain(farAway);
    // Best first; every item explains every field.
    const scores = items.map((c) => c.pisteet);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const c of items) {
      expect(c.perusteet.map((e) => e.kentta)).toEqual([
        'etunimet',
        'sukunimi',
        'syntymaaika',
        'sukupuoli',
        'kansalaisuus',
        'hetu',
      ]);
      expect(c.pisteet).toBeGreaterThanOrEqual(0.7);
      expect(c.rajattu).toBe(false);
    }
    const byOid = new Map(items.map((c) => [c.henkilo.oid, c]));
    expect(byOid.get(typo)!.perusteet[1]).toMatchObject({ tulos: 'samankaltainen', kentta: 'sukunimi' });
    expect(byOid.get(swapped)!.perusteet[2]).toMatchObject({ tarkenne: 'PAIVA_JA_KUUKAUSI_VAIHTUNEET' });
    expect(byOid.get(daysApart)!.perusteet[2]).toMatchObject({ tarkenne: 'PAIVIA_EROA' });
    expect(byOid.get(sameYear)!.perusteet[2]).toMatchObject({ tulos: 'eri' });
    expect(byOid.get(same)!.perusteet[0]).toMatchObject({ tarkenne: 'OSA_NIMISTA' });

    // A hetu in common (here an earlier one) makes a candidate whatever the names.
    const h = hetuOf('2008-03-11');
    const withHetu = await person({
      ...base,
      etunimet: 'Onni',
      sukunimi: 'Rautiainen',
      syntymaaika: '2008-03-11',
      hetu: h,
    });
    const renamed = await person({
      ...base,
      etunimet: 'Olli',
      sukunimi: 'Saarinen',
      syntymaaika: '1999-01-01',
      hetu: hetuOf('1999-01-01'),
      formerHetus: [h],
    });
    const hetuMatch = (await candidates('dup', withHetu)).find((c) => c.henkilo.oid === renamed);
    expect(hetuMatch?.perusteet[5]).toMatchObject({ kentta: 'hetu', tulos: 'sama', tarkenne: 'AIEMPI_HETU' });
  });

  it('excludes passivated and linked persons, the link group, pairs both identified against the register', async () => {
    const base = { etunimet: 'Venla', sukunimi: 'Kettunen', syntymaaika: '2011-09-21', org: orgs.school };
    const source = await person({ ...base, identifiedVtj: true, hetu: hetuOf('2011-09-21') });
    const plain = await person(base);
    const passivated = await person({ ...base, passivated: true });
    const vtj = await person({ ...base, identifiedVtj: true, hetu: hetuOf('2011-09-21') });
    const manual = await person({ ...base, identified: true });
    const linked = await person(base);
    await sql`update persons set master_id = (select id from persons where oid = ${plain}), duplicate = true, passivated = true
      where oid = ${linked}`.execute(t.services.db);

    const found = oidsOf(await candidates('dup', source));
    expect(found).toContain(plain);
    expect(found).toContain(manual); // identified by an official, not against the register
    expect(found).not.toContain(passivated);
    expect(found).not.toContain(vtj);
    expect(found).not.toContain(linked);
    // From the unidentified one, the register-identified one is a candidate; its own slave is not.
    const fromPlain = oidsOf(await candidates('dup', plain));
    expect(fromPlain).toEqual(expect.arrayContaining([source, vtj]));
    expect(fromPlain).not.toContain(linked);
    // A slave's candidates leave out its master.
    expect(oidsOf(await candidates('dup', linked))).not.toContain(plain);
  });

  it("scoping: another provider's candidates are shown with minimal data (no hetu) and every returned OID is audited", async () => {
    const base = {
      etunimet: 'Eino Kalevi',
      sukunimi: 'Huttunen',
      syntymaaika: '2006-12-01',
      sukupuoli: '1' as const,
    };
    const own = await person({ ...base, org: orgs.school });
    const theirs = await person({ ...base, hetu: hetuOf('2006-12-01'), org: orgs.other });
    const items = await candidates('dup', own);
    const c = items.find((i) => i.henkilo.oid === theirs)!;
    expect(c.rajattu).toBe(true);
    expect(c.henkilo.hetu).toBeNull();
    expect(c.henkilo).toMatchObject({
      etunimet: 'Eino Kalevi',
      sukunimi: 'Huttunen',
      syntymaaika: '2006-12-01',
    });
    expect(c.perusteet.find((e) => e.kentta === 'hetu')!.selitys).not.toMatch(/\d{6}/);

    const reads = await auditOf('PERSON_READ', theirs);
    const read = reads.at(-1)!;
    expect(read.target_oids).toEqual([own, ...oidsOf(items)]);
    expect(read.details).toMatchObject({
      purpose: 'DUPLICATE_CANDIDATES',
      source: own,
      outOfScope: [theirs],
    });

    // The other provider's official sees ours the same way; the person itself must be in scope.
    expect((await candidates('otherDup', theirs)).find((i) => i.henkilo.oid === own)?.rajattu).toBe(true);
    expect((await get('otherDup', `/henkilo/${own}/duplikaatit`)).statusCode).toBe(404);
    expect((await get('dup', '/henkilo/1.2.246.562.98.99999999990/duplikaatit')).statusCode).toBe(404);
    expect((await get('reader', `/henkilo/${own}/duplikaatit`)).statusCode).toBe(403);
    expect((await get('keeper', `/henkilo/${theirs}/duplikaatit`)).json().items[0].rajattu).toBe(false);
  });

  it('POST /duplikaatit/haku: free criteria (the hetuless form), for creators too; validated; audited', async () => {
    const existing = await person({
      etunimet: 'Saga Linnea',
      sukunimi: 'Lindqvist',
      syntymaaika: '2012-04-05',
      sukupuoli: '2',
      org: orgs.school,
    });
    const res = await post('creator', '/duplikaatit/haku', {
      etunimet: 'Saga',
      sukunimi: 'Lindkvist',
      syntymaaika: '2012-05-04',
      sukupuoli: '2',
    });
    expect(res.statusCode, res.body).toBe(200);
    const [first] = res.json().items as Candidate[];
    expect(first?.henkilo.oid).toBe(existing);
    expect(first?.rajattu).toBe(false);
    expect(first?.perusteet[2]).toMatchObject({ tarkenne: 'PAIVA_JA_KUUKAUSI_VAIHTUNEET' });
    const read = (await auditOf('PERSON_READ', existing)).at(-1)!;
    expect(read.details).toMatchObject({ purpose: 'DUPLICATE_SEARCH' });

    // Without a birth date: the same name key finds it.
    const noDate = await post('creator', '/duplikaatit/haku', { etunimet: 'Saga', sukunimi: 'Lindqvist' });
    expect(oidsOf(noDate.json().items)).toContain(existing);

    const bad = await post('creator', '/duplikaatit/haku', {
      etunimet: ' ',
      sukunimi: 'X',
      syntymaaika: '2012-02-30',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fieldErrors.map((e: { field: string }) => e.field)).toEqual([
      'etunimet',
      'syntymaaika',
    ]);
    expect((await post('reader', '/duplikaatit/haku', { etunimet: 'Saga', sukunimi: 'X' })).statusCode).toBe(
      403,
    );
  });

  it('links: the identified person becomes master, the other a passivated duplicate; provenance and audit kept', async () => {
    const base = {
      etunimet: 'Ilona',
      sukunimi: 'Pesonen',
      syntymaaika: '2009-07-08',
      sukupuoli: '2' as const,
    };
    const ours = await person({ ...base, org: orgs.school });
    const identified = await person({
      ...base,
      hetu: hetuOf('2009-07-08'),
      identifiedVtj: true,
      org: orgs.other,
    });

    const res = await post('dup', `/henkilo/${ours}/linkita`, {
      slaves: [identified],
      syy: 'same pupil, two schools',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ master: identified, oppijanumero: identified, linkitetyt: [ours] });
    expect(await stateOf(ours)).toEqual({ duplicate: true, passivated: true, master: identified });
    expect(await stateOf(identified)).toEqual({ duplicate: false, passivated: false, master: null });

    const link = await sql<{
      reason: string;
      linked_by: string;
      evidence: { pisteet: number; perusteet: unknown[] };
      passivated_before: boolean;
      ended_at: Date | null;
    }>`
      select l.* from person_links l join persons s on s.id = l.slave_id where s.oid = ${ours}`.execute(
      t.services.db,
    );
    expect(link.rows).toHaveLength(1);
    expect(link.rows[0]).toMatchObject({
      reason: 'same pupil, two schools',
      passivated_before: false,
      ended_at: null,
    });
    // Nationality and hetu unknown on one side: they count half.
    expect(link.rows[0]!.evidence.pisteet).toBe(0.975);
    expect(link.rows[0]!.evidence.perusteet).toHaveLength(6);

    const [audit] = await auditOf('PERSON_LINK', ours);
    expect(audit!.target_oids).toEqual([ours, identified]);
    expect(audit!.changes).toEqual({
      master: { before: null, after: identified },
      duplicate: { before: false, after: true },
      passivoitu: { before: false, after: true },
    });
    expect(audit!.details).toMatchObject({ master: identified, reason: 'same pupil, two schools' });

    // The single-person API reports the master's number and the linked OIDs (SPEC §10).
    await as('lookupHere', orgs.school, ['YLEISTUNNISTE_LUONTI']);
    const described = await get('lookupHere', `/yleistunniste/hae/${ours}`);
    expect(described.json()).toEqual({
      oid: ours,
      oppijanumero: identified,
      passivoitu: true,
      linked: [identified],
    });
    // The slave is no longer anybody's candidate, nor is the pair.
    expect(oidsOf(await candidates('keeper', identified))).not.toContain(ours);
  });

  it('refuses two identified persons, someone linked elsewhere, a person out of reach; validates the body', async () => {
    const base = { etunimet: 'Toivo', sukunimi: 'Laaksonen', syntymaaika: '2003-02-14', org: orgs.school };
    const a = await person({ ...base, identifiedVtj: true, hetu: hetuOf('2003-02-14') });
    const b = await person({ ...base, identified: true });
    const c = await person(base);
    const d = await person(base);
    const twoIdentified = await post('dup', `/henkilo/${c}/linkita`, { slaves: [a, b] });
    expect(twoIdentified.statusCode).toBe(409);
    expect(twoIdentified.json().message).toMatch(/only one identified/);
    expect(await stateOf(c)).toMatchObject({ duplicate: false, master: null });

    expect((await post('dup', `/henkilo/${c}/linkita`, { slaves: [a] })).statusCode).toBe(200);
    const elsewhere = await post('dup', `/henkilo/${d}/linkita`, { slaves: [c] });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().message).toContain(`already linked under ${a}`);

    // Another provider's person that is not a candidate cannot be reached by its OID.
    const stranger = await person({
      etunimet: 'Kalle',
      sukunimi: 'Muukalainen',
      syntymaaika: '1950-01-01',
      org: orgs.other,
    });
    expect((await post('dup', `/henkilo/${d}/linkita`, { slaves: [stranger] })).statusCode).toBe(404);
    expect(await stateOf(stranger)).toMatchObject({ duplicate: false, passivated: false });
    // Nor can a person of ours be linked by another provider's official through its own person.
    expect((await post('otherDup', `/henkilo/${d}/linkita`, { slaves: [stranger] })).statusCode).toBe(404);

    expect((await post('dup', `/henkilo/${d}/linkita`, { slaves: [] })).statusCode).toBe(400);
    expect((await post('dup', `/henkilo/${d}/linkita`, { slaves: [d] })).statusCode).toBe(400);
    expect((await post('reader', `/henkilo/${d}/linkita`, { slaves: [c] })).statusCode).toBe(403);
  });

  it("a slave's own slaves move to the new master: two levels only; provenance records the move", async () => {
    const base = { etunimet: 'Aapo', sukunimi: 'Nurmi', syntymaaika: '2010-10-10', org: orgs.school };
    const a = await person(base);
    const a1 = await person(base);
    const a2 = await person({ ...base, passivated: true });
    // None identified: the person linked under becomes the master.
    const first = await post('dup', `/henkilo/${a}/linkita`, { slaves: [a1, a2] });
    expect(first.json()).toEqual({ master: a, oppijanumero: null, linkitetyt: [a1, a2] });

    const m = await person({ ...base, identifiedVtj: true, hetu: hetuOf('2010-10-10') });
    const second = await post('dup', `/henkilo/${a}/linkita`, { slaves: [m] });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toEqual({ master: m, oppijanumero: m, linkitetyt: [a, a1, a2] });
    for (const slave of [a, a1, a2]) expect((await stateOf(slave)).master).toBe(m);
    const nested = await sql<{
      n: number;
    }>`select count(*)::int as n from persons s join persons p on p.id = s.master_id
      where p.master_id is not null`.execute(t.services.db);
    expect(nested.rows[0]!.n).toBe(0);

    const moves = await sql<{
      end_reason: string | null;
      moved_from: number | null;
      passivated_before: boolean;
      master: string;
    }>`
      select l.end_reason, l.moved_from, l.passivated_before, m.oid as master from person_links l
      join persons s on s.id = l.slave_id join persons m on m.id = l.master_id where s.oid = ${a2} order by l.id`.execute(
      t.services.db,
    );
    expect(moves.rows.map((r) => [r.master, r.end_reason, r.passivated_before])).toEqual([
      [a, 'MOVED', true],
      [m, null, true],
    ]);
    expect(moves.rows[1]!.moved_from).not.toBeNull();
    const [moveAudit] = (await auditOf('PERSON_LINK', a2)).slice(-1);
    expect(moveAudit!.changes).toEqual({ master: { before: a, after: m } });
    expect(moveAudit!.details).toMatchObject({ movedFrom: a });

    // The master reports its group.
    const described = await get('keeper', `/yleistunniste/hae/${m}`);
    expect(described.json().linked).toEqual([a, a1, a2]);
  });

  it('unlink restores: not a duplicate, passivated only if it was before linking; audited before/after', async () => {
    const base = { etunimet: 'Lumi', sukunimi: 'Koskela', syntymaaika: '2013-01-31', org: orgs.school };
    const master = await person({ ...base, identifiedVtj: true, hetu: hetuOf('2013-01-31') });
    const active = await person(base);
    const wasPassive = await person({ ...base, passivated: true });
    expect(
      (await post('dup', `/henkilo/${master}/linkita`, { slaves: [active, wasPassive] })).statusCode,
    ).toBe(200);

    const res = await post('dup', `/henkilo/${active}/pura-linkitys`, { syy: 'twins after all' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await stateOf(active)).toEqual({ duplicate: false, passivated: false, master: null });
    expect((await post('dup', `/henkilo/${wasPassive}/pura-linkitys`, {})).statusCode).toBe(200);
    expect(await stateOf(wasPassive)).toEqual({ duplicate: false, passivated: true, master: null });

    const [audit] = await auditOf('PERSON_UNLINK', active);
    expect(audit!.target_oids).toEqual([active, master]);
    expect(audit!.changes).toEqual({
      master: { before: master, after: null },
      duplicate: { before: true, after: false },
      passivoitu: { before: true, after: false },
    });
    expect(audit!.details).toMatchObject({ reason: 'twins after all' });
    const ended = await sql<{ end_reason: string; unlink_reason: string }>`
      select l.end_reason, l.unlink_reason from person_links l join persons s on s.id = l.slave_id where s.oid = ${active}`.execute(
      t.services.db,
    );
    expect(ended.rows).toEqual([{ end_reason: 'UNLINKED', unlink_reason: 'twins after all' }]);

    expect((await post('dup', `/henkilo/${active}/pura-linkitys`, {})).statusCode).toBe(409);
    expect((await get('keeper', `/yleistunniste/hae/${master}`)).json().linked).toEqual([]);
    // Out of scope: another provider's official cannot unlink ours.
    expect((await post('dup', `/henkilo/${master}/linkita`, { slaves: [active] })).statusCode).toBe(200);
    expect((await post('otherDup', `/henkilo/${active}/pura-linkitys`, {})).statusCode).toBe(404);
  });

  it('an unlinked person with a hetu that was never identified is queued for identification again', async () => {
    const base = { etunimet: 'Sointu', sukunimi: 'Rinne', syntymaaika: '2012-03-04', org: orgs.school };
    const master = await person({ ...base, identifiedVtj: true, hetu: hetuOf('2012-03-04') });
    const slave = await person({ ...base, hetu: hetuOf('2012-03-05') });
    expect((await post('dup', `/henkilo/${master}/linkita`, { slaves: [slave] })).statusCode).toBe(200);
    // While linked the worker passes it by and clears its turn.
    await sql`update persons set identification_due_at = null where oid = ${slave}`.execute(t.services.db);
    expect((await post('dup', `/henkilo/${slave}/pura-linkitys`, {})).statusCode).toBe(200);
    const due = await sql<{
      due: Date | null;
    }>`select identification_due_at as due from persons where oid = ${slave}`.execute(t.services.db);
    expect(due.rows[0]!.due).not.toBeNull();
  });

  it('the do-not-link list: the pair is no longer a candidate pair and cannot be linked; audited once', async () => {
    const base = { etunimet: 'Hilja', sukunimi: 'Vainio', syntymaaika: '2004-06-30', org: orgs.school };
    const a = await person(base);
    const b = await person(base);
    expect(oidsOf(await candidates('dup', a))).toContain(b);
    const res = await post('dup', `/henkilo/${a}/ei-duplikaatti`, { oid: b, syy: 'twins' });
    expect(res.statusCode, res.body).toBe(204);
    expect((await post('dup', `/henkilo/${b}/ei-duplikaatti`, { oid: a })).statusCode).toBe(204);
    expect(oidsOf(await candidates('dup', a))).not.toContain(b);
    expect(oidsOf(await candidates('dup', b))).not.toContain(a);
    const link = await post('dup', `/henkilo/${a}/linkita`, { slaves: [b] });
    expect(link.statusCode).toBe(409);
    expect(link.json().message).toContain('do-not-link');

    const audits = await auditOf('PERSON_NOT_DUPLICATE', a);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.target_oids).toEqual([a, b]);
    expect(audits[0]!.details).toMatchObject({ reason: 'twins' });
    const row = await sql<{
      created_by: string;
      reason: string;
    }>`select n.created_by, n.reason from person_not_duplicates n
      join persons p on p.id = least(n.person_a, n.person_b) where p.oid = ${a} or p.oid = ${b}`.execute(
      t.services.db,
    );
    expect(row.rows).toHaveLength(1);
    expect(row.rows[0]!.reason).toBe('twins');

    // A pair in one link group cannot be put on the list; unknown OIDs are 404; itself is 400.
    const c = await person(base);
    await post('dup', `/henkilo/${c}/linkita`, { slaves: [await person(base)] });
    const [slave] = (
      await sql<{
        oid: string;
      }>`select s.oid from persons s join persons m on m.id = s.master_id where m.oid = ${c}`.execute(
        t.services.db,
      )
    ).rows;
    expect((await post('dup', `/henkilo/${c}/ei-duplikaatti`, { oid: slave!.oid })).statusCode).toBe(409);
    expect(
      (await post('dup', `/henkilo/${c}/ei-duplikaatti`, { oid: '1.2.246.562.98.99999999990' })).statusCode,
    ).toBe(404);
    expect((await post('dup', `/henkilo/${c}/ei-duplikaatti`, { oid: c })).statusCode).toBe(400);
  });

  it('the do-not-link list of a person is listed, and a mistaken pair taken off it (audited); then it is a candidate again', async () => {
    const base = { etunimet: 'Selma', sukunimi: 'Kivelä', syntymaaika: '2003-02-14', org: orgs.school };
    const a = await person(base);
    const b = await person(base);
    expect((await post('dup', `/henkilo/${a}/ei-duplikaatti`, { oid: b, syy: 'twins?' })).statusCode).toBe(
      204,
    );
    const list = await t.app.inject({ url: `${API}/henkilo/${b}/ei-duplikaatit`, headers: auth.dup });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ oid: a, syy: 'twins?', lisaajaNimi: expect.any(String) }),
    ]);
    // Another provider's official does not see the person at all.
    const foreign = await t.app.inject({ url: `${API}/henkilo/${b}/ei-duplikaatit`, headers: auth.otherDup });
    expect(foreign.statusCode).toBe(404);

    const remove = () =>
      t.app.inject({ method: 'DELETE', url: `${API}/henkilo/${b}/ei-duplikaatti/${a}`, headers: auth.dup });
    expect((await remove()).statusCode).toBe(204);
    expect((await remove()).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: `${API}/henkilo/${b}/ei-duplikaatit`, headers: auth.dup })).json().items,
    ).toEqual([]);
    expect(oidsOf(await candidates('dup', a))).toContain(b);
    const audits = await auditOf('PERSON_NOT_DUPLICATE_REMOVE', a);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.target_oids).toEqual([b, a]);
  });

  it("mass import results report a linked duplicate's master number and its group", async () => {
    const hetu = hetuOf('2001-01-01');
    const base = { etunimet: 'Ukko', sukunimi: 'Pekkala', syntymaaika: '2001-01-01', org: orgs.school };
    const slave = await person({ ...base, hetu });
    const master = await person({ ...base, identified: true });
    expect((await post('dup', `/henkilo/${slave}/linkita`, { slaves: [master] })).statusCode).toBe(200);
    const put = await t.app.inject({
      method: 'PUT',
      url: `${API}/yleistunniste`,
      headers: auth.lookup,
      payload: {
        henkilot: [
          { tunniste: 'r1', henkilo: { hetu, etunimet: 'Ukko', kutsumanimi: 'Ukko', sukunimi: 'Pekkala' } },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const work = backgroundOf(t);
    await work.runner.runUntilIdle();
    await work.stop();
    const results = await get('lookup', `/yleistunniste/tuonti=${put.json().id}`);
    expect(results.json().henkilot[0].henkilo).toEqual({
      oid: slave,
      oppijanumero: master,
      passivoitu: true,
      linked: [master],
    });
  });
});
