export { postgresRateLimitStore } from './rate-limit-store.ts';
export { createSharedRegisterLimits, type SharedRegisterLimits } from './register-limits.ts';
export { deleteExpiredWindows } from './repository.ts';
