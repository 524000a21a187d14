import { describe, expect, it } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import { DEFAULT_NAME_THRESHOLDS } from '../../src/domain/names.ts';
import { parseCsv, toCsv } from '../../src/imports/csv.ts';
import { type Candidate, emptyKeyHits, planBatch } from '../../src/imports/matching.ts';
import { checkRow, type RowRules, toStoredRow, type WireRow } from '../../src/imports/validation.ts';

const hetu = makeHetu('1990-05-17', 123, '-');
const testHetu = makeHetu('2001-02-03', 905, 'A');
// kansalaisuus is required of /oppija rows (the reference's @NotEmpty).
const names = { etunimet: 'Aino Maria', kutsumanimi: 'Aino', sukunimi: 'Virtanen', kansalaisuus: ['999'] };
const lookupNames = { etunimet: 'Aino Maria', kutsumanimi: 'Aino', sukunimi: 'Virtanen' };
const oppija: RowRules = { api: 'oppija', production: false };
const yleistunniste: RowRules = { api: 'yleistunniste', production: false };

const check = (henkilo: WireRow['henkilo'], rules: RowRules = oppija, rowNo = 0) =>
  checkRow(toStoredRow(rules.api, { tunniste: `t${rowNo}`, henkilo }, rowNo), rules);

const errorOf = (henkilo: WireRow['henkilo'], rules: RowRules = oppija) => {
  const result = check(henkilo, rules);
  return result.ok ? undefined : { field: result.error.field, message: result.error.message };
};

