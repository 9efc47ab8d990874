import type { S3Client } from '@aws-sdk/client-s3';

/** The owner shown in listings, ACLs and bucket info: the radosgw user behind the server. */
export interface OssOwner {
  ID: string;
  DisplayName: string;
}

/** What every operation needs: the radosgw client and a few facts the server answers with. */
export interface OperationContext {
  s3: S3Client;
  /** Region without the `oss-` prefix, e.g. `cn-hangzhou`. */
  region: string;
  owner(): Promise<OssOwner>;
}
