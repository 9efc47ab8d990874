import type { DescribedSetting } from '@x/backend-core';
import { BackendError } from '@x/backend-core/errors';
import { describe, expect, it } from 'vitest';
import { describeS3Settings } from '../src/index.js';

const base = { bucket: 'state', key: 'app/terraform.tfstate' };
const customerKey = Buffer.alloc(32, 7).toString('base64');

function byName(settings: DescribedSetting[]): Record<string, Omit<DescribedSetting, 'name'>> {
  return Object.fromEntries(settings.map(({ name, ...rest }) => [name, rest]));
}

describe('describeS3Settings', () => {
  it('names the source of each effective setting: config, the variable that supplied it, or the default', () => {
    const settings = byName(
      describeS3Settings(
        { ...base, use_lockfile: 'true', endpoints: { s3: 'http://127.0.0.1:9000' } },
        { AWS_REGION: 'eu-west-1', AWS_PROFILE: 'ops', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9001', AWS_RETRY_MODE: 'adaptive', UNRELATED: 'x' },
      ),
    );
    expect(settings.bucket).toEqual({ value: 'state', source: 'config', secret: false });
    expect(settings.use_lockfile).toEqual({ value: true, source: 'config', secret: false });
    expect(settings['endpoints.s3']).toEqual({ value: 'http://127.0.0.1:9000', source: 'config', secret: false });
    expect(settings.region).toEqual({ value: 'eu-west-1', source: 'env', envName: 'AWS_REGION', secret: false });
    expect(settings.profile).toEqual({ value: 'ops', source: 'env', envName: 'AWS_PROFILE', secret: false });
    expect(settings['endpoints.sts']).toEqual({ value: 'http://127.0.0.1:9001', source: 'env', envName: 'AWS_ENDPOINT_URL_STS', secret: false });
    expect(settings.retry_mode).toEqual({ value: 'adaptive', source: 'env', envName: 'AWS_RETRY_MODE', secret: false });
    expect(settings.workspace_key_prefix).toEqual({ value: 'env:', source: 'default', secret: false });
    expect(settings.max_retries).toEqual({ value: 5, source: 'default', secret: false });
  });

  it('finds the variable even when two variables with one value hide each other', () => {
    const settings = byName(describeS3Settings(base, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-west-2' }));
    expect(settings.region).toMatchObject({ value: 'us-west-2', source: 'env' });
    expect(['AWS_REGION', 'AWS_DEFAULT_REGION']).toContain(settings.region!.envName);
  });

  it('hides credentials and the SSE-C key, and strips proxy passwords', () => {
    const described = describeS3Settings(
      {
        ...base,
        region: 'us-east-1',
        access_key: 'AKIAEXAMPLE',
        secret_key: 'SECRETVALUE',
        token: 'SESSIONTOKEN',
        sse_customer_key: customerKey,
        http_proxy: 'http://user:proxypass@proxy:3128',
        https_proxy: 'http://proxy:3128',
      },
      {},
    );
    const text = JSON.stringify(described);
    for (const secret of ['AKIAEXAMPLE', 'SECRETVALUE', 'SESSIONTOKEN', customerKey, 'proxypass']) expect(text).not.toContain(secret);
    const settings = byName(described);
    for (const name of ['access_key', 'secret_key', 'token', 'sse_customer_key']) {
      expect(settings[name]).toEqual({ value: '(sensitive value)', source: 'config', secret: true });
    }
    expect(settings.http_proxy).toEqual({ value: 'http://proxy:3128/', source: 'config', secret: false });
  });

  it('reports the credentials the AWS SDK reads from the environment itself, hidden', () => {
    const env = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'ENVSECRET' };
    const settings = byName(describeS3Settings(base, env));
    expect(settings.access_key).toEqual({ value: '(sensitive value)', source: 'env', envName: 'AWS_ACCESS_KEY_ID', secret: true });
    expect(settings.secret_key).toEqual({ value: '(sensitive value)', source: 'env', envName: 'AWS_SECRET_ACCESS_KEY', secret: true });
    expect(settings.token).toBeUndefined();
    // Static keys in the configuration win: the SDK never looks at the variables then.
    const configured = byName(describeS3Settings({ ...base, access_key: 'a', secret_key: 'b' }, env));
    expect(configured.secret_key).toMatchObject({ source: 'config' });
  });

  it('throws the same error as resolveS3Settings for an invalid configuration', () => {
    expect(() => describeS3Settings({ key: 'k', region: 'us-east-1' }, {})).toThrow(BackendError);
    expect(() => describeS3Settings({ key: 'k', region: 'us-east-1' }, {})).toThrow(/"bucket" is required/);
  });
});
