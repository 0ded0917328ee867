import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'test/**/*.test.ts',
      'bench/**/*.test.ts',
      'fuzz/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    // Integration tests start real servers; give them room on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
