import { BackendError } from '@x/backend-core';
import type { CredentialSettings, OssCredentials } from '../config/oss-settings.js';
import { assumeRole } from './assume-role.js';
import { ECS_METADATA_ENDPOINT, fetchEcsRoleCredentials } from './ecs-role-credentials.js';

/** Where credential services live; overridable so tests can answer on 127.0.0.1. */
export interface CredentialEndpoints {
  /** Default `http://100.100.100.200`. */
  ecsMetadata?: string;
}

/**
 * Terraform's credential order: the configured (or environment, or profile) access key; when
 * there is none, the ECS RAM role's credentials; then, when a role ARN is set, one STS
 * AssumeRole with those. The result is used for the whole life of the provider (Terraform
 * never refreshes either). No credentials at all is `INVALID_CONFIG` listing the ways to give them.
 */
export async function resolveCredentials(plan: CredentialSettings, endpoints: CredentialEndpoints = {}): Promise<OssCredentials> {
  let source: OssCredentials | undefined;
  if (plan.accessKeyId !== undefined) {
    if (plan.accessKeySecret === undefined) {
      throw new BackendError('INVALID_CONFIG', 'access_key is set but secret_key is not', {
        hint: 'Set secret_key (or ALICLOUD_SECRET_KEY) to the secret of the access key.',
      });
    }
    source = { accessKeyId: plan.accessKeyId, accessKeySecret: plan.accessKeySecret, securityToken: plan.securityToken };
  } else if (plan.ecsRoleName !== undefined) {
    source = await fetchEcsRoleCredentials(plan.ecsRoleName, endpoints.ecsMetadata ?? ECS_METADATA_ENDPOINT);
  }
  if (source === undefined) {
    const profileNote =
      plan.profile !== undefined && !plan.profile.found ? ` (profile "${plan.profile.name}" was not found in ${plan.profile.file})` : '';
    throw new BackendError('INVALID_CONFIG', `the oss backend found no credentials${profileNote}`, {
      hint:
        'Set access_key and secret_key (or ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY), a profile of the aliyun CLI ' +
        '(profile, ALICLOUD_PROFILE), or ecs_role_name on an ECS instance.',
    });
  }
  return plan.assumeRole === undefined ? source : assumeRole(source, plan.assumeRole, plan.stsEndpoint);
}
