import { createStateBackend, type StateBackend } from '@x/backend-core';
import { createS3Provider } from '../../src/s3-provider.js';
import type { S3BackendSettings } from '../../src/config/index.js';
import { TEST_CONSISTENCY } from './s3-harness.js';
import { dynamoClient, s3Client } from './test-stores.js';

/** A validated backend on radosgw/dynalite with the given settings (through `s3Endpoint`/`dynamoEndpoint` when given). */
export function backendWith(
  settings: Partial<S3BackendSettings> & { bucket: string },
  endpoints: { s3?: string; dynamodb?: string } = {},
): StateBackend {
  return createStateBackend(
    createS3Provider({
      settings: {
        key: 'terraform.tfstate',
        workspaceKeyPrefix: 'env:',
        region: 'us-east-1',
        useLockfile: false,
        encrypt: false,
        skipS3Checksum: false,
        ...settings,
      },
      clients: { s3: s3Client(endpoints.s3), dynamodb: dynamoClient(endpoints.dynamodb) },
      consistency: TEST_CONSISTENCY,
      ownsClients: true,
    }),
  );
}
