import pg from 'pg';
import { inject } from 'vitest';

/** The PostgreSQL server the tests use: TEST_DATABASE_URL, or the local server of the CI machine. */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * Every test run names its databases `onr_test_<pid of the run>_…`, so runs that overlap (several
 * developers, or CI and a developer) never drop each other's databases.
 */
export function runPrefix(pid: number = process.pid): string {
  return `onr_test_${pid}_`;
}

/** The migrated template of this run; test files copy it. */
export function templateName(prefix: string = inject('postgresPrefix')): string {
  return `${prefix}template`;
}

/** The run that made a database, or undefined for names of another shape. */
export function runPidOf(database: string): number | undefined {
  const match = /^onr_test_(\d+)_/.exec(database);
  return match ? Number(match[1]) : undefined;
}

export function postgresUrl(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a database as a copy of this run's migrated template. */
export async function createFromTemplate(database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${database} template ${templateName()}`);
  } finally {
    await admin.end();
  }
}
