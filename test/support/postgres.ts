/** The PostgreSQL server the tests use: TEST_DATABASE_URL, or the local server of the CI machine. */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export const POSTGRES_TEMPLATE = 'onr_test_template';

export function postgresUrl(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}
