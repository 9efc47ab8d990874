import { describe, expect, it } from 'vitest';
import { digestRowKey, lockRowKey, lockfilePath, normalisePrefix, stateObjectPath, workspaceOfObject, type OssLayout } from '../src/index.js';

const layout: OssLayout = { bucket: 'mybucket', statePrefix: 'env:', key: 'terraform.tfstate' };

describe('oss key layout (Terraform backend_state.go)', () => {
  it.each([
    ['env:', 'env:'],
    ['env:/', 'env:'],
    ['project/env:///', 'project/env:'],
    ['', ''],
  ])('normalises prefix %j to %j', (prefix, expected) => {
    expect(normalisePrefix(prefix)).toBe(expected);
  });

  it.each([
    [layout, 'default', 'env:/terraform.tfstate'],
    [layout, 'dev', 'env:/dev/terraform.tfstate'],
    [{ ...layout, statePrefix: '' }, 'default', 'terraform.tfstate'],
    [{ ...layout, statePrefix: '' }, 'dev', 'dev/terraform.tfstate'],
    [{ ...layout, statePrefix: 'team/env:', key: 'app/state.json' }, 'prod', 'team/env:/prod/app/state.json'],
    [{ ...layout, key: 'a//b' }, 'default', 'env:/a/b'],
  ])('puts the state of %o / %s at %s', (given, workspace, expected) => {
    expect(stateObjectPath(given, workspace)).toBe(expected);
  });

  it('keys lock and digest rows by <bucket>/<state path>, and the lockfile beside the state', () => {
    expect(lockRowKey(layout, 'dev')).toBe('mybucket/env:/dev/terraform.tfstate');
    expect(digestRowKey(layout, 'dev')).toBe('mybucket/env:/dev/terraform.tfstate-md5');
    expect(lockfilePath(layout, 'default')).toBe('env:/terraform.tfstate.tflock');
  });

  it.each([
    ['env:/dev/terraform.tfstate', 'dev'],
    ['env:/terraform.tfstate', undefined],
    ['env:/dev/terraform.tfstate.tflock', undefined],
    ['env:/dev/other.tfstate', undefined],
    ['env:/other.tfstate', undefined],
    ['env:/dev/nested/terraform.tfstate', undefined],
    ['env:/default/terraform.tfstate', undefined],
    ['env:x/dev/terraform.tfstate', undefined],
    ['other/env:/dev/terraform.tfstate', undefined],
  ])('lists object %s as workspace %s', (key, workspace) => {
    expect(workspaceOfObject(layout, key)).toBe(workspace);
  });

  it('finds workspaces with an empty prefix, where Terraform lists nothing but default', () => {
    const bare = { ...layout, statePrefix: '' };
    expect(workspaceOfObject(bare, 'dev/terraform.tfstate')).toBe('dev');
    expect(workspaceOfObject(bare, 'terraform.tfstate')).toBeUndefined();
  });

  it('matches a key with slashes exactly', () => {
    const nested = { ...layout, key: 'app/terraform.tfstate' };
    expect(workspaceOfObject(nested, 'env:/dev/app/terraform.tfstate')).toBe('dev');
    expect(workspaceOfObject(nested, 'env:/dev/terraform.tfstate')).toBeUndefined();
  });
});
