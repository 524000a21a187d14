import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpPopulationRegister,
  HetuRefusedError,
  type HttpPopulationRegister,
} from '../../src/identification/http-register.ts';
import {
  decideOutcome,
  MAX_RETRY_DELAY_MS,
  type PopulationRegister,
  PopulationRegisterUnavailableError,
  registerFields,
  retryDelayMs,
} from '../../src/identification/index.ts';
import { type PopulationServer, startPopulationServer } from '../../src/identification/population-server.ts';
import {
  SimulatedPopulationRegister,
  type SimulatedRegisterEntry,
} from '../../src/identification/simulated-register.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';
import { auditOf, insertPerson, makeDue, personById, spyRegister, sweep, uniqueHetu } from './helpers.ts';

const MINUTE = 60_000;

const matching: SimulatedRegisterEntry = {
  hetu: uniqueHetu({ birthDate: '2004-03-15' }),
  etunimet: 'Matti Juhani',
  kutsumanimi: 'Juhani',
  sukunimi: 'Virtanen',
  entisetSukunimet: ['Korhonen'],
  sukupuoli: '1',
  aidinkieli: 'sv',
  kansalaisuudet: ['246', '752'],
  kotikunta: '091',
  turvakielto: true,
  kuolinpaiva: '2024-01-02',
};
const differing: SimulatedRegisterEntry = { hetu: uniqueHetu(), etunimet: 'Aino', sukunimi: 'Äijälä' };
const renewed: SimulatedRegisterEntry = { hetu: uniqueHetu(), etunimet: 'Ville', sukunimi: 'Uusi' };
const passivatedWithActive: SimulatedRegisterEntry = {
  hetu: uniqueHetu(),
  etunimet: 'Ville',
  sukunimi: 'Uusi',
  passivoitu: true,
  aktiivinenHetu: renewed.hetu,
};
const passivated: SimulatedRegisterEntry = {
  hetu: uniqueHetu(),
  etunimet: 'Paavo',
  sukunimi: 'Passiivi',
  passivoitu: true,
};
const ENTRIES = [matching, differing, renewed, passivatedWithActive, passivated];

/** Answers nothing: the register is down (after the adapter's own retries). */
const downRegister: PopulationRegister = {
  name: 'down',
  lookup: async () => {
    throw new PopulationRegisterUnavailableError('the population register did not answer');
  },
};

