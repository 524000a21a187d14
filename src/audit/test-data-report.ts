import type { Db } from '../db/database.ts';
import { maskHetu } from '../domain/hetu.ts';
import type { AuditActor } from './writer.ts';

export interface TestDataSighting {
  reason: 'TEST_HETU' | 'TEST_NAME';
  actor: AuditActor;
  endpoint: string;
  hetu?: string | null;
  names?: string;
}

/**
 * Records a test person that reached production (refused test hetu, or names that look like test
 * data) for the registry keeper's report. Only the masked hetu is kept.
 */
export async function recordTestData(db: Db, sightings: TestDataSighting[]): Promise<void> {
  if (sightings.length === 0) return;
  await db
    .insertInto('test_data_reports')
    .values(
      sightings.map((s) => ({
        reason: s.reason,
        organisation_oid: s.actor.organisations[0] ?? null,
        actor_oid: s.actor.oid,
        actor_name: s.actor.name,
        endpoint: s.endpoint,
        masked_hetu: s.hetu ? maskHetu(s.hetu) : null,
        names: s.names ?? null,
        request_id: s.actor.requestId ?? null,
      })),
    )
    .execute();
}
