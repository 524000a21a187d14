import { performance } from 'node:perf_hooks';
import { registerLookupDuration, registerLookups } from '../ops/index.ts';
import type { PopulationRegister } from './population-register.ts';

/** The register with every lookup counted and timed; `stats()` of the HTTP adapter passes through. */
export function instrumentRegister<R extends PopulationRegister>(register: R): R {
  const lookup: PopulationRegister['lookup'] = async (hetu, options) => {
    const started = performance.now();
    let result = 'error';
    try {
      const answer = await register.lookup(hetu, options);
      result = answer.kind;
      return answer;
    } catch (error) {
      const name = (error as Error)?.name;
      result =
        name === 'PopulationRegisterUnavailableError'
          ? 'unavailable'
          : name === 'HetuRefusedError'
            ? 'refused'
            : 'error';
      throw error;
    } finally {
      const labels = { register: register.name, result };
      registerLookups.inc(labels);
      registerLookupDuration.observe(labels, (performance.now() - started) / 1000);
    }
  };
  return new Proxy(register, {
    get(target, property, receiver) {
      if (property === 'lookup') return lookup;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