describe('identification rules (pure)', () => {
  it('retries after n^5 + 10 minutes, n = attempts so far, at most monthly', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n) / MINUTE)).toEqual([11, 42, 253, 1034, 3135]);
    expect(retryDelayMs(8) / MINUTE).toBe(8 ** 5 + 10);
    expect(retryDelayMs(9)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(50)).toBe(30 * 24 * 60 * MINUTE);
  });

  it('matches names with former surnames and swapped fields; not found, passivated and refused are final', () => {
    const record = {
      hetu: matching.hetu,
      etunimet: 'Matti Juhani',
      sukunimi: 'Virtanen',
      formerSurnames: ['Korhonen'],
      sukupuoli: '1' as const,
      syntymaaika: '2004-03-15',
      kansalaisuudet: ['246'],
      turvakielto: false,
    };
    const t = { surname: 0.85, firstNames: 0.85 };
    const found = { kind: 'answer' as const, answer: { kind: 'found' as const, person: record } };
    expect(decideOutcome({ first_names: 'Matti', surname: 'Korhonen' }, found, t).kind).toBe('identified');
    expect(decideOutcome({ first_names: 'Virtanen', surname: 'Juhani' }, found, t).kind).toBe('identified');
    expect(decideOutcome({ first_names: 'Pekka', surname: 'Virtanen' }, found, t).kind).toBe('mismatch');
    const answer = (a: object) => ({ kind: 'answer' as const, answer: a as never });
    const p = { first_names: 'A', surname: 'B' };
    expect(decideOutcome(p, answer({ kind: 'not_found' }), t)).toEqual({
      kind: 'failed',
      reason: 'HETU_EI_VTJ',
    });
    expect(decideOutcome(p, answer({ kind: 'passivated', activeHetu: 'x' }), t)).toEqual({
      kind: 'failed',
      reason: 'HETU_PASSIVOITU',
      activeHetu: 'x',
    });
    expect(decideOutcome(p, { kind: 'refused' }, t)).toEqual({ kind: 'failed', reason: 'HETU_EI_OIKEA' });
    expect(decideOutcome(p, { kind: 'unavailable' }, t)).toEqual({ kind: 'retry' });
  });

  it('overwrite rules: the register wins where it knows; silence keeps ours where that still fits', () => {
    const person = { nickname: 'Matti', mother_tongue: 'fi', nationalities: ['999'] };
    const base = {
      hetu: 'x',
      etunimet: 'Matti Juhani',
      sukunimi: 'Virtanen',
      formerSurnames: [],
      sukupuoli: '1' as const,
      syntymaaika: '2000-01-01',
      kansalaisuudet: [],
      turvakielto: false,
    };
    expect(registerFields(person, base)).toEqual({
      first_names: 'Matti Juhani',
      nickname: 'Matti',
      surname: 'Virtanen',
      former_surnames: [],
      sex: '1',
      birth_date: '2000-01-01',
      mother_tongue: 'fi',
      nationalities: ['999'],
      home_municipality: null,
      protection_order: false,
      death_date: null,
    });
    // A kutsumanimi that is no longer one of the first names gives way to the first of them.
    expect(registerFields({ ...person, nickname: 'Pekka' }, base).nickname).toBe('Matti');
    expect(registerFields(person, { ...base, kutsumanimi: 'Juhani', aidinkieli: 'sv' })).toMatchObject({
      nickname: 'Juhani',
      mother_tongue: 'sv',
    });
  });
});

