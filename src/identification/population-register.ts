import type { Sex } from '../domain/hetu.ts';

// The port to the population register (VTJ), SPEC §6.

export interface PopulationRecord {
  hetu: string;
  etunimet: string;
  kutsumanimi?: string;
  sukunimi: string;
  formerSurnames: string[];
  sukupuoli: Sex;
  /** YYYY-MM-DD */
  syntymaaika: string;
  aidinkieli?: string;
  /** ISO 3166 numeric codes, "246" = Finland. */
  kansalaisuudet: string[];
  /** Municipality code, e.g. "091" = Helsinki. */
  kotikunta?: string;
  turvakielto: boolean;
  /** YYYY-MM-DD */
  kuolinpaiva?: string;
}

export type PopulationLookup =
  | { kind: 'not_found' }
  | { kind: 'passivated'; activeHetu?: string }
  | { kind: 'found'; person: PopulationRecord };

export interface PopulationRegister {
  /** Resolves to an answer of the register; rejects with PopulationRegisterUnavailableError on transient failure. */
  lookup(hetu: string): Promise<PopulationLookup>;
  readonly name: string;
}

/**
 * The register could not answer (timeout, 5xx, open circuit). Callers retry later; treating this as
 * "not found" would put real persons on the error list.
 */
export class PopulationRegisterUnavailableError extends Error {
  constructor(message = 'Population register unavailable', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PopulationRegisterUnavailableError';
  }
}
