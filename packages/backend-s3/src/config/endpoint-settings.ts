import type { ConfigObject } from './config-object.js';
import { configError, deprecatedArgumentWarning, deprecatedEnvironmentWarning } from './config-error.js';
import { checkLegacyUrl, checkValidUrl } from './string-checks.js';
import type { S3ClientOptions } from './s3-settings.js';

type Service = keyof S3ClientOptions['endpoints'];

interface ServiceSources {
  service: Service;
  /** Deprecated top-level argument (`endpoint` for S3). */
  legacyArgument?: string;
  /** Deprecated environment variable, read after `AWS_ENDPOINT_URL_<SERVICE>`. */
  legacyVariable?: string;
}

const services: readonly ServiceSources[] = [
  { service: 's3', legacyArgument: 'endpoint', legacyVariable: 'AWS_S3_ENDPOINT' },
  { service: 'dynamodb', legacyArgument: 'dynamodb_endpoint', legacyVariable: 'AWS_DYNAMODB_ENDPOINT' },
  { service: 'iam', legacyArgument: 'iam_endpoint', legacyVariable: 'AWS_IAM_ENDPOINT' },
  { service: 'sts', legacyArgument: 'sts_endpoint', legacyVariable: 'AWS_STS_ENDPOINT' },
  { service: 'sso' },
];

export const endpointServiceNames = services.map((entry) => entry.service);
export const legacyEndpointArguments = services.flatMap((entry) => (entry.legacyArgument === undefined ? [] : [entry.legacyArgument]));

/**
 * Custom endpoints per service with Terraform's precedence: `endpoints.<service>`, then the
 * deprecated top-level argument, then `AWS_ENDPOINT_URL_<SERVICE>`, then the deprecated
 * variable. Deprecations and incomplete URLs become warnings; an incomplete URL is given an
 * `https://` scheme so the SDK can use it (what OpenTofu does).
 */
export function resolveEndpoints(
  config: ConfigObject,
  env: NodeJS.ProcessEnv,
  warnings: string[],
): S3ClientOptions['endpoints'] {
  const block = config.object('endpoints');
  block?.refuseUnknown(endpointServiceNames);
  const endpoints: S3ClientOptions['endpoints'] = {};
  for (const { service, legacyArgument, legacyVariable } of services) {
    const fromBlock = block?.string(service);
    const fromLegacy = legacyArgument === undefined ? undefined : config.string(legacyArgument);
    if (legacyArgument !== undefined && fromLegacy !== undefined) {
      warnings.push(deprecatedArgumentWarning(legacyArgument, `endpoints.${service}`));
      if (fromBlock !== undefined) {
        throw configError({
          summary: 'Conflicting Parameters',
          detail: `The parameters "${legacyArgument}" and "endpoints.${service}" cannot be configured together.`,
          hint: `Remove "${legacyArgument}" and keep "endpoints.${service}".`,
        });
      }
    }
    const variable = `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
    const fromLegacyVariable = legacyVariable === undefined ? undefined : nonEmpty(env[legacyVariable]);
    if (legacyVariable !== undefined && fromLegacyVariable !== undefined) {
      warnings.push(deprecatedEnvironmentWarning(legacyVariable, variable));
    }
    const value = fromBlock ?? fromLegacy ?? nonEmpty(env[variable]) ?? fromLegacyVariable;
    if (value === undefined) continue;
    const argument = fromBlock !== undefined ? `endpoints.${service}` : fromLegacy !== undefined ? legacyArgument! : variable;
    if (service === 'sso') {
      checkValidUrl(value, argument);
      endpoints[service] = value;
    } else {
      const before = warnings.length;
      checkLegacyUrl(value, argument, warnings);
      endpoints[service] = warnings.length === before || value.includes('://') ? value : `https://${value}`;
    }
  }
  return endpoints;
}

/** An environment value, treating the empty string as unset (as Terraform does). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
