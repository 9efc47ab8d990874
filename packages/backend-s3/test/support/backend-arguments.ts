import { servers } from './test-stores.js';

/**
 * Terraform s3 backend arguments for `bucket` and `key` on radosgw + dynalite: the test servers'
 * endpoints and static keys, path-style addressing, and the account and metadata checks radosgw
 * cannot answer skipped. `overrides` come last; an override set to undefined removes the argument.
 */
export function s3BackendArguments(bucket: string, key: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { s3, dynamodb } = servers();
  const values: Record<string, unknown> = {
    bucket,
    key,
    region: 'us-east-1',
    endpoints: { s3: s3.endpoint, dynamodb: dynamodb.endpoint },
    access_key: s3.accessKeyId,
    secret_key: s3.secretAccessKey,
    use_path_style: true,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_s3_checksum: true,
    ...overrides,
  };
  for (const [name, value] of Object.entries(values)) if (value === undefined) delete values[name];
  return values;
}
