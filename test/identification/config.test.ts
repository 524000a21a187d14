import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('identification settings', () => {
  const http = { ONR_POPULATION_REGISTER_URL: 'http://127.0.0.1:8090' };

  it('take half of the HTTP register limits by default: single lookups share them', () => {
    const config = loadConfig({
      ...http,
      ONR_POPULATION_REGISTER_RATE: '40',
      ONR_POPULATION_REGISTER_CONCURRENCY: '6',
    });
    expect(config.identification).toEqual({ ratePerSecond: 20, concurrency: 3, batchSize: 100 });
    expect(
      loadConfig({ ...http, ONR_POPULATION_REGISTER_RATE: '1', ONR_POPULATION_REGISTER_CONCURRENCY: '1' })
        .identification,
    ).toMatchObject({ ratePerSecond: 1, concurrency: 1 });
    expect(loadConfig({}).identification).toEqual({ ratePerSecond: 20, concurrency: 4, batchSize: 100 });
  });

  it('can be set, and refuse nonsense', () => {
    const config = loadConfig({
      ONR_IDENTIFICATION_RATE: '500',
      ONR_IDENTIFICATION_CONCURRENCY: '8',
      ONR_IDENTIFICATION_BATCH: '250',
    });
    expect(config.identification).toEqual({ ratePerSecond: 500, concurrency: 8, batchSize: 250 });
    expect(() => loadConfig({ ONR_IDENTIFICATION_RATE: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ ONR_IDENTIFICATION_BATCH: 'many' })).toThrow(ConfigError);
  });
});
