import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings. Tests talk to real processes and file systems, so timeouts are
 * generous. Besides the console output every package writes `.test-results.json`, which
 * tooling/scripts/test-summary.mjs adds up into one closing line for the whole repository.
 * @param {import('vitest/config').UserConfig['test']} test
 */
export function packageTests(test = {}) {
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      reporters: ['default', ['json', { outputFile: '.test-results.json' }]],
      ...test,
    },
  });
}
