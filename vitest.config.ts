import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'rules/**/*.test.ts'],
    setupFiles: ['tests/setup/loopback-only.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