describeEachDatabase('identification worker', (database) => {
  let t: TestApp;
  const register = new SimulatedPopulationRegister(ENTRIES);
  const db = () => t.services.db;

  beforeAll(async () => {
    t = await createTestApp(database(), { register });
    return () => t.close();
  });

  it('match: identified against the register, its data overwrites ours, audited with before and after', async () => {
    const person = await insertPerson(db(), { hetu: matching.hetu, etunimet: 'Matti', sukunimi: 'Korhonen' });
    const stats = await sweep(t.services);
    expect(stats).toMatchObject({ identified: 1, failed: 0, retried: 0 });
    const after = await personById(db(), person.id);
    expect(after).toMatchObject({
      identified_vtj: true,
      identification_attempted: true,
      identification_due_at: null,
      identification_attempts: 1,
      identification_error: null,
      first_names: 'Matti Juhani',
      nickname: 'Juhani',
      surname: 'Virtanen',
      former_surnames: ['Korhonen'],
      sex: '1',
      birth_date: '2004-03-15',
      mother_tongue: 'sv',
      nationalities: ['246', '752'],
      home_municipality: '091',
      protection_order: true,
      death_date: '2024-01-02',
      modified_by: 'onr identification',
    });
    expect(after.modified_at.getTime()).toBeGreaterThanOrEqual(person.modified_at.getTime());
    const [audit] = await auditOf(db(), person.oid, 'PERSON_IDENTIFY');
    expect(audit).toMatchObject({
      actor_kind: 'system',
      actor_name: 'onr identification',
      details: { method: 'population-register', result: 'identified' },
    });
    expect(audit!.changes).toMatchObject({
      etunimet: { before: 'Matti', after: 'Matti Juhani' },
      sukunimi: { before: 'Korhonen', after: 'Virtanen' },
      syntymaaika: { before: null, after: '2004-03-15' },
      turvakielto: { before: false, after: true },
      kuolinpaiva: { before: null, after: '2024-01-02' },
      yksiloityVTJ: { before: false, after: true },
    });
  });

  it('mismatch: the register snapshot is kept, the person is listed with NIMET_EIVAT_TASMAA, no retry', async () => {
    const person = await insertPerson(db(), { hetu: differing.hetu, etunimet: 'Pekka', sukunimi: 'Puupää' });
    await sweep(t.services);
    const after = await personById(db(), person.id);
    expect(after).toMatchObject({
      identified_vtj: false,
      identification_attempted: true,
      identification_due_at: null,
      identification_error: 'NIMET_EIVAT_TASMAA',
      first_names: 'Pekka',
      surname: 'Puupää',
    });
    const snapshot = await db()
      .selectFrom('register_snapshots')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(snapshot.hetu).toBe(differing.hetu);
    expect(snapshot.record).toMatchObject({ etunimet: 'Aino', sukunimi: 'Äijälä' });
    const [audit] = await auditOf(db(), person.oid, 'PERSON_IDENTIFY');
    expect(audit).toMatchObject({
      details: { result: 'NIMET_EIVAT_TASMAA' },
      changes: { yksilointiYritetty: { before: false, after: true } },
    });
    // Nothing more happens by itself.
    expect(await sweep(t.services)).toMatchObject({ claimed: 0 });
  });

  it('not found: HETU_EI_VTJ; passivated hetu: HETU_PASSIVOITU, with the active hetu kept when the register names one', async () => {
    const unknown = await insertPerson(db(), { hetu: uniqueHetu(), etunimet: 'Outi', sukunimi: 'Olematon' });
    const withActive = await insertPerson(db(), {
      hetu: passivatedWithActive.hetu,
      etunimet: 'Ville',
      sukunimi: 'Uusi',
    });
    const withoutActive = await insertPerson(db(), {
      hetu: passivated.hetu,
      etunimet: 'Paavo',
      sukunimi: 'Passiivi',
    });
    await sweep(t.services);
    for (const [p, reason] of [
      [unknown, 'HETU_EI_VTJ'],
      [withActive, 'HETU_PASSIVOITU'],
      [withoutActive, 'HETU_PASSIVOITU'],
    ] as const) {
      expect(await personById(db(), p.id)).toMatchObject({
        identified_vtj: false,
        identification_attempted: true,
        identification_due_at: null,
        identification_error: reason,
        // The hetu is not switched to the active one by itself: an official decides.
        hetu: p.hetu,
      });
    }
    const snapshots = await db()
      .selectFrom('register_snapshots')
      .select(['person_id', 'active_hetu', 'record'])
      .where('person_id', 'in', [unknown.id, withActive.id, withoutActive.id])
      .execute();
    expect(snapshots).toEqual([{ person_id: withActive.id, active_hetu: renewed.hetu, record: null }]);
  });

  it('transient failure: retried after n^5 + 10 minutes, never final; the rest of the batch waits unasked', async () => {
    const a = await insertPerson(db(), { hetu: uniqueHetu(), etunimet: 'Aatu', sukunimi: 'Odottaja' });
    const b = await insertPerson(db(), { hetu: uniqueHetu(), etunimet: 'Beata', sukunimi: 'Odottaja' });
    const stats = await sweep(t.services, { register: downRegister, concurrency: 1, pauseMs: 60_000 });
    expect(stats).toMatchObject({ claimed: 2, retried: 1, released: 1 });
    const [tried, waiting] = [await personById(db(), a.id), await personById(db(), b.id)].sort(
      (x, y) => y.identification_attempts - x.identification_attempts,
    );
    const now = Date.now();
    expect(tried).toMatchObject({
      identification_attempts: 1,
      identification_attempted: false,
      identification_error: 'VTJ_EI_VASTAA',
      identified_vtj: false,
    });
    const due = tried!.identification_due_at!.getTime() - now;
    expect(due).toBeGreaterThan(10 * MINUTE);
    expect(due).toBeLessThan(12 * MINUTE);
    // The one not asked keeps its attempts; it waits a pause, not a retry interval.
    expect(waiting).toMatchObject({ identification_attempts: 0, identification_error: null });
    expect(waiting!.identification_due_at!.getTime() - now).toBeLessThan(2 * MINUTE);

    // The third failure waits 3^5 + 10 minutes; far later ones a month.
    await sql`update persons set identification_attempts = 2 where id = ${tried!.id}`.execute(db());
    await makeDue(db(), tried!.id);
    await sql`update persons set identification_due_at = null where id = ${waiting!.id}`.execute(db());
    await sweep(t.services, { register: downRegister });
    const third = await personById(db(), tried!.id);
    expect(third.identification_attempts).toBe(3);
    expect(third.identification_due_at!.getTime() - Date.now()).toBeGreaterThan(252 * MINUTE);
    expect(third.identification_due_at!.getTime() - Date.now()).toBeLessThan(254 * MINUTE);
    await sql`update persons set identification_attempts = 20 where id = ${tried!.id}`.execute(db());
    await makeDue(db(), tried!.id);
    await sweep(t.services, { register: downRegister });
    const later = await personById(db(), tried!.id);
    expect(later.identification_due_at!.getTime() - Date.now()).toBeGreaterThan(MAX_RETRY_DELAY_MS - MINUTE);
    expect(later.identification_due_at!.getTime() - Date.now()).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);

    // Once the register answers again, the person is identified like any other.
    await makeDue(db(), tried!.id);
    await sweep(t.services);
    expect(await personById(db(), tried!.id)).toMatchObject({
      identification_attempted: true,
      identification_error: 'HETU_EI_VTJ',
      identification_attempts: 22,
    });
  });

  it('a person changed while it was being looked up is left to the change', async () => {
    const moving = await insertPerson(db(), {
      hetu: uniqueHetu(),
      etunimet: 'Muuttuva',
      sukunimi: 'Henkilö',
    });
    let corrected = false;
    const changing: PopulationRegister = {
      name: 'changing',
      async lookup(hetu) {
        // An official corrects the person meanwhile, which queues identification again (once).
        if (!corrected) {
          corrected = true;
          await sql`update persons set first_names = 'Korjattu', identification_due_at = now() + interval '1 hour'
            where id = ${moving.id}`.execute(db());
        }
        return register.lookup(hetu);
      },
    };
    await sweep(t.services, { register: changing });
    expect(await personById(db(), moving.id)).toMatchObject({
      first_names: 'Korjattu',
      identification_attempts: 0,
      identification_attempted: false,
    });
    await makeDue(db(), moving.id);
    await sweep(t.services);
    expect(await personById(db(), moving.id)).toMatchObject({ identification_error: 'HETU_EI_VTJ' });
  });

  it('skips passivated, linked and already identified persons without asking', async () => {
    const spy = spyRegister(register);
    const passive = await insertPerson(db(), { hetu: uniqueHetu(), etunimet: 'Passi', sukunimi: 'Voitu' });
    await sql`update persons set passivated = true where id = ${passive.id}`.execute(db());
    await sweep(t.services, { register: spy });
    expect(spy.asked).toEqual([]);
    expect(await personById(db(), passive.id)).toMatchObject({
      identification_due_at: null,
      identification_attempted: false,
      identification_attempts: 0,
    });
  });
});

