import type { ProbeCheck } from '@x/backend-core';
import type { S3Clients } from '../config/index.js';

/** The parts of an SDK client's resolved configuration this check reads. */
interface ClientConfiguration {
  region: () => Promise<string>;
  endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path: string }>;
  credentials: () => Promise<{ accessKeyId: string }>;
}

/**
 * One `identity-<component>` finding per SDK client (S3, DynamoDB, STS): the region and endpoint
 * it sends to and the access key it signs with (last four characters only), plus the account
 * STS reported. Components can disagree (an `endpoints.dynamodb` in another region, a role
 * assumed for one of them), which is what this makes visible. Never fails: an unreadable
 * setting is reported as such.
 */
export async function componentIdentityChecks(clients: S3Clients, account: string | undefined): Promise<ProbeCheck[]> {
  const components: [string, { config: unknown } | undefined][] = [
    ['S3', clients.s3],
    ['DynamoDB', clients.dynamodb],
    ['STS', clients.sts],
  ];
  const checks: ProbeCheck[] = [];
  for (const [label, client] of components) {
    if (client === undefined) continue;
    const configuration = client.config as ClientConfiguration;
    const region = await configuration.region().catch(() => 'unknown');
    const endpoint = configuration.endpoint === undefined ? 'the AWS default endpoint' : await configuration.endpoint().then(formatEndpoint, () => 'unknown');
    const key = await configuration.credentials().then(
      (credentials) => `access key …${credentials.accessKeyId.slice(-4)}`,
      () => 'no usable credentials',
    );
    checks.push({
      id: `identity-${label.toLowerCase()}`,
      ok: true,
      severity: 'info',
      message: `${label}: region ${region}, ${endpoint}, ${key}${account === undefined ? '' : `, account ${account}`}`,
    });
  }
  return checks;
}

function formatEndpoint(endpoint: { protocol: string; hostname: string; port?: number; path: string }): string {
  const port = endpoint.port === undefined ? '' : `:${endpoint.port}`;
  return `endpoint ${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path === '/' ? '' : endpoint.path}`;
}
