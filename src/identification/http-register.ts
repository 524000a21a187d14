import {
  type PopulationLookup,
  type PopulationRecord,
  type PopulationRegister,
  PopulationRegisterUnavailableError,
} from './population-register.ts';

export interface HttpRegisterOptions {
  url: string;
  username?: string;
  password?: string;
  timeoutMs?: number;
}

/** The wire answer of `GET {url}/henkilo/{hetu}` (served by `onr population serve`). */
export type RegisterWireAnswer =
  | { status: 'not_found' }
  | { status: 'passivated'; aktiivinenHetu?: string }
  | { status: 'found'; henkilo: PopulationRecord };

/** The population register over HTTP. */
export function createHttpPopulationRegister(options: HttpRegisterOptions): PopulationRegister {
  const base = options.url.replace(/\/$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.username) {
    headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
  }
  return {
    name: 'http',
    async lookup(hetu: string): Promise<PopulationLookup> {
      let response: Response;
      try {
        response = await fetch(`${base}/henkilo/${encodeURIComponent(hetu)}`, {
          headers,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch (error) {
        throw new PopulationRegisterUnavailableError('population register did not answer', { cause: error });
      }
      if (response.status === 404) return { kind: 'not_found' };
      if (!response.ok)
        throw new PopulationRegisterUnavailableError(`population register answered ${response.status}`);
      const body = (await response.json()) as RegisterWireAnswer;
      if (body.status === 'found') return { kind: 'found', person: body.henkilo };
      if (body.status === 'passivated') return { kind: 'passivated', activeHetu: body.aktiivinenHetu };
      return { kind: 'not_found' };
    },
  };
}
