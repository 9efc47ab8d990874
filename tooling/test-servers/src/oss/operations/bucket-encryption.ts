import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { OssError, invalidArgument } from '../oss-error.js';
import type { OssRequest } from '../oss-request.js';
import { xmlResponse, type OssResponse } from '../oss-response.js';
import type { BucketEncryptionRule, OperationContext } from '../operation-context.js';
import { translateS3Error } from '../s3-error-translation.js';
import { parseXml, renderXml } from '../xml.js';

const ALGORITHMS: readonly string[] = ['AES256', 'KMS', 'SM4'];

function requireBucket(request: OssRequest): string {
  if (request.bucket === undefined) throw invalidArgument('The request names no bucket.');
  return request.bucket;
}

/** radosgw has no usable bucket encryption (16 refuses PutBucketEncryption), so only the bucket's existence is checked there. */
async function requireExistingBucket(context: OperationContext, bucket: string): Promise<void> {
  try {
    await context.s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}

function malformed(): OssError {
  return new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw malformed();
  return value;
}

/** Reads `<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault>` and checks it as OSS does. */
function parseRule(body: string): BucketEncryptionRule {
  let defaults: Record<string, unknown> | undefined;
  try {
    const rule = parseXml(body).ServerSideEncryptionRule as { ApplyServerSideEncryptionByDefault?: unknown } | undefined;
    const candidate = rule?.ApplyServerSideEncryptionByDefault;
    defaults = typeof candidate === 'object' && candidate !== null ? (candidate as Record<string, unknown>) : undefined;
  } catch {
    throw malformed();
  }
  if (defaults === undefined) throw malformed();
  const algorithm = text(defaults.SSEAlgorithm);
  const keyId = text(defaults.KMSMasterKeyID);
  const dataEncryption = text(defaults.KMSDataEncryption);
  if (algorithm === undefined || !ALGORITHMS.includes(algorithm)) {
    throw new OssError(400, 'InvalidEncryptionAlgorithmError', 'The Encryption request you specified is not valid. Supported value: AES256/KMS/SM4', {
      ArgumentName: 'SSEAlgorithm',
      ArgumentValue: algorithm ?? '',
    });
  }
  if (keyId !== undefined && algorithm !== 'KMS') {
    throw invalidArgument('KMSMasterKeyID is not applicable if the default sse algorithm is not KMS', 'KMSMasterKeyID', keyId);
  }
  if (dataEncryption !== undefined && (algorithm !== 'KMS' || dataEncryption !== 'SM4')) {
    throw invalidArgument('KMSDataEncryption must be SM4 and is only applicable if the default sse algorithm is KMS', 'KMSDataEncryption', dataEncryption);
  }
  return {
    SSEAlgorithm: algorithm,
    ...(keyId === undefined ? {} : { KMSMasterKeyID: keyId }),
    ...(dataEncryption === undefined ? {} : { KMSDataEncryption: dataEncryption }),
  };
}

/**
 * PutBucketEncryption (`PUT /?encryption`): `AES256`, `KMS` (optionally with `KMSMasterKeyID` and
 * `KMSDataEncryption` SM4) or `SM4`. The rule is kept by this server for the bucket's lifetime.
 */
export async function putBucketEncryption(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  const rule = parseRule(request.body.toString('utf8'));
  await requireExistingBucket(context, bucket);
  context.bucketEncryption.set(bucket, rule);
  return { status: 200, headers: {} };
}

/** GetBucketEncryption (`GET /?encryption`): 404 NoSuchServerSideEncryptionRule until a rule is set. */
export async function getBucketEncryption(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  await requireExistingBucket(context, bucket);
  const rule = context.bucketEncryption.get(bucket);
  if (rule === undefined) {
    throw new OssError(404, 'NoSuchServerSideEncryptionRule', 'The server side encryption rule does not exist.', { BucketName: bucket });
  }
  return xmlResponse(200, renderXml('ServerSideEncryptionRule', { ApplyServerSideEncryptionByDefault: { ...rule } }));
}

/** DeleteBucketEncryption (`DELETE /?encryption`): 204, also when no rule was set. */
export async function deleteBucketEncryption(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  await requireExistingBucket(context, bucket);
  context.bucketEncryption.delete(bucket);
  return { status: 204, headers: {} };
}
