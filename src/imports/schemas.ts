import { Type } from 'typebox';

/*
 * Only the body's shape and the types and outer lengths of the row fields are checked here; the
 * rules of a row (validation.ts) are checked next, for every row: by default a broken row refuses
 * the whole request with 400 naming each broken row, in the opt-in row-error mode it becomes a row
 * error in the results.
 */
const text = (maxLength: number, description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()], { description }));

const tunniste = (description: string) => text(255, description);
const names = {
  etunimet: text(300, 'first names (required)'),
  kutsumanimi: text(300, 'the name in everyday use (required)'),
  sukunimi: text(300, 'surname (required)'),
};

export const YleistunnisteImportRow = Type.Object(
  {
    tunniste: tunniste("the source system's identifier of the row (required); echoed in the results"),
    henkilo: Type.Object({
      hetu: text(64, 'Finnish personal identity code (required)'),
      ...names,
    }),
  },
  {
    $id: 'YleistunnisteTuontiRivi',
    description:
      'A lookup body with a tunniste: hetu, etunimet, kutsumanimi, sukunimi required; names are runs of visible characters separated by single spaces.',
  },
);

/** A code of a code list: the reference's `{koodi}`, or the code as a plain string. */
const Code = (maxLength: number, description: string) =>
  Type.Union([Type.String({ maxLength }), Type.Object({ koodi: Type.String({ maxLength }) })], {
    description,
  });

export const OppijaImportRow = Type.Object(
  {
    tunniste: tunniste("the source system's identifier of the row; echoed in the results"),
    henkilo: Type.Object({
      oid: text(64, 'person OID, if the source system knows it (one that matches nobody falls through)'),
      hetu: text(64, 'Finnish personal identity code; required of Finnish citizens (kansalaisuus 246)'),
      passinumero: text(64, 'passport number'),
      sahkoposti: text(320, 'e-mail address identifying the person'),
      ...names,
      syntymaaika: text(32, 'YYYY-MM-DD (a valid hetu overrides it)'),
      sukupuoli: Type.Optional(
        Type.Union([
          Code(8, 'code list sukupuoli: "1" male, "2" female (a valid hetu overrides it)'),
          Type.Null(),
        ]),
      ),
      aidinkieli: Type.Optional(
        Type.Union([
          Code(16, 'mother tongue, code list kieli (ISO 639-1, any case: FI, sv, …)'),
          Type.Null(),
        ]),
      ),
      kansalaisuus: Type.Optional(
        Type.Union(
          [
            Type.Array(
              Code(16, 'code list maatjavaltiot2 (ISO 3166 numeric, "246" = Finland, "999" unknown)'),
              {
                maxItems: 20,
              },
            ),
            Type.Null(),
          ],
          { description: 'nationalities (required, at least one)' },
        ),
      ),
    }),
  },
  {
    $id: 'OppijaTuontiRivi',
    description:
      'At least one of oid, hetu, passinumero, sahkoposti; etunimet, kutsumanimi, sukunimi and kansalaisuus required; codes from the code lists (GET /koodisto/{name}).',
  },
);

const sahkoposti = text(
  254,
  'notification address: one mail when the finished import has rows to handle; when present, an e-mail address',
);

export const YleistunnisteImportBody = Type.Object(
  { sahkoposti, henkilot: Type.Array(YleistunnisteImportRow, { minItems: 1 }) },
  { $id: 'YleistunnisteTuonti' },
);

export const OppijaImportBody = Type.Object(
  { sahkoposti, henkilot: Type.Array(OppijaImportRow, { minItems: 1 }) },
  { $id: 'OppijaTuonti' },
);

export const ImportQuery = Type.Object({
  rivivirheet: Type.Optional(
    Type.Union([Type.Literal('true'), Type.Literal('false')], {
      description:
        'true: the row-error mode of onr (an extension): a row that breaks the rules gets a row error (virhe) in the results and the other rows are processed. Default false: as the reference, any broken row refuses the whole request with 400 naming each broken row (henkilot[3].henkilo.hetu) and nothing is stored.',
    }),
  ),
});

const progressFields = {
  id: Type.Integer({ description: 'import id' }),
  kasiteltavia: Type.Integer({ description: 'rows in the import' }),
  kasiteltyja: Type.Integer({ description: 'rows processed so far (exact)' }),
  kasitelty: Type.Boolean({ description: 'true when every row is processed' }),
};

