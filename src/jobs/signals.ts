import { EventEmitter } from 'node:events';

/*
 * In-process hint that jobs were committed to a queue, so that this process's runner picks them up
 * now rather than at its next poll. Only a hint: other processes find the jobs by polling, and a
 * missed hint costs one poll interval.
 */
const announcements = new EventEmitter();
announcements.setMaxListeners(0);

/** Call after the transaction that enqueued the jobs has committed. */
export function announceJobs(queue: string): void {
  announcements.emit('jobs', queue);
}

export function onJobsAnnounced(listener: (queue: string) => void): () => void {
  announcements.on('jobs', listener);
  return () => announcements.off('jobs', listener);
}
