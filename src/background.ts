import { sealAuditLog } from './audit/index.ts';
import type { AppServices } from './context.ts';
import {
  type IdentificationWorkerDeps,
  identificationQueue,
  scanForDuePersons,
  wakeIdentification,
} from './identification/index.ts';
import { type ImportWorkerDeps, importQueue } from './imports/index.ts';
import { deleteFinishedJobs, type JobLogger, JobRunner } from './jobs/index.ts';
import { deleteExpiredWindows } from './limits/index.ts';
import { logTransport, type MailTransport, mailQueue, smtpTransport } from './mail/index.ts';

/*
 * The one place that lists the background work of a process (`onr serve` with workers on, and
 * `onr worker`). A new queue is one addQueue line here. It wires the modules together, so it
 * belongs to the composition root (src/), beside server.ts and worker.ts.
 */

const DAY_MS = 86_400_000;

export function importWorkerDeps(services: AppServices): ImportWorkerDeps {
  const embedded = services.database.kind === 'pglite';
  return {
    db: services.db,
    production: services.config.environment === 'production',
    personOidNode: services.personOidNode,
    nameThresholds: services.nameThresholds,
    publicUrl: services.config.publicUrl,
    // The embedded database has one session: more at once would only queue for it.
    concurrency: embedded ? 1 : 2,
    lanes: embedded ? 1 : 2,
    wakeIdentification: () => wakeIdentification(services.db),
  };
}

export function identificationWorkerDeps(
  services: AppServices,
  logger?: JobLogger,
): IdentificationWorkerDeps {
  return {
    db: services.db,
    register: services.populationRegister,
    production: services.config.environment === 'production',
    nameThresholds: services.nameThresholds,
    publicUrl: services.config.publicUrl,
    ...services.config.identification,
    logger,
  };
}

export interface BackgroundWork {
  runner: JobRunner;
  /** Stops the runner (running jobs go back to the queue) and closes the mail transport. */
  stop(): Promise<void>;
}

export interface BackgroundOptions {
  /** Tests pass their own (an in-process SMTP server's); default from ONR_SMTP_URL, else the log. */
  mailTransport?: MailTransport;
  pollIntervalMs?: number;
  workerId?: string;
}

/** Builds the runner with every queue and periodic task; `start()` it, or drive it with runUntilIdle(). */
export function createBackgroundWork(
  services: AppServices,
  logger: JobLogger,
  options: BackgroundOptions = {},
): BackgroundWork {
  const { config, db } = services;
  const transport =
    options.mailTransport ?? (config.smtp ? smtpTransport(config.smtp.url) : logTransport(logger));
  const runner = new JobRunner(db, {
    logger,
    leaseMs: config.jobLeaseSeconds * 1000,
    pollIntervalMs: options.pollIntervalMs,
    workerId: options.workerId,
  });

  runner.addQueue(importQueue(importWorkerDeps(services)));
  runner.addQueue(mailQueue(db, transport, config.smtp?.from ?? 'onr@localhost'));
  runner.addQueue(identificationQueue(identificationWorkerDeps(services, logger)));

  // Small batches: hashing runs on the event loop, and a batch of a few thousand records (every
  // lookup writes one) stalled the requests around it by tens of ms — the p99 of bench/lookup.ts.
  // At 250 a batch the stall stays within a few ms; a backlog is sealed batch after batch, at most
  // 40 batches a run (10 000 records every half second, far above any load measured), so that a
  // stopping server does not wait for a whole backlog to be sealed — the next start goes on.
  runner.addPeriodic({ name: 'audit-sealer', intervalMs: 500, run: () => sealAuditLog(db, 250, 40) });
  // Retries whose time has come, and persons a lost wake-up left waiting (one index probe).
  runner.addPeriodic({ name: 'identification-scan', intervalMs: 5_000, run: () => scanForDuePersons(db) });
  runner.addPeriodic({
    name: 'rate-limit-cleanup',
    intervalMs: 600_000,
    run: () => deleteExpiredWindows(db, 3_600_000),
  });
  runner.addPeriodic({
    name: 'finished-jobs-cleanup',
    intervalMs: 3_600_000,
    run: () => deleteFinishedJobs(db, 7 * DAY_MS),
  });

  return {
    runner,
    async stop() {
      await runner.stop();
      transport.close();
    },
  };
}

export function startBackgroundWork(
  services: AppServices,
  logger: JobLogger,
  options: BackgroundOptions = {},
): BackgroundWork {
  const work = createBackgroundWork(services, logger, options);
  work.runner.start();
  return work;
}
