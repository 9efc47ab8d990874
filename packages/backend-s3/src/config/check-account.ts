import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { BackendError } from '@x/backend-core/errors';
import { configError } from './config-error.js';
import type { ResolvedS3Settings, S3Clients } from './s3-settings.js';

const credentialsDocumentation = 'https://www.terraform.io/docs/language/settings/backends/s3.html';

/** The caller identity found by {@link checkAccount}; empty when Terraform would not look it up. */
export interface AccountIdentity {
  accountId?: string;
  arn?: string;
}

/**
 * What Terraform's s3 backend checks before first use. Credentials are always resolved (no
 * source → `AUTH` "No valid credential sources found"; a role that cannot be assumed → `AUTH`
 * "Cannot assume IAM Role"). Then, unless `skip_credentials_validation`, STS GetCallerIdentity
 * validates them (`AUTH`); with only `skip_credentials_validation` set the account id is still
 * requested unless `skip_requesting_account_id`. Finally `allowed_account_ids` /
 * `forbidden_account_ids` are enforced (`INVALID_CONFIG` "Invalid account ID"; with both skips
 * the account is unknown, so a non-empty allow list refuses it, as in Terraform).
 * Network failures are `TRANSIENT`.
 */
export async function checkAccount(clients: S3Clients, resolved: ResolvedS3Settings): Promise<AccountIdentity> {
  const options = resolved.clientOptions;
  await resolveCredentials(clients, resolved);
  let identity: AccountIdentity = {};
  if (!options.skipCredentialsValidation || !options.skipRequestingAccountId) {
    try {
      identity = await callerIdentity(clients);
    } catch (error) {
      const reason = errorText(error);
      const message = !options.skipCredentialsValidation
        ? `Retrieving AWS account details: validating provider credentials: ${reason}`
        : 'Retrieving AWS account details: AWS account ID not previously found and failed retrieving via all available methods.\n\n' +
          'See https://www.terraform.io/docs/providers/aws/index.html#skip_requesting_account_id for workaround and implications.\n' +
          `Errors: ${reason}`;
      throw new BackendError(isNetworkError(error) ? 'TRANSIENT' : 'AUTH', message, {
        cause: error,
        hint: !options.skipCredentialsValidation
          ? 'Check the credentials, or for stores without STS set -c skip_credentials_validation=true and -c skip_requesting_account_id=true.'
          : 'For stores without STS set -c skip_requesting_account_id=true.',
      });
    }
  }
  const accountId = identity.accountId ?? '';
  const forbidden = options.forbiddenAccountIds.includes(accountId);
  const notAllowed = options.allowedAccountIds.length > 0 && !options.allowedAccountIds.includes(accountId);
  if (forbidden || notAllowed) {
    throw configError({
      summary: 'Invalid account ID',
      detail: `AWS account ID not allowed: ${accountId}`,
      argument: forbidden ? 'forbidden_account_ids' : 'allowed_account_ids',
      hint: 'Use credentials of an allowed account, or correct allowed_account_ids / forbidden_account_ids.',
    });
  }
  return identity;
}

async function resolveCredentials(clients: S3Clients, resolved: ResolvedS3Settings): Promise<void> {
  try {
    await clients.s3.config.credentials();
  } catch (error) {
    const { assumeRole, webIdentity } = resolved.clientOptions.credentials;
    const role = assumeRole ?? webIdentity;
    const message =
      role === undefined
        ? `No valid credential sources found: Please see ${credentialsDocumentation} for more information about providing credentials.\n\nError: ${errorText(error)}`
        : `Cannot assume IAM Role${assumeRole === undefined ? ' With Web Identity' : ''}: IAM Role (${role.roleArn}) cannot be assumed.\n\n` +
          'There are a number of possible causes of this - the most common are:\n' +
          '  * The credentials used in order to assume the role are invalid\n' +
          '  * The credentials do not have appropriate permission to assume the role\n' +
          '  * The role ARN is not valid\n\n' +
          `Error: ${errorText(error)}`;
    throw new BackendError(isNetworkError(error) ? 'TRANSIENT' : 'AUTH', message, {
      cause: error,
      hint:
        role === undefined
          ? 'Set access_key/secret_key, a profile, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.'
          : 'Check the base credentials and the role ARN, and that the role trusts them.',
    });
  }
}

async function callerIdentity(clients: S3Clients): Promise<AccountIdentity> {
  if (clients.sts === undefined) throw new Error('no STS client was created');
  const output = await clients.sts.send(new GetCallerIdentityCommand({}));
  const identity: AccountIdentity = {};
  if (output.Account !== undefined) identity.accountId = output.Account;
  if (output.Arn !== undefined) identity.arn = output.Arn;
  return identity;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** No HTTP response at all: a refused connection, DNS failure or timeout. */
function isNetworkError(error: unknown): boolean {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata;
  if (metadata?.httpStatusCode !== undefined) return false;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|EPIPE)$/.test(code);
}