export const ImportProgress = Type.Object(progressFields, { $id: 'TuontiPerustiedot' });

const KoodiNimi = Type.Object(
  {
    koodi: Type.String(),
    nimi: Type.Object(
      {
        FI: Type.Union([Type.String(), Type.Null()]),
        SV: Type.Union([Type.String(), Type.Null()]),
        EN: Type.Union([Type.String(), Type.Null()]),
      },
      { description: 'names from the code list (null for a code it does not know)' },
    ),
  },
  {
    title: 'KoodiNimi',
    description: 'a code with its names, as the reference answers codes (KoodiNimiReadDto)',
  },
);

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description ? { description } : {});

const linked = Type.Array(Type.String(), {
  description: 'the other OIDs of its link group (master and duplicates); [] when not linked',
});

const oppijanumero = Type.Union([Type.String(), Type.Null()], {
  description: 'learner number (its master’s for a linked duplicate); null until the person is identified',
});

/** The reference's OppijaReadDto: the person as import results and the change feed show it. */
export const ImportedPerson = Type.Object(
  {
    oid: Type.String(),
    oppijanumero,
    luotu: Type.Integer({ description: 'created, epoch milliseconds' }),
    muokattu: Type.Integer({ description: 'last modified, epoch milliseconds' }),
    hetu: nullable(Type.String()),
    etunimet: Type.String(),
    kutsumanimi: nullable(Type.String()),
    sukunimi: Type.String(),
    syntymaaika: nullable(Type.String({ format: 'date' }), 'YYYY-MM-DD'),
    sukupuoli: nullable(KoodiNimi),
    aidinkieli: nullable(KoodiNimi),
    kansalaisuus: Type.Array(KoodiNimi),
    kotikunta: nullable(KoodiNimi, 'home municipality; null under a protection order'),
    yhteystiedotRyhma: Type.Array(Type.Unknown(), {
      description: 'contact data groups (onr keeps none: [])',
    }),
    passivoitu: Type.Boolean(),
    linked,
  },
  { title: 'Oppija', description: "the person as the reference's OppijaReadDto" },
);

const conflict = Type.Optional(
  Type.Boolean({ description: 'true: an existing person with other names; nothing of it was changed' }),
);
const virhe = Type.Optional(
  Type.Object(
    {
      field: Type.String({ description: 'e.g. henkilo.hetu' }),
      message: Type.String(),
    },
    {
      description:
        'row-error mode only (rivivirheet=true): the row was rejected (no henkilo); the field and the reason',
    },
  ),
);

export const YleistunnisteResultRow = Type.Object(
  {
    tunniste: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    henkilo: Type.Optional(
      Type.Object({
        oid: Type.String({ description: 'the person the row resolved to' }),
        oppijanumero,
        passivoitu: Type.Boolean(),
        linked,
      }),
    ),
    conflict,
    virhe,
  },
  { $id: 'YleistunnisteTulosRivi', description: 'One per request row, in the order of the request' },
);

export const OppijaResultRow = Type.Object(
  {
    tunniste: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    henkilo: Type.Optional(ImportedPerson),
    conflict,
    virhe,
  },
  { $id: 'OppijaTulosRivi', description: 'One per request row, in the order of the request' },
);

export const YleistunnisteResults = Type.Object(
  { ...progressFields, henkilot: Type.Array(YleistunnisteResultRow) },
  { $id: 'YleistunnisteTulokset' },
);

export const OppijaResults = Type.Object(
  { ...progressFields, henkilot: Type.Array(OppijaResultRow) },
  { $id: 'OppijaTulokset' },
);

export const ImportParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'import id' }),
});

// Query parameters arrive as strings (no type coercion): numbers are checked by pattern.
const pageNumber = Type.Optional(
  Type.String({ pattern: '^[1-9][0-9]{0,6}$', description: 'from 1 (default 1)' }),
);

const flag = (description: string) =>
  Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description }));

