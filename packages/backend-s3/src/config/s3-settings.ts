import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';

/** What the state provider needs to know; validated per Terraform's rules (spec §1.3, §7). */
export interface S3BackendSettings {
  bucket: string;
  /** State object key of the `default` workspace. */
  key: string;
  /** Prefix of the other workspaces' keys; `env:` by default, may be empty. */
  workspaceKeyPrefix: string;
  region: string;
  useLockfile: boolean;
  dynamodbTable?: string;
  /** Server-side encryption on the state and lock objects (spec §6.3). */
  encrypt: boolean;
  kmsKeyId?: string;
  /** Base64 of a 256-bit SSE-C key (44 characters). Secret: never log it. */
  sseCustomerKey?: string;
  /** Canned ACL for state and lock-file PUTs. */
  acl?: string;
  /** No checksum headers at all (the clients use `WHEN_REQUIRED`). */
  skipS3Checksum: boolean;
}

/** The SDK clients built from the settings. `dynamodb` exists only when `dynamodb_table` is set. */
export interface S3Clients {
  s3: S3Client;
  dynamodb?: DynamoDBClient;
  /** Used for the account check (GetCallerIdentity). */
  sts?: STSClient;
}

/** `assume_role`: one AssumeRole call made with the base credentials. */
export interface AssumeRoleSettings {
  roleArn: string;
  /** Whole seconds; Terraform's Go SDK asks for 900 when `duration` is unset. */
  durationSeconds: number;
  externalId?: string;
  /** Trimmed policy JSON. */
  policy?: string;
  policyArns?: string[];
  sessionName?: string;
  sourceIdentity?: string;
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
}

/** `assume_role_with_web_identity`: replaces the base credentials (Terraform does the same). */
export interface WebIdentitySettings {
  roleArn: string;
  durationSeconds: number;
  policy?: string;
  policyArns?: string[];
  sessionName?: string;
  /** Secret. Exactly one of `webIdentityToken` and `webIdentityTokenFile` is set. */
  webIdentityToken?: string;
  webIdentityTokenFile?: string;
}

/** Where credentials come from. Without static keys or web identity the SDK's default chain is used. */
export interface CredentialSettings {
  /** From `access_key`/`secret_key`/`token`; used when any of the three is set. Secret parts never printed. */
  staticKeys?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  profile?: string;
  /** Expanded paths (`~/` resolved). The SDK reads one file of each kind. */
  sharedCredentialsFile?: string;
  sharedConfigFile?: string;
  webIdentity?: WebIdentitySettings;
  assumeRole?: AssumeRoleSettings;
}

/** Proxy routing, Terraform's "legacy" mode: `http_proxy` also serves HTTPS unless an HTTPS proxy is set. */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  /** Go `NO_PROXY` syntax: comma-separated hosts, `.domain` suffixes, IPs, CIDRs, `*`. */
  noProxy?: string;
}

/** Everything {@link createS3Clients} needs besides {@link S3BackendSettings}. */
export interface S3ClientOptions {
  region: string;
  /** Region of STS calls (assume role, account check); defaults to `region`. */
  stsRegion?: string;
  endpoints: { s3?: string; dynamodb?: string; iam?: string; sso?: string; sts?: string };
  usePathStyle: boolean;
  useFipsEndpoint: boolean;
  useDualstackEndpoint: boolean;
  /** `max_retries`, passed to the SDK as maximum attempts; undefined leaves the SDK default. */
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
  credentials: CredentialSettings;
  /** Path of a PEM bundle whose certificates are trusted in addition to Node's. */
  customCaBundle?: string;
  insecure: boolean;
  proxy: ProxySettings;
  skipS3Checksum: boolean;
  /** `skip_metadata_api_check`: true disables EC2 instance metadata credentials. */
  skipMetadataApiCheck: boolean;
  ec2MetadataServiceEndpoint?: string;
  ec2MetadataServiceEndpointMode?: 'IPv4' | 'IPv6';
  skipCredentialsValidation: boolean;
  skipRequestingAccountId: boolean;
  allowedAccountIds: string[];
  forbiddenAccountIds: string[];
}

/** What {@link resolveS3Settings} returns. Its JSON and `util.inspect` forms hide secrets. */
export interface ResolvedS3Settings {
  settings: S3BackendSettings;
  clientOptions: S3ClientOptions;
  /** Terraform's warnings (deprecations, incomplete URLs), one `<summary>: <detail>` string each. */
  warnings: string[];
}
