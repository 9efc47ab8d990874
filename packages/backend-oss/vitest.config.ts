import { packageTests } from '@x/vitest-config';

export default packageTests({
  globalSetup: ['test/support/global-setup.ts'],
  // Test files share one radosgw; running them one at a time keeps the 2-core machine responsive.
  fileParallelism: false,
});