describeEachDatabase('identification worker in production', (database) => {
  let t: TestApp;
  const spy = spyRegister(new SimulatedPopulationRegister(ENTRIES));

  beforeAll(async () => {
    t = await createTestApp(database(), { environment: 'production', register: spy });
    return () => t.close();
  });

  it('never sends a test hetu to the register: HETU_EI_OIKEA at once', async () => {
    const person = await insertPerson(t.services.db, {
      hetu: uniqueHetu({ test: true }),
      etunimet: 'Testi',
      sukunimi: 'Henkilö',
    });
    await sweep(t.services);
    expect(spy.asked).toEqual([]);
    expect(await personById(t.services.db, person.id)).toMatchObject({
      identification_attempted: true,
      identification_error: 'HETU_EI_OIKEA',
      identification_due_at: null,
    });
  });

  it("the adapter's refusal (HetuRefusedError) is final too, never transient", async () => {
    const refusing: PopulationRegister = {
      name: 'refusing',
      lookup: async () => {
        throw new HetuRefusedError('test_hetu');
      },
    };
    const person = await insertPerson(t.services.db, {
      hetu: uniqueHetu(),
      etunimet: 'Oikea',
      sukunimi: 'Henkilö',
    });
    await sweep(t.services, { register: refusing });
    expect(await personById(t.services.db, person.id)).toMatchObject({
      identification_attempted: true,
      identification_error: 'HETU_EI_OIKEA',
      identification_attempts: 1,
    });
  });
});

