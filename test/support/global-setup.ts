import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { adminUrl, postgresUrl, runPidOf, runPrefix, templateName } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresAvailable: boolean;
    postgresPrefix: string;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Migrates once per run: a PGlite data directory dumped to a file that every test file loads, and a
 * PostgreSQL template database that every test file copies.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Said from inside the run (CI shows it): the tests run on the project's own Node.js, not the shell's.
  const major = Number(process.versions.node.split('.')[0]);
  console.log(`\nThe tests run on Node.js ${process.version} (${process.execPath})\n`);
  if (major < 24)
    throw new Error(`Node.js ${process.version}: the project needs 24 or later (npm ci installs it)`);
  // The UI is built once, before any test file runs: the browser tests and the `npm start` signal test
  // would otherwise build web/dist at the same moment and read each other's half-written files.
  await ensureWebBuild({ quiet: true });
  const dir = mkdtempSync(join(tmpdir(), 'onr-test-'));
  const template = join(dir, 'pglite-template.tar');
  const embedded = await openDatabase({ kind: 'pglite' });
  await migrate(embedded);
  const dump = await embedded.pglite!.dumpDataDir('none');
  writeFileSync(template, Buffer.from(await dump.arrayBuffer()));
  await embedded.close();
  project.provide('pgliteTemplate', template);

  const prefix = runPrefix();
  let postgresAvailable = false;
  const admin = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    postgresAvailable = true;
  } catch (error) {
    if (process.env.ONR_TEST_REQUIRE_POSTGRES === '1') {
      throw new Error(
        `PostgreSQL is required (ONR_TEST_REQUIRE_POSTGRES=1) but not reachable at ${adminUrl()}`,
        {
          cause: error,
        },
      );
    }
    console.warn(`\nPostgreSQL not reachable at ${adminUrl()}: the database tests run on PGlite only.\n`);
  }
  if (postgresAvailable) {
    // Leftovers of runs whose process is gone; a run still going keeps its databases.
    const stale = await admin.query(`select datname from pg_database where datname like 'onr_test_%'`);
    for (const row of stale.rows) {
      const pid = runPidOf(row.datname);
      if (pid === undefined || !alive(pid))
        await admin.query(`drop database if exists "${row.datname}" with (force)`);
    }
    await admin.query(`create database ${templateName(prefix)}`);
    const database = await openDatabase({
      kind: 'postgres',
      url: postgresUrl(templateName(prefix)),
      poolSize: 1,
    });
    await migrate(database);
    await database.close();
  }
  project.provide('postgresAvailable', postgresAvailable);
  project.provide('postgresPrefix', prefix);

  return async () => {
    if (postgresAvailable) {
      const rest = await admin.query(`select datname from pg_database where starts_with(datname, $1)`, [
        prefix,
      ]);
      for (const row of rest.rows) await admin.query(`drop database if exists "${row.datname}" with (force)`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
