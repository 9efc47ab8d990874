import { packageTests } from '@x/vitest-config';

// Real radosgw and dynalite, started once for the whole run by @x/test-servers.
export default packageTests({
  globalSetup: ['@x/test-servers/global-setup'],
  env: { TFSTATE_TEST_SERVERS: 's3,dynamodb' },
});
