import type { ConfigObject } from './config-object.js';
import { conflictError, configError, missingRequiredError } from './config-error.js';
import {
  checkArn,
  checkDurationBetween,
  checkIamPolicyDocument,
  checkLengthBetween,
  checkMatches,
  checkNotEmpty,
} from './string-checks.js';
import type { AssumeRoleSettings, WebIdentitySettings } from './s3-settings.js';

const assumeRoleArguments = [
  'role_arn',
  'duration',
  'external_id',
  'policy',
  'policy_arns',
  'session_name',
  'source_identity',
  'tags',
  'transitive_tag_keys',
] as const;

const webIdentityArguments = [
  'role_arn',
  'duration',
  'policy',
  'policy_arns',
  'session_name',
  'web_identity_token',
  'web_identity_token_file',
] as const;

const minimumDuration = 15n * 60_000_000_000n;
const maximumDuration = 12n * 3_600_000_000_000n;
/** aws-sdk-go-v2's `stscreds` default when no duration is given (Terraform leaves it unset). */
const defaultDurationSeconds = 900;

/** `assume_role` validated as Terraform does (`assumeRoleSchema`). */
export function readAssumeRole(block: ConfigObject): AssumeRoleSettings {
  block.refuseUnknown(assumeRoleArguments);
  const common = readCommonRoleArguments(block);
  const result: AssumeRoleSettings = { ...common };
  const externalId = block.string('external_id');
  if (externalId !== undefined) {
    const argument = block.pathOf('external_id');
    checkLengthBetween(externalId, 2, 1224, argument);
    checkMatches(
      externalId,
      /^[\w+=,.@:/-]*$/,
      'Value can only contain letters, numbers, or the following characters: =,.@/-',
      argument,
    );
    result.externalId = externalId;
  }
  const sourceIdentity = block.string('source_identity');
  if (sourceIdentity !== undefined) {
    checkRoleName(sourceIdentity, block.pathOf('source_identity'));
    result.sourceIdentity = sourceIdentity;
  }
  const tags = block.stringMap('tags');
  if (tags !== undefined) result.tags = tags;
  const transitiveTagKeys = block.stringSet('transitive_tag_keys');
  if (transitiveTagKeys !== undefined) result.transitiveTagKeys = transitiveTagKeys;
  return result;
}

/** `assume_role_with_web_identity` validated as Terraform does; exactly one token source. */
export function readWebIdentity(block: ConfigObject): WebIdentitySettings {
  block.refuseUnknown(webIdentityArguments);
  const tokenArguments = [block.pathOf('web_identity_token'), block.pathOf('web_identity_token_file')];
  const hasToken = block.has('web_identity_token');
  const hasTokenFile = block.has('web_identity_token_file');
  if (hasToken && hasTokenFile) throw conflictError(tokenArguments);
  if (!hasToken && !hasTokenFile) {
    throw configError({
      summary: 'Missing Required Value',
      detail: `Exactly one of ${tokenArguments.join(', ')} must be set.`,
      hint: `Set ${tokenArguments[0]} or ${tokenArguments[1]}.`,
    });
  }
  const result: WebIdentitySettings = { ...readCommonRoleArguments(block) };
  const token = block.string('web_identity_token');
  if (token !== undefined) {
    checkLengthBetween(token, 4, 20000, block.pathOf('web_identity_token'));
    result.webIdentityToken = token;
  }
  const tokenFile = block.string('web_identity_token_file');
  if (tokenFile !== undefined) {
    checkLengthBetween(tokenFile, 4, 20000, block.pathOf('web_identity_token_file'));
    result.webIdentityTokenFile = tokenFile;
  }
  return result;
}

function readCommonRoleArguments(block: ConfigObject): Omit<AssumeRoleSettings, 'externalId' | 'sourceIdentity' | 'tags' | 'transitiveTagKeys'> {
  const roleArn = block.string('role_arn');
  if (roleArn === undefined) throw missingRequiredError(block.pathOf('role_arn'));
  checkArn(roleArn, 'role/', 'Role', block.pathOf('role_arn'));
  const result: AssumeRoleSettings = { roleArn, durationSeconds: defaultDurationSeconds };
  const duration = block.string('duration');
  if (duration !== undefined) {
    result.durationSeconds = checkDurationBetween(duration, minimumDuration, maximumDuration, block.pathOf('duration'));
  }
  const policy = block.string('policy');
  if (policy !== undefined) {
    checkNotEmpty(policy, block.pathOf('policy'));
    checkIamPolicyDocument(policy, block.pathOf('policy'));
    result.policy = policy.trim();
  }
  const policyArns = block.stringSet('policy_arns');
  if (policyArns !== undefined) {
    for (const [index, arn] of policyArns.entries()) {
      checkArn(arn, 'policy/', 'Policy', `${block.pathOf('policy_arns')}[${index}]`);
    }
    result.policyArns = policyArns;
  }
  const sessionName = block.string('session_name');
  if (sessionName !== undefined) {
    checkRoleName(sessionName, block.pathOf('session_name'));
    result.sessionName = sessionName;
  }
  return result;
}

function checkRoleName(value: string, argument: string): void {
  checkLengthBetween(value, 2, 64, argument);
  checkMatches(value, /^[\w+=,.@-]*$/, 'Value can only contain letters, numbers, or the following characters: =,.@-', argument);
}
