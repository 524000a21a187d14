import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { adminUrl, createFromTemplate, postgresUrl } from './postgres.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** A migrated, empty database of its own for one test file (or one describe block). */
export async function openTestDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    const tar = readFileSync(inject('pgliteTemplate'));
    return openDatabase({ kind: 'pglite', loadDataDir: new Blob([tar]) });
  }
  const name = `${inject('postgresPrefix')}${randomBytes(6).toString('hex')}`;
  await createFromTemplate(name);
  const database = await openDatabase({ kind: 'postgres', url: postgresUrl(name), poolSize: 20 });
  return {
    ...database,
    async close() {
      await database.close();
      const drop = new pg.Client({ connectionString: adminUrl() });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

export function databaseKinds(): { kind: DatabaseKind; available: boolean }[] {
  return [
    { kind: 'pglite', available: true },
    { kind: 'postgres', available: inject('postgresAvailable') },
  ];
}

/**
 * Runs the block once on PGlite and once on PostgreSQL (skipped, and said so, when no server is
 * reachable). `get()` returns the block's database.
 */
export function describeEachDatabase(
  title: string,
  body: (get: () => Database, kind: DatabaseKind) => void,
): void {
  for (const { kind, available } of databaseKinds()) {
    describe.skipIf(!available)(`${title} [${kind}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(kind);
      });
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error('database not open yet');
        return database;
      }, kind);
    });
  }
}
