import { type Static, type TSchema, Type } from 'typebox';

// Lengths are generous but bounded: they keep absurd input out before the rules of SPEC §5 apply.
export const LookupBody = Type.Object(
  {
    hetu: Type.String({ maxLength: 11, description: 'Finnish personal identity code, DDMMYYCZZZQ' }),
    etunimet: Type.String({ maxLength: 255, description: 'first names, separated by single spaces' }),
    kutsumanimi: Type.String({ maxLength: 255, description: 'the first name in everyday use' }),
    sukunimi: Type.String({ maxLength: 255, description: 'surname' }),
  },
  { $id: 'HenkiloPerustiedot', description: 'A person as the caller knows them' },
);

export const LearnerNumberResponse = Type.Object(
  {
    oid: Type.String({ description: 'the person OID' }),
    oppijanumero: Type.Union([Type.String(), Type.Null()], {
      description: 'learner number; null until the person is identified',
    }),
  },
  { $id: 'Yleistunniste' },
);

export const OidResponse = Type.Object({ oid: Type.String() }, { $id: 'HenkiloOid' });

export const OidParams = Type.Object({ oid: Type.String({ maxLength: 64, description: 'a person OID' }) });

export const OidDescriptionResponse = Type.Object(
  {
    oid: Type.String(),
    oppijanumero: Type.Union([Type.String(), Type.Null()]),
    passivoitu: Type.Boolean(),
    linked: Type.Array(Type.String(), {
      description: 'the other OIDs linked to the same person (master and duplicates); [] when none',
    }),
  },
  { $id: 'YleistunnisteOid' },
);

// --- creating persons with the reference's DTOs (POST /oppija, POST /henkilo; SPEC §7a) ----------
// Unknown fields are ignored, as the reference's Jackson does; optional fields may be null.

// OpenAPI's `nullable` (Ajv and the OpenAPI document both know it): a wrong value is one field error,
// where a union with null would add an error per branch.
const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });
const OptionalNullable = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));
const Name = (description: string) => Type.String({ maxLength: 255, description });

export const Kielisyys = Type.Object({
  kieliKoodi: Type.String({ maxLength: 16, description: 'code of the kieli list (ISO 639-1), any case' }),
  kieliTyyppi: OptionalNullable(Type.String({ maxLength: 100, description: 'ignored' })),
});

export const Kansalaisuus = Type.Object({
  kansalaisuusKoodi: Type.String({ maxLength: 16, description: 'code of the maatjavaltiot2 list' }),
});

export const YHTEYSTIETO_TYYPIT = [
  'YHTEYSTIETO_SAHKOPOSTI',
  'YHTEYSTIETO_PUHELINNUMERO',
  'YHTEYSTIETO_MATKAPUHELINNUMERO',
  'YHTEYSTIETO_KATUOSOITE',
  'YHTEYSTIETO_KUNTA',
  'YHTEYSTIETO_POSTINUMERO',
  'YHTEYSTIETO_KAUPUNKI',
  'YHTEYSTIETO_MAA',
] as const;

export const YhteystiedotRyhma = Type.Object(
  {
    id: OptionalNullable(Type.Integer()),
    ryhmaKuvaus: OptionalNullable(Type.String({ maxLength: 100 })),
    ryhmaAlkuperaTieto: Type.String({ maxLength: 100 }),
    readOnly: OptionalNullable(Type.Boolean()),
    yhteystieto: OptionalNullable(
      Type.Array(
        Type.Object({
          // One enum, so that a wrong value is one field error (a union of literals would give one per literal).
          yhteystietoTyyppi: Type.Unsafe<(typeof YHTEYSTIETO_TYYPIT)[number]>({
            enum: [...YHTEYSTIETO_TYYPIT],
          }),
          yhteystietoArvo: OptionalNullable(Type.String({ maxLength: 1000 })),
        }),
        { maxItems: 50 },
      ),
    ),
  },
  {
    description: 'Contact details: validated as the reference does, not stored (docs/COMPATIBILITY.md)',
  },
);

