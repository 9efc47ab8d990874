import { packageTests } from '@x/vitest-config';

// The package's own suites use the global setup they ship: S3 and DynamoDB are started once for all
// files and reached through inject('testServers').
export default packageTests({
  globalSetup: ['./src/global-setup.ts'],
  env: { TFSTATE_TEST_SERVERS: 's3,dynamodb' },
});
