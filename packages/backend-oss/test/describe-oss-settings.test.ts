import type { DescribedSetting } from '@x/backend-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackendError } from '@x/backend-core';
import { describeOssSettings } from '../src/index.js';

const emptyHome = mkdtempSync(join(tmpdir(), 'describe-oss-home-'));

function byName(settings: DescribedSetting[]): Record<string, Omit<DescribedSetting, 'name'>> {
  return Object.fromEntries(settings.map(({ name, ...rest }) => [name, rest]));
}

describe('describeOssSettings', () => {
  it('names config, the first non-empty variable of Terraform\'s list, and defaults', () => {
    const env = { ALICLOUD_REGION: '', ALIBABA_CLOUD_REGION: 'cn-shanghai', ALICLOUD_OSS_ENDPOINT: 'oss.example.com' };
    const settings = byName(describeOssSettings({ bucket: 'state-bucket', key: 'app.tfstate' }, env, emptyHome));
    expect(settings.bucket).toEqual({ value: 'state-bucket', source: 'config', secret: false });
    expect(settings.key).toEqual({ value: 'app.tfstate', source: 'config', secret: false });
    expect(settings.region).toEqual({ value: 'cn-shanghai', source: 'env', envName: 'ALIBABA_CLOUD_REGION', secret: false });
    expect(settings.endpoint).toEqual({ value: 'https://oss.example.com', source: 'env', envName: 'ALICLOUD_OSS_ENDPOINT', secret: false });
    expect(settings.prefix).toEqual({ value: 'env:', source: 'default', secret: false });
    expect(settings.encrypt).toEqual({ value: false, source: 'default', secret: false });
  });

  it('hides credentials from config and environment', () => {
    const described = describeOssSettings(
      { bucket: 'state-bucket', region: 'cn-hangzhou', access_key: 'LTAICONFIG', security_token: 'TOKENVALUE' },
      { ALICLOUD_SECRET_KEY: 'SECRETVALUE' },
      emptyHome,
    );
    const text = JSON.stringify(described);
    for (const secret of ['LTAICONFIG', 'TOKENVALUE', 'SECRETVALUE']) expect(text).not.toContain(secret);
    const settings = byName(described);
    expect(settings.access_key).toEqual({ value: '(sensitive value)', source: 'config', secret: true });
    expect(settings.secret_key).toEqual({ value: '(sensitive value)', source: 'env', envName: 'ALICLOUD_SECRET_KEY', secret: true });
    expect(settings.security_token).toMatchObject({ source: 'config', secret: true });
  });

  it('says which settings came from the aliyun CLI profile', () => {
    const home = mkdtempSync(join(tmpdir(), 'describe-oss-profile-'));
    const file = join(home, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({ profiles: [{ name: 'dev', mode: 'AK', access_key_id: 'PROFILEID', access_key_secret: 'PROFILESECRET', region_id: 'cn-beijing' }] }),
    );
    const settings = byName(describeOssSettings({ bucket: 'state-bucket', profile: 'dev', shared_credentials_file: file }, {}, home));
    expect(settings.region).toEqual({ value: 'cn-beijing', source: 'profile', file, secret: false });
    expect(settings.secret_key).toEqual({ value: '(sensitive value)', source: 'profile', file, secret: true });
    expect(settings.profile).toEqual({ value: 'dev', source: 'config', secret: false });
  });

  it('throws what resolveOssConfig throws for an invalid configuration', () => {
    expect(() => describeOssSettings({ region: 'cn-hangzhou' }, {}, emptyHome)).toThrow(BackendError);
  });
});