const Passinumerot = OptionalNullable(
  Type.Array(Type.Union([Type.String({ maxLength: 64 }), Type.Null()]), {
    maxItems: 20,
    description: 'passport numbers; blank ones are dropped',
  }),
);
const Yhteystiedot = OptionalNullable(Type.Array(YhteystiedotRyhma, { maxItems: 20 }));
const DateString = (description: string) =>
  Type.String({ maxLength: 10, description: `${description}, YYYY-MM-DD` });

/** The reference's OppijaCreateDto. */
export const OppijaCreateBody = Type.Object(
  {
    etunimet: Name('first names'),
    kutsumanimi: Name('a first name, or consecutive first names, or a hyphen part of one'),
    sukunimi: Name('surname'),
    yksiloity: OptionalNullable(
      Type.Boolean({
        description:
          'true: identified at once, unless the duplicate search finds candidates (then an official decides)',
      }),
    ),
    syntymaaika: DateString('birth date'),
    sukupuoli: Type.String({ maxLength: 8, description: 'code of the sukupuoli list: "1" male, "2" female' }),
    aidinkieli: OptionalNullable(Kielisyys),
    kansalaisuus: Type.Array(Kansalaisuus, { minItems: 1, maxItems: 20 }),
    passinumerot: Passinumerot,
    yhteystiedotRyhma: Yhteystiedot,
  },
  { $id: 'OppijaCreate' },
);

/** The reference's HenkiloCreateDto; the state flags it has beside the data are accepted and ignored. */
export const HenkiloCreateBody = Type.Object(
  {
    hetu: OptionalNullable(
      Type.String({ maxLength: 11, description: 'optional; not anyone’s current or former hetu' }),
    ),
    etunimet: Name('first names'),
    kutsumanimi: Name('a first name, or consecutive first names, or a hyphen part of one'),
    sukunimi: Name('surname'),
    aidinkieli: OptionalNullable(Kielisyys),
    asiointiKieli: OptionalNullable(Kielisyys),
    kansalaisuus: OptionalNullable(Type.Array(Kansalaisuus, { maxItems: 20 })),
    syntymaaika: OptionalNullable(DateString('birth date; derived from a hetu')),
    sukupuoli: OptionalNullable(Type.String({ maxLength: 8, description: 'derived from a hetu' })),
    kotikunta: OptionalNullable(Type.String({ maxLength: 8, description: 'code of the kunta list' })),
    turvakielto: OptionalNullable(Type.Boolean()),
    yksiloity: OptionalNullable(
      Type.Boolean({ description: 'not with a hetu; without one the person is identified when it can be' }),
    ),
    passinumerot: Passinumerot,
    yhteystiedotRyhma: Yhteystiedot,
    passivoitu: OptionalNullable(Type.Boolean({ description: 'ignored' })),
    oppijanumero: OptionalNullable(Type.String({ maxLength: 64, description: 'ignored' })),
    eiSuomalaistaHetua: OptionalNullable(Type.Boolean({ description: 'ignored' })),
    yksiloityVTJ: OptionalNullable(
      Type.Boolean({ description: 'ignored: only the population register identifies' }),
    ),
    yksilointiYritetty: OptionalNullable(Type.Boolean({ description: 'ignored' })),
    duplicate: OptionalNullable(Type.Boolean({ description: 'ignored' })),
    vtjsynced: Type.Optional(
      Type.Union([Type.Number(), Type.String({ maxLength: 40 }), Type.Null()], { description: 'ignored' }),
    ),
  },
  { $id: 'HenkiloCreate' },
);

/** The bare OID the reference answers, as text. */
export const BareOid = {
  content: {
    'text/plain': { schema: Type.String({ description: 'the new person OID, as plain text' }) },
  },
};
