import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const production = {
  ONR_ENVIRONMENT: 'production',
  ONR_POPULATION_REGISTER_URL: 'https://vtj.example/',
  ONR_TOKEN_SECRET: 'x'.repeat(32),
};

describe('configuration', () => {
  it('defaults to the test environment with the shipped simulated register and embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      environment: 'test',
      port: 8080,
      databaseUrl: undefined,
      seedDemoData: true,
    });
    expect(config.populationRegister).toMatchObject({ kind: 'simulated' });
  });

  it('starts in production with a register URL and a token secret, without demo data', () => {
    const config = loadConfig(production);
    expect(config).toMatchObject({ environment: 'production', seedDemoData: false });
    expect(config.populationRegister).toMatchObject({ kind: 'http', url: 'https://vtj.example/' });
  });

  it('reads from a replica only with a primary', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://primary/onr',
      ONR_DATABASE_REPLICA_URL: 'postgres://replica/onr',
    });
    expect(config).toMatchObject({ databaseReplicaUrl: 'postgres://replica/onr' });
  });

  it.each([
    [
      { ...production, ONR_POPULATION_REGISTER_FILE: 'resources/simulated-population-register.json' },
      /simulated register/,
    ],
    [{ ...production, ONR_POPULATION_REGISTER_URL: '' }, /ONR_POPULATION_REGISTER_URL is required/],
    [{ ...production, ONR_SEED_DEMO_DATA: 'true' }, /demo/],
    [{ ...production, ONR_TOKEN_SECRET: '' }, /ONR_TOKEN_SECRET is required/],
    [{ ONR_ENVIRONMENT: 'staging' }, /ONR_ENVIRONMENT/],
    [{ ONR_PORTT: '1' }, /unknown setting ONR_PORTT/],
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must use postgres/],
    [{ ONR_POPULATION_REGISTER_FILE: '/nonexistent.json' }, /no such file/],
    [{ ONR_TOKEN_SECRET: 'short' }, /at least 32/],
    [{ ONR_DATABASE_REPLICA_URL: 'postgres://replica/onr' }, /needs DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://primary/onr', ONR_DATABASE_REPLICA_URL: 'http://x' }, /must use postgres/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });
});
