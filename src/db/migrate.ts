import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Several instances may start at once against one database: they queue on this lock.
const MIGRATION_LOCK = 7_230_001;

export interface Migration {
  version: number;
  name: string;
  script: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.replace(/\.sql$/, ''),
      script: readFileSync(join(dir, file), 'utf8'),
    }));
}

/** Applies the pending numbered SQL migrations, each atomically. Returns the names applied. */
export async function migrate(database: Database): Promise<string[]> {
  await database.execScript(`
    select pg_advisory_xact_lock(${MIGRATION_LOCK});
    create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    );`);
  const applied = new Set(
    (await sql<{ version: number }>`select version from schema_migrations`.execute(database.db)).rows.map(
      (r) => r.version,
    ),
  );
  const done: string[] = [];
  for (const m of listMigrations()) {
    if (applied.has(m.version)) continue;
    try {
      // The guard makes a migration that another instance applied meanwhile a no-op error.
      await database.execScript(`
        select pg_advisory_xact_lock(${MIGRATION_LOCK});
        do $$ begin
          if exists (select 1 from schema_migrations where version = ${m.version}) then
            raise exception 'onr: migration already applied' using errcode = 'P0001', hint = 'onr-applied';
          end if;
        end $$;
        ${m.script}
        ;
        insert into schema_migrations (version, name) values (${m.version}, '${m.name}');`);
      done.push(m.name);
    } catch (error) {
      if (error instanceof Error && error.message.includes('onr: migration already applied')) continue;
      throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return done;
}