describeEachDatabase('identification against the register over HTTP', (database) => {
  let t: TestApp;
  let server: PopulationServer;
  let adapter: HttpPopulationRegister;
  const states: string[] = [];

  beforeAll(async () => {
    server = await startPopulationServer({ register: new SimulatedPopulationRegister(ENTRIES) });
    adapter = createHttpPopulationRegister({
      url: server.url,
      retries: 0,
      ratePerSecond: 1000,
      concurrency: 4,
      circuitBreaker: {
        volumeThreshold: 3,
        errorThresholdPercentage: 50,
        resetTimeoutMs: 200,
        windowMs: 10_000,
      },
      onCircuitStateChange: (s) => states.push(s),
    });
    t = await createTestApp(database(), { register: adapter });
    return async () => {
      adapter.close();
      await t.close();
    };
  });
  afterAll(async () => server.close());

  it('identifies over the wire protocol', async () => {
    const person = await insertPerson(t.services.db, {
      hetu: differing.hetu,
      etunimet: 'Aino',
      sukunimi: 'Äijälä',
    });
    await sweep(t.services, { register: adapter });
    expect(await personById(t.services.db, person.id)).toMatchObject({ identified_vtj: true });
  });

  it('the circuit breaker opens on failures (lookups stop reaching the register) and closes when it answers again', async () => {
    const persons = [];
    for (let i = 0; i < 12; i++) {
      persons.push(
        await insertPerson(t.services.db, { hetu: uniqueHetu(), etunimet: 'Katkos', sukunimi: `Henkilö` }),
      );
    }
    server.faults.set({ failRate: 1 });
    const before = server.stats().requests;
    // Several sweeps, as the scheduler would run them while the register is down.
    for (let round = 0; round < 4; round++) {
      for (const p of persons) {
        const row = await personById(t.services.db, p.id);
        if (row.identification_attempts === 0) await makeDue(t.services.db, p.id);
      }
      await sweep(t.services, { register: adapter, concurrency: 1 });
    }
    expect(adapter.stats().circuit).toBe('open');
    expect(states).toContain('open');
    expect(adapter.stats().rejected).toBeGreaterThan(0);
    // Fewer requests reached the register than lookups were attempted: the open circuit failed fast.
    expect(server.stats().requests - before).toBeLessThan(adapter.stats().lookups);
    const failedOnce = await t.services.db
      .selectFrom('persons')
      .select(['identification_attempts', 'identification_error', 'identification_attempted'])
      .where(
        'id',
        'in',
        persons.map((p) => p.id),
      )
      .execute();
    expect(failedOnce.every((p) => !p.identification_attempted)).toBe(true);
    expect(failedOnce.some((p) => p.identification_error === 'VTJ_EI_VASTAA')).toBe(true);

    // The register recovers; after the reset timeout the half-open trial succeeds and closes the circuit.
    server.faults.clear();
    await new Promise((r) => setTimeout(r, 250));
    for (const p of persons) await makeDue(t.services.db, p.id);
    await sweep(t.services, { register: adapter, concurrency: 1 });
    expect(adapter.stats().circuit).toBe('closed');
    expect(states).toContain('closed');
    const done = await t.services.db
      .selectFrom('persons')
      .select(['identification_error', 'identification_attempted', 'identification_due_at'])
      .where(
        'id',
        'in',
        persons.map((p) => p.id),
      )
      .execute();
    expect(done.every((p) => p.identification_attempted && p.identification_error === 'HETU_EI_VTJ')).toBe(
      true,
    );
  });
});
