import { randomUUID } from 'node:crypto';
import { BackendError } from '@x/backend-core';
import type { AssumeRoleSettings, OssCredentials } from '../config/oss-settings.js';
import { signRpcRequest } from './rpc-signature.js';

/** Time limit of one STS call. */
const stsTimeoutMilliseconds = 15_000;

/**
 * STS `AssumeRole` (API 2015-04-01) as Terraform's oss backend calls it: signed with the
 * source credentials, their `SecurityToken` included when they are STS credentials (so it
 * chains from ECS role or StsToken credentials), session `terraform` unless configured.
 *
 * Written here rather than taken from `@alicloud/credentials` because that package always
 * uses `https://` and its own endpoint rules, so it cannot be pointed at a local STS for
 * tests, and ali-oss's `STS` client cannot send a `SecurityToken`. Fails with `AUTH` when STS
 * refuses (its code and message, never a secret), `TRANSIENT` when it cannot be reached.
 */
export async function assumeRole(
  source: OssCredentials,
  role: AssumeRoleSettings,
  stsEndpoint: string,
): Promise<OssCredentials> {
  const parameters: Record<string, string> = {
    Action: 'AssumeRole',
    Version: '2015-04-01',
    Format: 'JSON',
    AccessKeyId: source.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    RoleArn: role.roleArn,
    RoleSessionName: role.sessionName,
    DurationSeconds: String(role.durationSeconds),
  };
  if (role.policy !== undefined) parameters.Policy = role.policy;
  if (source.securityToken !== undefined) parameters.SecurityToken = source.securityToken;
  parameters.Signature = signRpcRequest('POST', parameters, source.accessKeySecret);

  let response: Response;
  try {
    response = await fetch(`${stsEndpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(parameters).toString(),
      signal: AbortSignal.timeout(stsTimeoutMilliseconds),
    });
  } catch (error) {
    throw new BackendError('TRANSIENT', `cannot reach the STS endpoint ${stsEndpoint} to assume role ${role.roleArn}: ${(error as Error).message}`, {
      hint: 'Check sts_endpoint (or ALICLOUD_STS_ENDPOINT) and the network, then retry.',
    });
  }
  const text = await response.text();
  let body: { Code?: string; Message?: string; Credentials?: { AccessKeyId?: string; AccessKeySecret?: string; SecurityToken?: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = {};
  }
  const credentials = body.Credentials;
  if (!response.ok || !credentials?.AccessKeyId || !credentials.AccessKeySecret || !credentials.SecurityToken) {
    const reason = body.Code !== undefined ? `${body.Code}: ${body.Message ?? ''}` : `HTTP ${response.status}`;
    throw new BackendError(response.status >= 500 ? 'TRANSIENT' : 'AUTH', `AssumeRole ${role.roleArn} failed (${reason})`, {
      hint: 'Check that the source credentials may assume the role (sts:AssumeRole) and that the role trusts them.',
    });
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    accessKeySecret: credentials.AccessKeySecret,
    securityToken: credentials.SecurityToken,
  };
}
