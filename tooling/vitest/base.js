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
      // The AWS SDK's Node 20 support notice, printed once by every test process that loads it,
      // says nothing about the tests. (The CLI's tests drop it again for the tfstate processes they
      // start, whose own bin/tfstate.mjs must keep it quiet: test/remote-backends.test.ts.)
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...test.env },
    },
  });
}
