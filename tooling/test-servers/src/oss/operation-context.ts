import type { S3Client } from '@aws-sdk/client-s3';

/** The owner shown in listings, ACLs and bucket info: the radosgw user behind the server. */
export interface OssOwner {
  ID: string;
  DisplayName: string;
}

/** A bucket's default encryption, as `<ApplyServerSideEncryptionByDefault>` holds it. */
export interface BucketEncryptionRule {
  /** `AES256`, `KMS` or `SM4`. */
  SSEAlgorithm: string;
  KMSMasterKeyID?: string;
  /** `SM4`, only with `KMS`. */
  KMSDataEncryption?: string;
}

/** What every operation needs: the radosgw client and a few facts the server answers with. */
export interface OperationContext {
  s3: S3Client;
  /** Region without the `oss-` prefix, e.g. `cn-hangzhou`. */
  region: string;
  owner(): Promise<OssOwner>;
  /** Default encryption by bucket name: radosgw 16 cannot keep it, so the server does, for its own lifetime. */
  bucketEncryption: Map<string, BucketEncryptionRule>;
}
