import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { createCredentialProvider } from './credential-provider.js';
import { createRequestHandler, readTlsOptions } from './http-handler.js';
import type { ResolvedS3Settings, S3Clients } from './s3-settings.js';

/**
 * Builds the SDK clients for resolved settings: one credential provider shared by all clients
 * (resolved lazily, on the first request), per-service endpoints, path style, retries
 * (`maxAttempts` = `max_retries`), FIPS/dual-stack, proxy and CA/insecure TLS, and with
 * `skip_s3_checksum` the `WHEN_REQUIRED` checksum modes so no checksum headers are sent.
 * A DynamoDB client exists only when `dynamodb_table` is set.
 *
 * MUST throw `BackendError` `INVALID_CONFIG` when `custom_ca_bundle` cannot be read or holds no
 * certificate. Makes no network request.
 */
export function createS3Clients(resolved: ResolvedS3Settings): S3Clients {
  const { settings, clientOptions: options } = resolved;
  const tls = readTlsOptions(options);
  const common = withoutUndefined({
    maxAttempts: options.maxAttempts,
    retryMode: options.retryMode,
    useFipsEndpoint: options.useFipsEndpoint,
    useDualstackEndpoint: options.useDualstackEndpoint,
  });
  const stsConfig = withoutUndefined({
    ...common,
    region: options.stsRegion ?? options.region,
    endpoint: options.endpoints.sts,
    requestHandler: createRequestHandler(options, tls),
  });
  const credentials = createCredentialProvider(options, stsConfig);
  const s3 = new S3Client(
    withoutUndefined({
      ...common,
      region: options.region,
      endpoint: options.endpoints.s3,
      forcePathStyle: options.usePathStyle,
      credentials,
      requestHandler: createRequestHandler(options, tls),
      ...(options.skipS3Checksum
        ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
        : {}),
    }),
  );
  const sts = new STSClient(
    withoutUndefined({ ...stsConfig, credentials, requestHandler: createRequestHandler(options, tls) }),
  );
  const clients: S3Clients = { s3, sts };
  if (settings.dynamodbTable !== undefined) {
    clients.dynamodb = new DynamoDBClient(
      withoutUndefined({
        ...common,
        region: options.region,
        endpoint: options.endpoints.dynamodb,
        credentials,
        requestHandler: createRequestHandler(options, tls),
      }),
    );
  }
  return clients;
}

/** The SDK treats an explicit `undefined` differently from a missing key for some options. */
function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
