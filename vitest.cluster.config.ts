import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the scale-out test (test/cluster/), with clusters and network namespaces
// of its own — no global setup, and not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.cluster.ts'],
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
