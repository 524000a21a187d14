import { Type } from 'typebox';

/*
 * Row fields are optional and only their type and an outer length are checked here: a row that
 * breaks a rule (no hetu, a bad hetu, bad names, …) is a row error in the results, not a 400 for the
 * whole import. The body's shape (henkilot an array of objects) is checked here.
 */
const text = (maxLength: number, description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()], { description }));

const tunniste = text(255, "the source system's identifier of the row; echoed in the results");
const names = {
  etunimet: text(300, 'first names, separated by single spaces (required)'),
  kutsumanimi: text(300, 'the first name in everyday use; one of the first names (required)'),
  sukunimi: text(300, 'surname (required)'),
};

export const YleistunnisteImportRow = Type.Object(
  {
    tunniste,
    henkilo: Type.Object({ hetu: text(64, 'Finnish personal identity code (required)'), ...names }),
  },
  { $id: 'YleistunnisteTuontiRivi' },
);

export const OppijaImportRow = Type.Object(
  {
    tunniste,
    henkilo: Type.Object({
      oid: text(64, 'person OID, if the source system knows it'),
      hetu: text(64, 'Finnish personal identity code; required of Finnish citizens (kansalaisuus 246)'),
      passinumero: text(64, 'passport number'),
      sahkoposti: text(320, 'e-mail address identifying the person'),
      ...names,
      syntymaaika: text(32, 'YYYY-MM-DD (a valid hetu overrides it)'),
      sukupuoli: text(8, '"1" male, "2" female (a valid hetu overrides it)'),
      aidinkieli: text(16, 'mother tongue, ISO 639 (fi, sv, en, …)'),
      kansalaisuus: Type.Optional(
        Type.Union([Type.Array(Type.String({ maxLength: 16 }), { maxItems: 20 }), Type.Null()], {
          description: 'nationalities, ISO 3166 numeric codes ("246" = Finland)',
        }),
      ),
    }),
  },
  {
    $id: 'OppijaTuontiRivi',
    description:
      'At least one of oid, hetu, passinumero, sahkoposti; a row breaking the rules is a row error.',
  },
);

const sahkoposti = text(254, 'notification address: one mail when the finished import has rows to handle');

export const YleistunnisteImportBody = Type.Object(
  { sahkoposti, henkilot: Type.Array(YleistunnisteImportRow) },
  { $id: 'YleistunnisteTuonti' },
);

export const OppijaImportBody = Type.Object(
  { sahkoposti, henkilot: Type.Array(OppijaImportRow) },
  { $id: 'OppijaTuonti' },
);

const progressFields = {
  id: Type.Integer({ description: 'import id' }),
  kasiteltavia: Type.Integer({ description: 'rows in the import' }),
  kasiteltyja: Type.Integer({ description: 'rows processed so far (exact)' }),
  kasitelty: Type.Boolean({ description: 'true when every row is processed' }),
};

export const ImportProgress = Type.Object(progressFields, { $id: 'TuontiPerustiedot' });

export const ImportResultRow = Type.Object(
  {
    tunniste: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    henkilo: Type.Optional(
      Type.Object({
        oid: Type.String({ description: 'the person the row resolved to' }),
        oppijanumero: Type.Union([Type.String(), Type.Null()], {
          description: 'learner number; null until the person is identified',
        }),
        passivoitu: Type.Boolean(),
        linked: Type.Optional(Type.Array(Type.String(), { description: 'OIDs linked to the same person' })),
      }),
    ),
    conflict: Type.Optional(
      Type.Boolean({ description: 'true: an existing person with other names; nothing of it was changed' }),
    ),
    virhe: Type.Optional(
      Type.Object(
        {
          field: Type.String({ description: 'e.g. henkilo.hetu' }),
          message: Type.String(),
        },
        { description: 'the row was rejected (no person); the field and the reason' },
      ),
    ),
  },
  { $id: 'TuontiTulosRivi', description: 'One per request row, in the order of the request' },
);

export const ImportResults = Type.Object(
  { ...progressFields, henkilot: Type.Array(ImportResultRow) },
  { $id: 'TuontiTulokset' },
);

export const ImportParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'import id' }),
});

// Query parameters arrive as strings (no type coercion): numbers are checked by pattern.
const pageNumber = Type.Optional(
  Type.String({ pattern: '^[1-9][0-9]{0,6}$', description: 'from 1 (default 1)' }),
);

export const ChangedQuery = Type.Object({
  muokattuJalkeen: Type.String({ maxLength: 40, description: 'ISO 8601 time, e.g. 2026-09-05T10:04:59Z' }),
  page: pageNumber,
  count: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: '1–10000 (default 20)' })),
});

const ChangedPerson = Type.Object(
  {
    oid: Type.String(),
    masterOid: Type.String({ description: 'the master of its link group (its own OID when not linked)' }),
    oppijanumero: Type.Union([Type.String(), Type.Null()]),
    passivoitu: Type.Boolean(),
    yksilointiTila: Type.String({ description: 'OK | HETU_PUUTTUU | KESKEN | VIRHE' }),
    muokattu: Type.String({ description: 'time of the change, ISO 8601 with microseconds' }),
  },
  { $id: 'MuuttunutHenkilo' },
);

export const ChangedPage = Type.Object(
  {
    page: Type.Integer(),
    count: Type.Integer(),
    results: Type.Array(ChangedPerson),
  },
  { $id: 'MuuttuneetSivu' },
);

export const RegistryChangesQuery = Type.Object({
  since: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 time; required without cursor' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'the cursor of the previous answer' })),
  count: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: '1–10000 (default 1000)' })),
});

export const RegistryChanges = Type.Object(
  {
    results: Type.Array(ChangedPerson),
    cursor: Type.String({ description: 'pass it back to continue after the last result (also when empty)' }),
  },
  { $id: 'RekisterinMuutokset' },
);

export const ImportSummary = Type.Object(
  {
    onnistuneet: Type.Integer({ description: 'identified (OK)' }),
    virheet: Type.Integer({ description: 'identification failed (VIRHE) or no hetu (HETU_PUUTTUU)' }),
    keskeneraiset: Type.Integer({ description: 'hetu, identification not attempted yet (KESKEN)' }),
    yhteensa: Type.Integer(),
  },
  { $id: 'OppijaTuontiYhteenveto' },
);

export const ImportListQuery = Type.Object({
  page: pageNumber,
  count: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–500 (default 20)' })),
});

const ImportListItem = Type.Object(
  {
    id: Type.Integer(),
    api: Type.Union([Type.Literal('yleistunniste'), Type.Literal('oppija')]),
    luotu: Type.String({ format: 'date-time', description: 'when the import was accepted' }),
    tekija: Type.Object(
      { oid: Type.Union([Type.String(), Type.Null()]), nimi: Type.Union([Type.String(), Type.Null()]) },
      { description: 'the service user or official who sent it' },
    ),
    organisaatiot: Type.Array(Type.String(), { description: 'the importing organisations' }),
    kasiteltavia: Type.Integer(),
    kasiteltyja: Type.Integer(),
    kasitelty: Type.Boolean(),
    virheita: Type.Integer({ description: 'rows rejected' }),
    konflikteja: Type.Integer({ description: 'rows that found a person with other names' }),
  },
  { $id: 'TuontiListanRivi' },
);

export const ImportListPage = Type.Object(
  {
    items: Type.Array(ImportListItem),
    page: Type.Integer(),
    count: Type.Integer(),
    total: Type.Integer({ description: 'imports visible to the caller' }),
  },
  { $id: 'TuontiLista' },
);
