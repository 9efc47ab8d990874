import { describe, expect, it } from 'vitest';
import { S3Layout } from '../src/s3-layout.js';

describe('key layout (spec §1.2, Terraform TestKeyEnv)', () => {
  it('default is the key verbatim; others path.Join(prefix, workspace, key); lock and digest beside', () => {
    const layout = new S3Layout({ bucket: 'b', key: 'app/terraform.tfstate', workspaceKeyPrefix: 'env:' });
    expect(layout.locate('default')).toEqual({
      workspace: 'default',
      stateKey: 'app/terraform.tfstate',
      lockKey: 'app/terraform.tfstate.tflock',
      lockPath: 'b/app/terraform.tfstate',
      digestId: 'b/app/terraform.tfstate-md5',
    });
    expect(layout.locate('dev').stateKey).toBe('env:/dev/app/terraform.tfstate');
    expect(layout.locate('dev').lockKey).toBe('env:/dev/app/terraform.tfstate.tflock');
    expect(layout.locate('dev').lockPath).toBe('b/env:/dev/app/terraform.tfstate');
    expect(layout.listPrefix).toBe('env:/');
  });

  it('an empty prefix gives <ws>/<key> and lists the whole bucket; a nested prefix keeps its segments', () => {
    const flat = new S3Layout({ bucket: 'b', key: 'terraform.tfstate', workspaceKeyPrefix: '' });
    expect(flat.locate('dev').stateKey).toBe('dev/terraform.tfstate');
    expect(flat.listPrefix).toBe('');
    const nested = new S3Layout({ bucket: 'b', key: 'terraform.tfstate', workspaceKeyPrefix: 'project/env:' });
    expect(nested.locate('dev').stateKey).toBe('project/env:/dev/terraform.tfstate');
  });

  it('listing keeps <prefix>/<ws>/<key> only (s3b TestBackendExtraPaths)', () => {
    const layout = new S3Layout({ bucket: 'b', key: 'terraform.tfstate', workspaceKeyPrefix: 'env:' });
    expect(layout.workspaceOf('env:/s1/terraform.tfstate')).toBe('s1');
    expect(layout.workspaceOf('env:/s1/terraform.tfstate.tflock')).toBeUndefined();
    expect(layout.workspaceOf('env:/error')).toBeUndefined();
    expect(layout.workspaceOf('env:/s2/notTestState')).toBeUndefined();
    expect(layout.workspaceOf('env:/s2/')).toBeUndefined();
    expect(layout.workspaceOf('env-other/s3/terraform.tfstate')).toBeUndefined();
    expect(layout.workspaceOf('env:/a b/terraform.tfstate')).toBe('a b');
  });
});
