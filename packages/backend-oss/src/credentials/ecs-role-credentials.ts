import { BackendError } from '@x/backend-core';
import type { OssCredentials } from '../config/oss-settings.js';

/** The ECS instance metadata service Terraform asks (plain HTTP, no IMDSv2 token). */
export const ECS_METADATA_ENDPOINT = 'http://100.100.100.200';

const metadataTimeoutMilliseconds = 5_000;

/**
 * Credentials of the RAM role attached to this ECS instance, from
 * `GET <metadata>/latest/meta-data/ram/security-credentials/<role>`, as Terraform fetches them
 * (HTTP 200 and `Code: "Success"` required). Fails with `AUTH` on any other answer and
 * `TRANSIENT` when the service cannot be reached (not on ECS, or a network problem).
 */
export async function fetchEcsRoleCredentials(roleName: string, metadataEndpoint: string = ECS_METADATA_ENDPOINT): Promise<OssCredentials> {
  const url = `${metadataEndpoint.replace(/\/+$/, '')}/latest/meta-data/ram/security-credentials/${encodeURIComponent(roleName)}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(metadataTimeoutMilliseconds) });
  } catch (error) {
    throw new BackendError('TRANSIENT', `get Ecs sts token err: cannot reach the ECS metadata service for role ${roleName} (${(error as Error).message})`, {
      hint: 'ecs_role_name only works on an ECS instance with that RAM role attached; elsewhere set access_key and secret_key.',
    });
  }
  const text = await response.text();
  let body: { Code?: string; AccessKeyId?: string; AccessKeySecret?: string; SecurityToken?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Reported below as an unexpected answer.
  }
  if (response.status !== 200 || body.Code !== 'Success' || !body.AccessKeyId || !body.AccessKeySecret || !body.SecurityToken) {
    throw new BackendError('AUTH', `get Ecs sts token err: the metadata service answered HTTP ${response.status}${body.Code ? ` (${body.Code})` : ''} for role ${roleName}`, {
      hint: 'Check that the RAM role is attached to this instance and that ecs_role_name spells it exactly.',
    });
  }
  return { accessKeyId: body.AccessKeyId, accessKeySecret: body.AccessKeySecret, securityToken: body.SecurityToken };
}
