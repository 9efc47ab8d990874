import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings. Tests talk to real processes and file systems, so timeouts are generous
 * and failures print full diffs.
 * @param {import('vitest/config').UserConfig['test']} test
 */
export function packageTests(test = {}) {
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      reporters: process.env.CI ? ['default'] : ['default'],
      ...test,
    },
  });
}
