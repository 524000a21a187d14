import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { makeHetu } from '../../src/domain/hetu.ts';
import { HetuRefusedError, type HttpPopulationRegister } from '../../src/identification/http-register.ts';
import { type PopulationServer, startPopulationServer } from '../../src/identification/population-server.ts';
import { SimulatedPopulationRegister } from '../../src/identification/simulated-register.ts';
import { createPopulationRegister } from '../../src/services.ts';

// Configuration of the HTTP adapter and its wiring in services.ts.

const TEST_HETU = '010866-9260';
const REAL_HETU = makeHetu('1990-05-17', 123);
const production = { ONR_ENVIRONMENT: 'production', ONR_TOKEN_SECRET: 'x'.repeat(32) };

let server: PopulationServer;
beforeAll(async () => {
  server = await startPopulationServer({
    register: new SimulatedPopulationRegister([
      { hetu: TEST_HETU, etunimet: 'Anna', sukunimi: 'Äijälä' },
      { hetu: REAL_HETU, etunimet: 'Matti', sukunimi: 'Mäkinen' },
    ]),
  });
});
afterAll(() => server.close());

describe('population register settings', () => {
  it('defaults', () => {
    expect(loadConfig({ ONR_POPULATION_REGISTER_URL: 'http://vtj.example' }).populationRegister).toEqual({
      kind: 'http',
      url: 'http://vtj.example',
      username: undefined,
      password: undefined,
      ratePerSecond: 20,
      concurrency: 4,
      timeoutMs: 5000,
      retries: 3,
    });
  });

  it('reads the resilience settings', () => {
    const config = loadConfig({
      ONR_POPULATION_REGISTER_URL: 'http://vtj.example',
      ONR_POPULATION_REGISTER_RATE: '5',
      ONR_POPULATION_REGISTER_CONCURRENCY: '2',
      ONR_POPULATION_REGISTER_TIMEOUT_MS: '1500',
      ONR_POPULATION_REGISTER_RETRIES: '0',
    });
    expect(config.populationRegister).toMatchObject({
      ratePerSecond: 5,
      concurrency: 2,
      timeoutMs: 1500,
      retries: 0,
    });
  });

  it.each([
    ['ONR_POPULATION_REGISTER_TIMEOUT_MS', '0'],
    ['ONR_POPULATION_REGISTER_RETRIES', '-1'],
    ['ONR_POPULATION_REGISTER_CONCURRENCY', 'many'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ ONR_POPULATION_REGISTER_URL: 'http://vtj.example', [name]: value })).toThrow(
      ConfigError,
    );
  });
});

describe('createPopulationRegister', () => {
  it('production: the adapter refuses test hetus and sends ordinary ones', async () => {
    const register = (await createPopulationRegister(
      loadConfig({ ...production, ONR_POPULATION_REGISTER_URL: server.url }),
    )) as HttpPopulationRegister;
    try {
      await expect(register.lookup(TEST_HETU)).rejects.toBeInstanceOf(HetuRefusedError);
      expect(server.stats().requests).toBe(0);
      expect((await register.lookup(REAL_HETU)).kind).toBe('found');
    } finally {
      register.close();
    }
  });

  it('a test deployment against `onr population serve` looks test hetus up', async () => {
    const register = (await createPopulationRegister(
      loadConfig({ ONR_POPULATION_REGISTER_URL: server.url }),
    )) as HttpPopulationRegister;
    try {
      expect((await register.lookup(TEST_HETU)).kind).toBe('found');
    } finally {
      register.close();
    }
  });
});
