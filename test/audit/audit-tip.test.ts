import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { readAuditTip, SYSTEM_ACTOR, sealAuditLog, writeAudit } from '../../src/audit/index.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { describeEachDatabase } from '../support/db.ts';
import { childEnv } from '../support/env.ts';

const run = promisify(execFile);

describeEachDatabase('audit chain tip', (getDatabase) => {
  const db = () => getDatabase().db;

  it('is the genesis while nothing is sealed, then the newest sealed entry', async () => {
    const empty = await readAuditTip(db());
    expect(empty).toMatchObject({ position: 0, hash: '0'.repeat(64), auditId: null, occurredAt: null });
    for (let i = 0; i < 3; i++) {
      await writeAudit(db(), {
        operation: 'PERSON_READ',
        actor: SYSTEM_ACTOR,
        targetOids: [`1.2.246.562.98.${i}`],
      });
    }
    expect((await readAuditTip(db()))?.unsealed).toBe(3);
    await sealAuditLog(db());
    const tip = await readAuditTip(db());
    const last = await sql<{ chain_seq: number; hash: string; audit_id: number }>`
      select chain_seq, hash, audit_id from audit_chain order by chain_seq desc limit 1`.execute(db());
    expect(tip).toMatchObject({
      position: last.rows[0]!.chain_seq,
      hash: last.rows[0]!.hash,
      auditId: last.rows[0]!.audit_id,
      unsealed: 0,
    });
    expect(Date.parse(tip!.occurredAt!)).toBeGreaterThan(Date.now() - 60_000);
    // A kept tip is checked later by reading the entry at its position.
    await writeAudit(db(), { operation: 'PERSON_READ', actor: SYSTEM_ACTOR, targetOids: [] });
    await sealAuditLog(db());
    expect((await readAuditTip(db(), tip!.position))?.hash).toBe(tip!.hash);
    expect((await readAuditTip(db()))?.position).toBe(tip!.position + 1);
    expect(await readAuditTip(db(), tip!.position + 100)).toBeUndefined();
  });
});

describe('onr audit tip', () => {
  it('prints the tip as JSON and as text, and fails for a position that is not there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onr-tip-'));
    const env = childEnv({ ONR_DATA_DIR: dataDir, ONR_LOG_LEVEL: 'silent' });
    const onr = (...args: string[]) =>
      run(process.execPath, [join(PROJECT_ROOT, 'src', 'main.ts'), ...args], { env, cwd: PROJECT_ROOT });
    try {
      // Creating an organisation writes an audit record; --seal seals it before the tip is read.
      await onr('organisation', 'create', '--name', 'Tip Test');
      const { stdout } = await onr('audit', 'tip', '--seal', '--json');
      const tip = JSON.parse(stdout);
      expect(tip.position).toBeGreaterThanOrEqual(1);
      expect(tip.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(tip.unsealed).toBe(0);
      const text = (await onr('audit', 'tip', '--at', String(tip.position))).stdout;
      expect(text).toContain(`position ${tip.position}`);
      expect(text).toContain(`hash ${tip.hash}`);
      const missing = await onr('audit', 'tip', '--at', String(tip.position + 1000)).catch((e) => e);
      expect(missing.code).toBe(1);
      expect(missing.stdout).toContain('no chain entry');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