describe('row rules', () => {
  it('accepts a valid row and derives birth date and sex from the hetu', () => {
    const result = check({
      hetu,
      ...names,
      syntymaaika: '2000-01-01',
      sukupuoli: '2',
      kansalaisuus: ['246'],
    });
    expect(result).toMatchObject({
      ok: true,
      row: { birthDate: '1990-05-17', sex: '1', nationalities: ['246'], firstNames: 'Aino Maria' },
    });
  });

  it("takes the reference's code objects as well as plain strings, language codes in any case", () => {
    const result = check({
      passinumero: 'X1',
      ...names,
      sukupuoli: { koodi: '2' },
      aidinkieli: { koodi: 'SV' },
      kansalaisuus: [{ koodi: '752' }, '232'],
    });
    expect(result).toMatchObject({
      ok: true,
      row: { sex: '2', motherTongue: 'sv', nationalities: ['752', '232'] },
    });
    expect(check({ passinumero: 'X1', ...names, aidinkieli: 'fi' })).toMatchObject({
      ok: true,
      row: { motherTongue: 'fi' },
    });
  });

  it.each([
    [{ ...names }, 'henkilo', 'at least one of'],
    [{ hetu: '170590-1234', ...names }, 'henkilo.hetu', 'check character'],
    [{ hetu: '310290-123X', ...names }, 'henkilo.hetu', 'does not exist'],
    [{ hetu: `${hetu} `, ...names }, 'henkilo.hetu', '11 characters'],
    [{ passinumero: 'AB\u000712', ...names }, 'henkilo.passinumero', 'control characters'],
    [{ sahkoposti: 'not-an-address', ...names }, 'henkilo.sahkoposti', 'e-mail'],
    [{ hetu, ...names, etunimet: 'Aino\nMaria' }, 'henkilo.etunimet', 'control characters'],
    [{ hetu, ...names, sukunimi: '' }, 'henkilo.sukunimi', 'required'],
    [{ hetu, ...names, kansalaisuus: [] }, 'henkilo.kansalaisuus', 'must not be empty'],
    [{ hetu, ...names, kansalaisuus: undefined }, 'henkilo.kansalaisuus', 'must not be empty'],
    [{ passinumero: 'X1', ...names, kansalaisuus: ['246'] }, 'henkilo.hetu', 'Finnish citizen'],
    [{ passinumero: 'X1', ...names, kansalaisuus: ['FI'] }, 'henkilo.kansalaisuus', 'maatjavaltiot2'],
    [{ passinumero: 'X1', ...names, kansalaisuus: [{ koodi: '000' }] }, 'henkilo.kansalaisuus', '000'],
    [{ passinumero: 'X1', ...names, syntymaaika: '2001-02-30' }, 'henkilo.syntymaaika', 'existing date'],
    [{ passinumero: 'X1', ...names, sukupuoli: 'M' }, 'henkilo.sukupuoli', '"1"'],
    [{ passinumero: 'X1', ...names, sukupuoli: { koodi: '3' } }, 'henkilo.sukupuoli', '"1"'],
    [{ passinumero: 'X1', ...names, aidinkieli: 'Finnish' }, 'henkilo.aidinkieli', 'ISO 639'],
    [{ passinumero: 'X1', ...names, aidinkieli: { koodi: 'fin' } }, 'henkilo.aidinkieli', 'ISO 639'],
  ])('rejects %j: %s', (henkilo, field, message) => {
    expect(errorOf(henkilo as WireRow['henkilo'])).toEqual({
      field,
      message: expect.stringContaining(message),
    });
  });

  it('lists every broken rule of a row', () => {
    const result = check({ hetu: '170590-1234', ...names, sukunimi: '', sukupuoli: 'M' });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'henkilo.hetu',
      'henkilo.sukunimi',
      'henkilo.sukupuoli',
    ]);
  });

  it("checks /oppija row names for presence only: no word or kutsumanimi rule (the reference's)", () => {
    for (const [etunimet, kutsumanimi] of [
      ['Uuno', 'Yksikkö'],
      ['Anna Liisa', 'Anna Liisa'],
      ['X Æ A-12', 'X'],
      ['St.John', 'Johnny'],
      ['Aino  Maria', 'Aino'],
    ]) {
      expect(check({ hetu, ...names, etunimet, kutsumanimi }).ok, `${etunimet} / ${kutsumanimi}`).toBe(true);
    }
  });

  it('checks /yleistunniste rows as lookup bodies with a tunniste, without the kutsumanimi rule', () => {
    const lookup = (henkilo: WireRow['henkilo'], tunniste: string | null = 't0') =>
      checkRow(toStoredRow('yleistunniste', { tunniste, henkilo }, 0), yleistunniste);
    expect(lookup({ hetu, ...lookupNames }).ok).toBe(true);
    expect(lookup({ hetu, ...lookupNames, kutsumanimi: 'Liisa' }).ok).toBe(true);
    expect(lookup({ hetu, ...lookupNames }, null)).toMatchObject({ ok: false, error: { field: 'tunniste' } });
    expect(lookup({ hetu, ...lookupNames, etunimet: 'Aino  Maria' })).toMatchObject({
      ok: false,
      error: { field: 'henkilo.etunimet', message: expect.stringContaining('single spaces') },
    });
    // The persons a yleistunniste import creates get the nationality "unknown", as in the reference.
    expect(lookup({ hetu, ...lookupNames })).toMatchObject({ ok: true, row: { nationalities: ['999'] } });
  });

  it('requires a hetu in the yleistunniste API and ignores the other identifiers there', () => {
    expect(errorOf({ ...lookupNames, passinumero: 'X1' } as WireRow['henkilo'], yleistunniste)).toEqual({
      field: 'henkilo.hetu',
      message: 'is required',
    });
    const stored = toStoredRow(
      'yleistunniste',
      { henkilo: { hetu, ...lookupNames, oid: '1.2.3', sahkoposti: 'a@b.fi' } },
      0,
    );
    expect(stored).toMatchObject({ oid: null, email: null, hetu });
  });

  it('refuses a test hetu in production only, and flags test-looking names there', () => {
    expect(check({ hetu: testHetu, ...names }).ok).toBe(true);
    const refused = check({ hetu: testHetu, ...names }, { api: 'oppija', production: true });
    expect(refused).toMatchObject({ ok: false, error: { field: 'henkilo.hetu', testHetu: true } });
    const testName = check(
      { hetu, ...names, etunimet: 'Testi', kutsumanimi: 'Testi', sukunimi: 'Testaaja' },
      { api: 'oppija', production: true },
    );
    expect(testName).toMatchObject({ ok: true, row: { testName: true } });
  });

  it('normalises passports and e-mail addresses for matching', () => {
    expect(check({ passinumero: ' ab-123 ', sahkoposti: ' Aino@Example.FI ', ...names })).toMatchObject({
      ok: true,
      row: { passportNumber: 'AB-123', email: 'aino@example.fi' },
    });
  });
});

