import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'rules/**/*.test.ts'],
    setupFiles: ['tests/setup/loopback-only.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Most test time is loopback I/O and scheduler back-off, so two workers on a 2-core machine
    // (vitest's default would be one) halve the wall time without starving either.
    maxWorkers: 2,
  },
});
