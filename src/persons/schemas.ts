import { Type } from 'typebox';
import { Nullable } from '../http/index.ts';

// Wire shapes of docs/API-OFFICIALS.md, "Persons".

const Str = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
const Codes = (description: string) => Type.Array(Str(16), { maxItems: 20, description });
const Tila = Type.Union(
  [Type.Literal('OK'), Type.Literal('HETU_PUUTTUU'), Type.Literal('KESKEN'), Type.Literal('VIRHE')],
  { description: 'OK identified; HETU_PUUTTUU no hetu, not identified; KESKEN waiting; VIRHE failed' },
);

export const OidParams = Type.Object({ oid: Type.String({ maxLength: 64, description: 'a person OID' }) });

export const PageQuery = Type.Object({
  page: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: 'page from 1 (default 1)' })),
  count: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,3}$', description: 'items a page, 1–500 (default 20)' }),
  ),
});

export const HenkiloSummary = Type.Object(
  {
    oid: Type.String(),
    oppijanumero: Nullable(Type.String()),
    hetu: Nullable(Type.String()),
    etunimet: Type.String(),
    kutsumanimi: Nullable(Type.String()),
    sukunimi: Type.String(),
    syntymaaika: Nullable(Type.String()),
    tila: Tila,
    passivoitu: Type.Boolean(),
    duplicate: Type.Boolean(),
    modified: Type.String({ format: 'date-time' }),
  },
  { $id: 'HenkiloSummary' },
);

export const Yksilointivirhe = Type.Object(
  {
    syy: Type.Union(
      [
        Type.Literal('HETU_EI_VTJ'),
        Type.Literal('HETU_PASSIVOITU'),
        Type.Literal('HETU_EI_OIKEA'),
        Type.Literal('NIMET_EIVAT_TASMAA'),
        Type.Literal('VTJ_EI_VASTAA'),
      ],
      { description: 'VTJ_EI_VASTAA: the register did not answer; retried automatically (seuraavaYritys)' },
    ),
    aika: Type.String({ format: 'date-time' }),
    yrityksia: Type.Integer(),
    seuraavaYritys: Nullable(Type.String({ format: 'date-time' })),
    aktiivinenHetu: Type.Optional(
      Type.String({ description: 'HETU_PASSIVOITU: the current hetu the register named, if it did' }),
    ),
  },
  { $id: 'Yksilointivirhe' },
);

export const Henkilo = Type.Object(
  {
    oid: Type.String(),
    oppijanumero: Nullable(Type.String()),
    hetu: Nullable(Type.String()),
    kaikkiHetut: Type.Array(Type.String()),
    etunimet: Type.String(),
    kutsumanimi: Nullable(Type.String()),
    sukunimi: Type.String(),
    entisetSukunimet: Type.Array(Type.String()),
    syntymaaika: Nullable(Type.String()),
    sukupuoli: Nullable(Type.Union([Type.Literal('1'), Type.Literal('2')])),
    aidinkieli: Nullable(Type.String()),
    asiointikieli: Nullable(Type.String()),
    kansalaisuus: Type.Array(Type.String()),
    passinumerot: Type.Array(Type.String()),
    sahkopostit: Type.Array(Type.String()),
    kotikunta: Nullable(
      Type.String({ description: 'null for a person with a protection order (but to the registry keeper)' }),
    ),
    turvakielto: Type.Boolean(),
    kuolinpaiva: Nullable(Type.String()),
    yksiloity: Type.Boolean(),
    yksiloityVTJ: Type.Boolean(),
    yksilointiYritetty: Type.Boolean(),
    duplicate: Type.Boolean(),
    passivoitu: Type.Boolean(),
    tila: Tila,
    yksilointivirhe: Nullable(Yksilointivirhe),
    master: Nullable(Type.Object({ oid: Type.String(), oppijanumero: Nullable(Type.String()) })),
    linkitetyt: Type.Array(Type.String()),
    organisaatiot: Type.Array(
      Type.Object({
        oid: Type.String(),
        nimi: Type.String(),
        lisatty: Type.String({ format: 'date-time' }),
        lisaaja: Nullable(Type.String({ description: 'the OID of the user who attached the person' })),
        lisaajaNimi: Nullable(Type.String({ description: "that user's name" })),
      }),
      { description: "the person's organisations among those the caller may see" },
    ),
    created: Type.String({ format: 'date-time' }),
    createdBy: Nullable(Type.String({ description: 'the OID of the user who created the person' })),
    createdByName: Nullable(Type.String({ description: "that user's name" })),
    modified: Type.String({ format: 'date-time' }),
    modifiedBy: Nullable(Type.String()),
    modifiedByName: Nullable(Type.String()),
  },
  { $id: 'Henkilo' },
);

