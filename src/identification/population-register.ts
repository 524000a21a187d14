import type { Sex } from '../domain/index.ts';

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

export interface LookupOptions {
  /**
   * Give up (PopulationRegisterUnavailableError) when no answer has come within this many ms, retries
   * included: a caller waiting for an HTTP answer should get a clear 503 rather than wait for every
   * retry. The identification worker sets none: it is not in a hurry.
   */
  deadlineMs?: number;
}

export interface PopulationRegister {
  /** Resolves to an answer of the register; rejects with PopulationRegisterUnavailableError on transient failure. */
  lookup(hetu: string, options?: LookupOptions): Promise<PopulationLookup>;
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