describe('matching a batch', () => {
  const person = (id: number, etunimet = 'Aino Maria', sukunimi = 'Virtanen'): Candidate => ({
    id,
    oid: `1.2.246.562.98.${id}`,
    firstNames: etunimet,
    surname: sukunimi,
    formerSurnames: [],
  });
  const rows = (...henkilot: WireRow['henkilo'][]) => henkilot.map((h, i) => check(h, oppija, i));

  it('resolves rows of one batch that share an identifier to one new person', () => {
    const plan = planBatch(
      rows(
        { hetu, ...names },
        { passinumero: 'P1', sahkoposti: 'x@y.fi', ...names },
        { hetu, passinumero: 'P2', ...names },
        { passinumero: 'P1', ...names },
        { sahkoposti: 'X@y.fi', ...names, etunimet: 'Pekka', kutsumanimi: 'Pekka', sukunimi: 'Puu' },
        // P2 came with a row that only matched: the person it found keeps its own identifiers.
        { passinumero: 'P2', ...names },
      ),
      emptyKeyHits(),
      DEFAULT_NAME_THRESHOLDS,
    );
    expect(plan.newPersons).toHaveLength(3);
    expect(plan.rows).toEqual([
      { kind: 'new', rowNo: 0, person: 0, creates: true, conflict: false },
      { kind: 'new', rowNo: 1, person: 1, creates: true, conflict: false },
      { kind: 'new', rowNo: 2, person: 0, creates: false, conflict: false },
      { kind: 'new', rowNo: 3, person: 1, creates: false, conflict: false },
      // Found through the e-mail of row 1 — with other names.
      { kind: 'new', rowNo: 4, person: 1, creates: false, conflict: true },
      { kind: 'new', rowNo: 5, person: 2, creates: true, conflict: false },
    ]);
  });

  it('takes the first hit in the order OID, hetu, hetu history, passport, e-mail, and flags other names', () => {
    const hits = emptyKeyHits();
    hits.oid.set('1.2.246.562.98.10000000001', person(1));
    hits.hetuHistory.set(hetu, person(2));
    hits.passport.set('P1', person(3, 'Eino', 'Virtanen'));
    hits.email.set('a@b.fi', person(4));
    const plan = planBatch(
      rows(
        { oid: '1.2.246.562.98.10000000001', hetu, passinumero: 'P1', ...names },
        { hetu, passinumero: 'P1', ...names },
        { passinumero: 'P1', sahkoposti: 'a@b.fi', ...names },
        { sahkoposti: 'a@b.fi', ...names },
      ),
      hits,
      DEFAULT_NAME_THRESHOLDS,
    );
    // The OID in the first row matches a person (1): it wins over the hetu and the passport.
    expect(plan.rows.map((r) => (r.kind === 'existing' ? [r.person.id, r.conflict] : r.kind))).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, false],
    ]);
  });

  it("lets an OID that matches nobody fall through to hetu, passport and e-mail (the reference's rule)", () => {
    const oid = '1.2.246.562.24.14857097582';
    const hits = emptyKeyHits();
    hits.hetu.set(hetu, person(5));
    hits.passport.set('P1', person(6));
    const plan = planBatch(
      rows(
        { oid, hetu, ...names },
        { oid: 'not-an-oid', passinumero: 'P1', ...names },
        { oid, sahkoposti: 'new@b.fi', ...names },
      ),
      hits,
      DEFAULT_NAME_THRESHOLDS,
    );
    expect(plan.rows).toMatchObject([
      { kind: 'existing', person: { id: 5 } },
      { kind: 'existing', person: { id: 6 } },
      { kind: 'new', creates: true },
    ]);
    hits.oid.set(oid, person(9));
    expect(planBatch(rows({ oid, hetu, ...names }), hits, DEFAULT_NAME_THRESHOLDS).rows[0]).toMatchObject({
      kind: 'existing',
      person: { id: 9 },
    });
  });
});

describe('CSV', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes, CRLF, BOM and semicolons', () => {
    expect(parseCsv('\ufefftunniste,etunimet\r\n1,"Anna ""A"", Maria"\r\n2,"two\nlines"\n\n')).toEqual([
      { tunniste: '1', etunimet: 'Anna "A", Maria' },
      { tunniste: '2', etunimet: 'two\nlines' },
    ]);
    expect(parseCsv('tunniste;hetu\n1;010866-9260')).toEqual([{ tunniste: '1', hetu: '010866-9260' }]);
  });

  it('writes what it reads', () => {
    const text = toCsv(
      ['a', 'b'],
      [
        ['x,y', 'say "hi"'],
        [null, true],
      ],
    );
    expect(parseCsv(text)).toEqual([
      { a: 'x,y', b: 'say "hi"' },
      { a: '', b: 'true' },
    ]);
  });
});
