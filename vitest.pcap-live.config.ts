import { defineConfig } from 'vitest/config';

/** Runs only the in-process libpcap collector test (see vitest.config.ts). */
export default defineConfig({
  test: {
    include: ['test/pcap-live/pcap-live-collector.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
