import { S3Client } from '@aws-sdk/client-s3';

/**
 * A plain SDK S3 client, configured the way the raw baselines use it: path style and no optional
 * checksums. Kept apart from aws-setup.mjs so a transfer worker's raw side loads only the S3 SDK.
 * `s3Server` needs `endpoint`, `region`, `accessKeyId` and `secretAccessKey`.
 */
export function rawS3Client(s3Server, endpoint = s3Server.endpoint) {
  return new S3Client({
    endpoint,
    region: s3Server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3Server.accessKeyId, secretAccessKey: s3Server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
