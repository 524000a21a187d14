import { Type } from 'typebox';
import { Nullable } from '../http/index.ts';
import { DETAILS } from './scoring.ts';

export const OidParams = Type.Object({ oid: Type.String({ maxLength: 64, description: 'a person OID' }) });

const CandidatePerson = Type.Object(
  {
    oid: Type.String(),
    oppijanumero: Nullable(Type.String()),
    hetu: Nullable(Type.String({ description: 'null for a person outside your organisations' })),
    etunimet: Type.String(),
    kutsumanimi: Nullable(Type.String()),
    sukunimi: Type.String(),
    syntymaaika: Nullable(Type.String({ format: 'date' })),
    tila: Type.Union([
      Type.Literal('OK'),
      Type.Literal('HETU_PUUTTUU'),
      Type.Literal('KESKEN'),
      Type.Literal('VIRHE'),
    ]),
    passivoitu: Type.Boolean(),
    duplicate: Type.Boolean(),
    modified: Type.String({ format: 'date-time' }),
  },
  { $id: 'DuplikaattiHenkilo', description: 'HenkiloSummary of a duplicate candidate' },
);

const Evidence = Type.Object(
  {
    kentta: Type.Union([
      Type.Literal('etunimet'),
      Type.Literal('sukunimi'),
      Type.Literal('syntymaaika'),
      Type.Literal('sukupuoli'),
      Type.Literal('kansalaisuus'),
      Type.Literal('hetu'),
    ]),
    tulos: Type.Union(
      [Type.Literal('sama'), Type.Literal('samankaltainen'), Type.Literal('eri'), Type.Literal('puuttuu')],
      { description: 'same, similar, different, or unknown on either side' },
    ),
    samankaltaisuus: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    tarkenne: Type.Optional(
      Type.Enum(DETAILS, { description: 'why similar (docs/API-OFFICIALS.md, Duplicates)' }),
    ),
    selitys: Type.String({ description: 'the comparison in words, with the values (never a hetu)' }),
  },
  { $id: 'DuplikaattiPeruste' },
);

export const CandidateListResponse = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        henkilo: CandidatePerson,
        pisteet: Type.Number({ minimum: 0, maximum: 1, description: 'similarity score' }),
        perusteet: Type.Array(Evidence),
        rajattu: Type.Boolean({
          description:
            'the person is not in your organisations: only OID, names, birth date and state are shown',
        }),
      }),
    ),
  },
  { $id: 'Duplikaatit' },
);

export const SearchBody = Type.Object(
  {
    etunimet: Type.String({ maxLength: 200 }),
    sukunimi: Type.String({ maxLength: 200 }),
    syntymaaika: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' })),
    sukupuoli: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('2')])),
    kansalaisuus: Type.Optional(Type.Array(Type.String({ maxLength: 3 }), { maxItems: 20 })),
  },
  { $id: 'DuplikaattiHaku', additionalProperties: false },
);

export const LinkBody = Type.Object(
  {
    slaves: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 50 }),
    syy: Type.Optional(Type.String({ maxLength: 1000, description: 'why they are the same person' })),
  },
  { $id: 'Linkitys', additionalProperties: false },
);

export const LinkResponse = Type.Object(
  {
    master: Type.String({ description: 'the OID whose learner number stays in force' }),
    oppijanumero: Nullable(Type.String()),
    linkitetyt: Type.Array(Type.String(), { description: "the master's slaves" }),
  },
  { $id: 'LinkitysTulos' },
);

export const UnlinkBody = Type.Object(
  { syy: Type.Optional(Type.String({ maxLength: 1000 })) },
  { $id: 'LinkityksenPurku', additionalProperties: false },
);

export const NotDuplicateBody = Type.Object(
  {
    oid: Type.String({ maxLength: 64, description: 'the other person' }),
    syy: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { $id: 'EiDuplikaatti', additionalProperties: false },
);

export const NotDuplicateParams = Type.Object({
  oid: Type.String({ maxLength: 64 }),
  otherOid: Type.String({ maxLength: 64, description: 'the other person of the pair' }),
});

export const NotDuplicateList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        oid: Type.String({ description: 'the other person of the pair' }),
        lisatty: Type.String({ format: 'date-time' }),
        lisaaja: Type.Union([Type.String(), Type.Null()], { description: "the official's OID" }),
        lisaajaNimi: Type.Union([Type.String(), Type.Null()]),
        syy: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  },
  { $id: 'EiDuplikaatit' },
);

export const UnlinkResponse = Type.Object(
  {
    oid: Type.String(),
    entinenMaster: Type.String({ description: 'the master it was linked under' }),
    passivoitu: Type.Boolean({ description: 'restored to what it was before the link' }),
  },
  { $id: 'LinkityksenPurkuTulos' },
);