export const PersonUpdateBody = Type.Object(
  {
    etunimet: Type.Optional(Str(200)),
    kutsumanimi: Type.Optional(Str(100)),
    sukunimi: Type.Optional(Str(200)),
    syntymaaika: Type.Optional(Str(10, 'YYYY-MM-DD; must agree with the hetu')),
    sukupuoli: Type.Optional(Str(1, '"1" male, "2" female; must agree with the hetu')),
    aidinkieli: Type.Optional(Str(8)),
    asiointikieli: Type.Optional(Str(2, 'fi, sv or en')),
    kansalaisuus: Type.Optional(Codes('ISO 3166 numeric codes')),
    hetu: Type.Optional(
      Nullable(
        Str(11, 'a new hetu queues identification again; null removes the hetu (it stays in kaikkiHetut)'),
      ),
    ),
    passinumerot: Type.Optional(Type.Array(Str(64), { maxItems: 20, description: 'replaces the list' })),
    sahkopostit: Type.Optional(Type.Array(Str(254), { maxItems: 20, description: 'replaces the list' })),
  },
  { $id: 'HenkiloMuutos', additionalProperties: false },
);

const PersonData = (data: Record<string, ReturnType<typeof Type.Unknown>>) => Type.Object(data);
const ComparedData = {
  etunimet: Type.Unknown(),
  kutsumanimi: Type.Unknown(),
  sukunimi: Type.Unknown(),
  syntymaaika: Type.Unknown(),
  sukupuoli: Type.Unknown(),
  aidinkieli: Type.Unknown(),
  kansalaisuus: Type.Unknown(),
  kotikunta: Type.Unknown(),
  turvakielto: Type.Unknown(),
};

export const Comparison = Type.Object(
  {
    rekisteri: PersonData(ComparedData),
    vtj: Nullable(
      PersonData({ ...ComparedData, entisetSukunimet: Type.Unknown(), kuolinpaiva: Type.Unknown() }),
    ),
    haettu: Nullable(Type.String({ format: 'date-time', description: 'when the register was asked' })),
    erot: Type.Array(Type.String(), { description: 'the fields that differ' }),
  },
  { $id: 'VtjVertailu' },
);

export const ManualIdentificationBody = Type.Object(
  {
    etunimet: Str(200),
    kutsumanimi: Str(100),
    sukunimi: Str(200),
    syntymaaika: Str(10, 'YYYY-MM-DD'),
    sukupuoli: Str(1, '"1" male, "2" female'),
    aidinkieli: Str(8, 'ISO 639 language code'),
    kansalaisuus: Codes('at least one ISO 3166 numeric code'),
  },
  { $id: 'ManuaalinenYksilointi', additionalProperties: false },
);

export const AuditTrailPage = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        aika: Type.String({ format: 'date-time' }),
        toiminto: Type.String({
          description: 'PERSON_CREATE, PERSON_UPDATE, PERSON_IDENTIFY, PERSON_READ, …',
        }),
        tekija: Type.Object({
          oid: Nullable(Type.String()),
          nimi: Nullable(Type.String()),
          tyyppi: Nullable(Type.String()),
        }),
        organisaatiot: Type.Array(Type.String()),
        muutokset: Type.Optional(
          Type.Record(Type.String(), Type.Object({ before: Type.Unknown(), after: Type.Unknown() })),
        ),
      }),
    ),
    page: Type.Integer(),
    count: Type.Integer(),
    total: Type.Integer(),
  },
  { $id: 'HenkilonMuutokset' },
);

export const HetulessBody = Type.Object(
  {
    etunimet: Str(200),
    kutsumanimi: Str(100),
    sukunimi: Str(200),
    syntymaaika: Str(10, 'YYYY-MM-DD'),
    sukupuoli: Str(1, '"1" male, "2" female'),
    kansalaisuus: Codes('ISO 3166 numeric codes; not 246 (a Finnish citizen has a hetu)'),
    aidinkieli: Type.Optional(Str(8)),
    passinumero: Type.Optional(Str(64)),
    sahkoposti: Type.Optional(Str(254)),
  },
  { $id: 'HenkiloIlmanHetua', additionalProperties: false },
);

export const CreatedOid = Type.Object({ oid: Type.String() }, { $id: 'LuotuHenkilo' });

export const SearchQuery = Type.Object({
  q: Str(200, 'an OID (exact), a hetu (current or earlier, exact) or words of a name'),
  page: PageQuery.properties.page,
  count: PageQuery.properties.count,
});

export const SummaryPage = Type.Object(
  { items: Type.Array(HenkiloSummary), page: Type.Integer(), count: Type.Integer(), total: Type.Integer() },
  { $id: 'HenkiloHaku' },
);
