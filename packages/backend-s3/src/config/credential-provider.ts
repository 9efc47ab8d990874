import {
  createCredentialChain,
  fromContainerMetadata,
  fromEnv,
  fromIni,
  fromNodeProviderChain,
  fromProcess,
  fromTemporaryCredentials,
  fromTokenFile,
  fromWebToken,
} from '@aws-sdk/credential-providers';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { homedir } from 'node:os';
import type { CredentialSettings, S3ClientOptions } from './s3-settings.js';

/** Static credentials or a provider, as every SDK client accepts them. */
export type CredentialSource = NonNullable<S3ClientConfig['credentials']>;

/** Settings for the STS client the credential providers use (region, endpoint, handler, retries). */
export type StsClientConfig = Record<string, unknown>;

/**
 * The credential provider Terraform's s3 backend would use, built only from the AWS SDK's own
 * providers: web identity replaces the base credentials; otherwise static keys when any of
 * `access_key`/`secret_key`/`token` is set; otherwise the SDK's default chain with the
 * configured profile and shared files. `assume_role` is then assumed with those credentials.
 *
 * The SDK's environment and metadata providers read `process.env` themselves.
 */
export function createCredentialProvider(
  options: S3ClientOptions,
  stsClientConfig: StsClientConfig,
): CredentialSource {
  const credentials = options.credentials;
  const base = baseCredentials(credentials, options.skipMetadataApiCheck, stsClientConfig);
  const role = credentials.assumeRole;
  if (role === undefined) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    clientConfig: stsClientConfig,
    params: {
      RoleArn: role.roleArn,
      DurationSeconds: role.durationSeconds,
      ...(role.sessionName === undefined ? {} : { RoleSessionName: role.sessionName }),
      ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
      ...(role.policy === undefined ? {} : { Policy: role.policy }),
      ...(role.policyArns === undefined ? {} : { PolicyArns: role.policyArns.map((arn) => ({ arn })) }),
      ...(role.tags === undefined ? {} : { Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })) }),
      ...(role.transitiveTagKeys === undefined ? {} : { TransitiveTagKeys: role.transitiveTagKeys }),
      ...(role.sourceIdentity === undefined ? {} : { SourceIdentity: role.sourceIdentity }),
    },
  });
}

function baseCredentials(
  credentials: CredentialSettings,
  skipMetadataApiCheck: boolean,
  clientConfig: StsClientConfig,
): CredentialSource {
  const webIdentity = credentials.webIdentity;
  if (webIdentity !== undefined) {
    const common = {
      roleArn: webIdentity.roleArn,
      durationSeconds: webIdentity.durationSeconds,
      clientConfig,
      ...(webIdentity.sessionName === undefined ? {} : { roleSessionName: webIdentity.sessionName }),
      ...(webIdentity.policy === undefined ? {} : { policy: webIdentity.policy }),
      ...(webIdentity.policyArns === undefined ? {} : { policyArns: webIdentity.policyArns.map((arn) => ({ arn })) }),
    };
    return webIdentity.webIdentityToken !== undefined
      ? fromWebToken({ ...common, webIdentityToken: webIdentity.webIdentityToken })
      : fromTokenFile({ ...common, webIdentityTokenFile: expandHome(webIdentity.webIdentityTokenFile!) });
  }
  if (credentials.staticKeys !== undefined) return { ...credentials.staticKeys };
  const init = {
    clientConfig,
    ...(credentials.profile === undefined ? {} : { profile: credentials.profile }),
    ...(credentials.sharedCredentialsFile === undefined ? {} : { filepath: credentials.sharedCredentialsFile }),
    ...(credentials.sharedConfigFile === undefined ? {} : { configFilepath: credentials.sharedConfigFile }),
  };
  if (!skipMetadataApiCheck) return fromNodeProviderChain(init);
  // The SDK's default chain minus its last link, EC2 instance metadata (`skip_metadata_api_check`).
  return createCredentialChain(
    ...(credentials.profile === undefined ? [fromEnv()] : []),
    fromIni(init),
    fromProcess(init),
    fromTokenFile(init),
    ...(usesContainerCredentials() ? [fromContainerMetadata()] : []),
  );
}

function usesContainerCredentials(): boolean {
  return Boolean(process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
}

function expandHome(path: string): string {
  return path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
}
