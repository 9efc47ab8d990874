import { packageTests } from '@x/vitest-config';

// Real radosgw, dynalite, the OSS and TableStore servers for the remote-backend tests, started once per run.
export default packageTests({
  globalSetup: ['@x/test-servers/global-setup'],
  env: { TFSTATE_TEST_SERVERS: 's3,dynamodb,oss,tablestore' },
});
