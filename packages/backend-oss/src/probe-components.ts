import type { ProbeCheck } from '@x/backend-core';
import type { OssBackendSettings } from './config/oss-settings.js';

/**
 * One `identity-<component>` finding per service the backend talks to (OSS, and TableStore when
 * configured): where requests go (endpoint, region, instance, table) and how they are signed.
 * The two often differ (a TableStore instance in another region, a VPC endpoint), which is what
 * this makes visible. Informational only.
 */
export function componentChecks(settings: OssBackendSettings): ProbeCheck[] {
  const checks: ProbeCheck[] = [
    {
      id: 'identity-oss',
      ok: true,
      severity: 'info',
      message: `OSS: bucket "${settings.bucket}", region ${settings.region}, endpoint ${settings.endpoint}, signature ${settings.signatureVersion}`,
    },
  ];
  if (settings.tablestore !== undefined) {
    const { endpoint, instanceName, table } = settings.tablestore;
    checks.push({
      id: 'identity-tablestore',
      ok: true,
      severity: 'info',
      message: `TableStore: instance "${instanceName}", table "${table}", endpoint ${endpoint}`,
    });
  }
  return checks;
}
