import type { OssLayout } from '../oss-layout.js';

/** ACLs Terraform accepts for `acl` (OSS also knows `default`, which Terraform refuses). */
export const OSS_ACLS = ['private', 'public-read', 'public-read-write'] as const;
export type OssAcl = (typeof OSS_ACLS)[number];

/** Where the TableStore lock and digest rows live. */
export interface TableStoreSettings {
  /** `http(s)://host[:port]`; a configured endpoint without a scheme got `https://`. */
  endpoint: string;
  /** `tablestore_instance_name`, else the first DNS label of the endpoint host. */
  instanceName: string;
  table: string;
}

/** Everything the provider needs besides credentials, after Terraform's defaults and checks. */
export interface OssBackendSettings extends OssLayout {
  /** Terraform's region name (`cn-hangzhou`), possibly empty when an endpoint is given. */
  region: string;
  /** The OSS endpoint URL with its scheme (`https://oss-cn-hangzhou.aliyuncs.com`). */
  endpoint: string;
  /** Adds `x-oss-server-side-encryption: AES256` to every object written. */
  encrypt: boolean;
  /** Sent as `x-oss-object-acl` on every object written. */
  acl?: OssAcl;
  /** TableStore locking and digest rows (Terraform's locking); undefined without `tablestore_table`. */
  tablestore?: TableStoreSettings;
  /** The OSS-native `.tflock` lock (an extension Terraform does not see). */
  useLockfile: boolean;
  /** OSS request signatures: `v1` as Terraform, or `v4`. */
  signatureVersion: 'v1' | 'v4';
}

/** Static credentials: what OSS and TableStore requests are signed with. */
export interface OssCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token, sent as `x-oss-security-token` / `x-ots-ststoken`. */
  securityToken?: string;
}

/** An STS AssumeRole to run with the source credentials. */
export interface AssumeRoleSettings {
  roleArn: string;
  /** Default `terraform`. */
  sessionName: string;
  policy?: string;
  /** 900-3600 when configured as an argument; default 3600. */
  durationSeconds: number;
}

/** How to obtain credentials, in Terraform's order: static keys, else the ECS role, then AssumeRole. */
export interface CredentialSettings {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  /** Fetched from the ECS metadata service when no access key is configured. */
  ecsRoleName?: string;
  assumeRole?: AssumeRoleSettings;
  /** STS endpoint URL (`https://sts.aliyuncs.com` unless `sts_endpoint` says otherwise). */
  stsEndpoint: string;
  /** The profile that was asked for, to explain empty credentials. */
  profile?: { name: string; file: string; found: boolean };
}