/** The reference's OppijaTuontiCriteria: the change feed's and the summary's filters. */
const criteria = {
  muokattuJalkeen: Type.Optional(
    Type.String({
      maxLength: 40,
      description:
        'modified at or after (>=): a date (2026-09-05), or a date-time with or without zone (2026-09-05T10:04:59, 2026-09-05T10:04:59.123+03:00); no zone = Europe/Helsinki',
    }),
  ),
  tuontiId: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,15}$', description: 'only the persons of this import' }),
  ),
  vainVirheet: flag('true: only persons whose identification failed or who have no hetu (not identified)'),
  nimiHaku: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'the first names or surname contain this (case-insensitive)',
    }),
  ),
};

export const ChangedQuery = Type.Object({
  ...criteria,
  page: pageNumber,
  count: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: '1–10000 (default 20)' })),
  jalkeen: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'extension: the cursor (jatko) of the previous page; pages by position instead of by offset, so that no row is ever skipped',
    }),
  ),
});

export const SummaryQuery = Type.Object(criteria);

export const ChangedPage = Type.Object(
  {
    number: Type.Integer({ description: 'page number, from 1' }),
    size: Type.Integer({ description: 'page size (count)' }),
    results: Type.Array(
      Type.Object({ oid: Type.String(), master: ImportedPerson }, { title: 'MuuttunutOppija' }),
    ),
    totalElements: Type.Integer(),
    totalPages: Type.Integer(),
    numberOfElements: Type.Integer({ description: 'results on this page' }),
    first: Type.Boolean(),
    last: Type.Boolean(),
    jatko: Type.Optional(
      Type.String({ description: 'extension: pass as jalkeen to get the rows after this page' }),
    ),
  },
  { $id: 'MuuttuneetSivu' },
);

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
    onnistuneet: Type.Integer({ description: 'identified, or linked, or passivated' }),
    virheet: Type.Integer({ description: 'not identified: identification failed, or no hetu' }),
    keskeneraiset: Type.Integer({ description: 'a hetu, identification not attempted yet' }),
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

const sortState = Type.Object({ sorted: Type.Boolean(), unsorted: Type.Boolean(), empty: Type.Boolean() });

export const KoosteQuery = Type.Object({
  id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'only this import' })),
  author: Type.Optional(
    Type.String({ maxLength: 200, description: 'the sender’s name contains this (any case)' }),
  ),
  page: pageNumber,
  pageSize: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–500 (default 20)' })),
  sort: Type.Optional(
    Type.Union([Type.Literal('ASC'), Type.Literal('DESC')], { description: 'default DESC' }),
  ),
  field: Type.Optional(
    Type.Union(
      ['id', 'timestamp', 'oid', 'author', 'total', 'successful', 'failures', 'inProgress', 'conflicts'].map(
        (f) => Type.Literal(f),
      ),
      { description: 'sort field (default timestamp)' },
    ),
  ),
});

/** The reference's tuontikooste rows in a Spring Data page (0-based `number`). */
export const KoostePage = Type.Object(
  {
    content: Type.Array(
      Type.Object({
        id: Type.Integer(),
        oid: Type.Union([Type.String(), Type.Null()], {
          description: 'the sender (service user or official)',
        }),
        author: Type.Union([Type.String(), Type.Null()], { description: 'the sender’s name' }),
        timestamp: Type.Integer({ description: 'accepted, epoch milliseconds' }),
        total: Type.Integer(),
        inProgress: Type.Integer({ description: 'rows not processed yet' }),
        successful: Type.Integer({ description: 'rows whose person is identified, linked or passivated' }),
        failures: Type.Integer({ description: 'total − successful' }),
        conflicts: Type.Integer(),
        api: Type.Union([Type.Literal('OPPIJA'), Type.Literal('YLEISTUNNISTE')]),
      }),
    ),
    pageable: Type.Object({
      sort: sortState,
      pageNumber: Type.Integer(),
      pageSize: Type.Integer(),
      offset: Type.Integer(),
      paged: Type.Boolean(),
      unpaged: Type.Boolean(),
    }),
    totalPages: Type.Integer(),
    totalElements: Type.Integer(),
    last: Type.Boolean(),
    numberOfElements: Type.Integer(),
    sort: sortState,
    size: Type.Integer(),
    number: Type.Integer({ description: 'page number from 0, as Spring Data counts' }),
    first: Type.Boolean(),
    empty: Type.Boolean(),
  },
  { $id: 'TuontiKooste' },
);
