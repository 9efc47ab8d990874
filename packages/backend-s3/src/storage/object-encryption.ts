import type { ObjectCannedACL } from '@aws-sdk/client-s3';
import type { S3BackendSettings } from '../config/index.js';

/** SSE and ACL members of a PutObject request (spec §6.3-6.4). */
export interface WriteProtection {
  ServerSideEncryption?: 'aws:kms' | 'AES256';
  SSEKMSKeyId?: string;
  SSECustomerAlgorithm?: string;
  SSECustomerKey?: string;
  ACL?: ObjectCannedACL;
}

/** SSE-C members of a GetObject/HeadObject request. */
export interface ReadProtection {
  SSECustomerAlgorithm?: string;
  SSECustomerKey?: string;
}

type EncryptionSettings = Pick<S3BackendSettings, 'encrypt' | 'kmsKeyId' | 'sseCustomerKey' | 'acl'>;

/**
 * What Terraform puts on every state and lock-file PUT: SSE only when `encrypt` is true (KMS key,
 * else customer key, else AES256), and the canned ACL when set. With `encrypt` false the KMS and
 * customer keys are ignored, as Terraform ignores them.
 */
export function writeProtection(settings: EncryptionSettings): WriteProtection {
  const protection: WriteProtection = {};
  if (settings.encrypt) {
    if (settings.kmsKeyId !== undefined && settings.kmsKeyId !== '') {
      protection.ServerSideEncryption = 'aws:kms';
      protection.SSEKMSKeyId = settings.kmsKeyId;
    } else if (settings.sseCustomerKey !== undefined && settings.sseCustomerKey !== '') {
      Object.assign(protection, customerKeyHeaders(settings.sseCustomerKey));
    } else {
      protection.ServerSideEncryption = 'AES256';
    }
  }
  if (settings.acl !== undefined && settings.acl !== '') protection.ACL = settings.acl as ObjectCannedACL;
  return protection;
}

/** The SSE-C headers every GET/HEAD of the state and lock objects needs (also on conflict reads). */
export function readProtection(settings: EncryptionSettings): ReadProtection {
  if (!settings.encrypt || settings.sseCustomerKey === undefined || settings.sseCustomerKey === '') return {};
  if (settings.kmsKeyId !== undefined && settings.kmsKeyId !== '') return {};
  return customerKeyHeaders(settings.sseCustomerKey);
}

// The SDK's SSE-C middleware recognises a base64 string of 32 bytes, sends it as is and adds the
// key MD5 header itself.
function customerKeyHeaders(key: string): ReadProtection {
  return { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key };
}
