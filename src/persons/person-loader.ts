import type { Db, PersonRow } from '../db/index.ts';
import { createBatchLoader } from '../db/index.ts';

export interface PersonLoader {
  /** The person whose current hetu this is. */
  byHetu(hetu: string): Promise<PersonRow | undefined>;
}

/** Single lookups by hetu from concurrent requests share one query (the hot path's read). */
export function createPersonLoader(db: Db): PersonLoader {
  const loader = createBatchLoader<string, PersonRow>(async (hetus) => {
    const rows = await db
      .selectFrom('persons')
      .selectAll()
      .where('hetu', '=', (eb) => eb.fn.any(eb.val(hetus)))
      .execute();
    return new Map(rows.map((r) => [r.hetu as string, r]));
  });
  return { byHetu: (hetu) => loader.load(hetu) };
}
