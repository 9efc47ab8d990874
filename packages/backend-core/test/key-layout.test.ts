import { describe, expect, it } from 'vitest';
import { cleanPath, joinPath, workspaceFromKey, workspaceStateKey, type KeyLayout } from '../src/workspace/key-layout.js';

// Expected values are Go's `path.Clean` and `path.Join` results as documented in the Go
// standard library (package examples and the behaviour its documentation describes).

describe('cleanPath (Go path.Clean)', () => {
  it.each([
    // The package documentation's examples.
    ['a/c', 'a/c'],
    ['a//c', 'a/c'],
    ['a/c/.', 'a/c'],
    ['a/c/b/..', 'a/c'],
    ['/../a/c', '/a/c'],
    ['/../a/b/../././/c', '/a/c'],
    ['', '.'],
    // Already clean.
    ['abc', 'abc'],
    ['abc/def', 'abc/def'],
    ['a/b/c', 'a/b/c'],
    ['.', '.'],
    ['..', '..'],
    ['../..', '../..'],
    ['../../abc', '../../abc'],
    ['/abc', '/abc'],
    ['/', '/'],
    // A trailing slash goes.
    ['abc/', 'abc'],
    ['abc/def/', 'abc/def'],
    ['a/b/c/', 'a/b/c'],
    ['./', '.'],
    ['../', '..'],
    ['../../', '../..'],
    ['/abc/', '/abc'],
    // Doubled slashes collapse.
    ['abc//def//ghi', 'abc/def/ghi'],
    ['//abc', '/abc'],
    ['///abc', '/abc'],
    ['//abc//', '/abc'],
    ['abc//', 'abc'],
    // `.` elements go.
    ['abc/./def', 'abc/def'],
    ['/./abc/def', '/abc/def'],
    ['abc/.', 'abc'],
    // `..` elements eat the element before them; at the root they are dropped.
    ['abc/def/ghi/../jkl', 'abc/def/jkl'],
    ['abc/def/../ghi/../jkl', 'abc/jkl'],
    ['abc/def/..', 'abc'],
    ['abc/def/../..', '.'],
    ['/abc/def/../..', '/'],
    ['abc/def/../../..', '..'],
    ['/abc/def/../../..', '/'],
    ['abc/def/../../../ghi/jkl/../../../mno', '../../mno'],
    // Combinations.
    ['abc/./../def', 'def'],
    ['abc//./../def', 'def'],
    ['abc/../../././../def', '../../def'],
    // Names that only look special stay.
    ['env:/dev/terraform.tfstate', 'env:/dev/terraform.tfstate'],
    ['a/.../b', 'a/.../b'],
    ['a/..b/c', 'a/..b/c'],
    ['a/.b/c', 'a/.b/c'],
  ])('cleanPath(%j) = %j', (input, expected) => {
    expect(cleanPath(input)).toBe(expected);
  });
});

describe('joinPath (Go path.Join)', () => {
  it.each([
    [['a', 'b', 'c'], 'a/b/c'],
    [['a', 'b/c'], 'a/b/c'],
    [['a/b', 'c'], 'a/b/c'],
    [['a/b', '/c'], 'a/b/c'],
    [['a/b', '../../../xyz'], '../xyz'],
    [['', ''], ''],
    [['a', ''], 'a'],
    [['', 'a'], 'a'],
    [[], ''],
    [['/', 'a'], '/a'],
    [['/', ''], '/'],
    [['', '/a'], '/a'],
    [['a/', '/b/'], 'a/b'],
    [['.', '.'], '.'],
    [['env:', 'dev', 'terraform.tfstate'], 'env:/dev/terraform.tfstate'],
  ])('joinPath(...%j) = %j', (elements, expected) => {
    expect(joinPath(...elements)).toBe(expected);
  });
});

describe('workspaceStateKey', () => {
  const standard: KeyLayout = { workspaceKeyPrefix: 'env:', key: 'terraform.tfstate' };

  it('uses the key verbatim for default, even when it is not clean', () => {
    expect(workspaceStateKey(standard, 'default')).toBe('terraform.tfstate');
    expect(workspaceStateKey({ workspaceKeyPrefix: 'env:', key: 'a/./b//c.tfstate' }, 'default')).toBe(
      'a/./b//c.tfstate',
    );
  });

  it('joins prefix, workspace and key for the others', () => {
    expect(workspaceStateKey(standard, 'dev')).toBe('env:/dev/terraform.tfstate');
    expect(workspaceStateKey({ workspaceKeyPrefix: 'env:', key: 'app/terraform.tfstate' }, 'dev')).toBe(
      'env:/dev/app/terraform.tfstate',
    );
    expect(workspaceStateKey(standard, 'a=b@c:d$e&f+g~h.i_j-k')).toBe('env:/a=b@c:d$e&f+g~h.i_j-k/terraform.tfstate');
  });

  it('drops an empty prefix', () => {
    expect(workspaceStateKey({ workspaceKeyPrefix: '', key: 'terraform.tfstate' }, 'dev')).toBe('dev/terraform.tfstate');
    expect(workspaceStateKey({ workspaceKeyPrefix: '', key: 'terraform.tfstate' }, 'default')).toBe('terraform.tfstate');
  });

  it('keeps a multi-segment prefix', () => {
    const layout: KeyLayout = { workspaceKeyPrefix: 'project/env:', key: 'network/terraform.tfstate' };
    expect(workspaceStateKey(layout, 'prod')).toBe('project/env:/prod/network/terraform.tfstate');
  });

  it('cleans the joined key as Go does, which is why `.` and `..` are not workspace names', () => {
    expect(workspaceStateKey(standard, '..')).toBe('terraform.tfstate');
    expect(workspaceStateKey(standard, '.')).toBe('env:/terraform.tfstate');
    expect(workspaceStateKey({ workspaceKeyPrefix: 'env:', key: 'a//b.tfstate' }, 'dev')).toBe('env:/dev/a/b.tfstate');
  });
});

describe('workspaceFromKey', () => {
  const standard: KeyLayout = { workspaceKeyPrefix: 'env:', key: 'terraform.tfstate' };

  it('finds the workspace of its own state objects', () => {
    expect(workspaceFromKey(standard, 'env:/dev/terraform.tfstate')).toBe('dev');
    expect(workspaceFromKey(standard, 'env:/s2/terraform.tfstate')).toBe('s2');
    expect(workspaceFromKey(standard, 'env:/a=b@c/terraform.tfstate')).toBe('a=b@c');
  });

  it('skips lock files and digest-looking neighbours', () => {
    expect(workspaceFromKey(standard, 'env:/dev/terraform.tfstate.tflock')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env:/dev/terraform.tfstate-md5')).toBeUndefined();
    expect(workspaceFromKey(standard, 'terraform.tfstate.tflock')).toBeUndefined();
  });

  it("skips other projects' states under the same prefix", () => {
    expect(workspaceFromKey(standard, 'env:/dev/other/terraform.tfstate')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env:/dev/other.tfstate')).toBeUndefined();
    expect(workspaceFromKey({ workspaceKeyPrefix: 'env:', key: 'app/terraform.tfstate' }, 'env:/dev/terraform.tfstate')).toBe(
      undefined,
    );
  });

  it("skips the stray objects Terraform's own tests plant", () => {
    expect(workspaceFromKey(standard, 'env:/error')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env:/s2/')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env:/s2/notTestState')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env:/')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env://terraform.tfstate')).toBeUndefined();
  });

  it('skips keys outside the prefix and lookalike prefixes', () => {
    expect(workspaceFromKey(standard, 'terraform.tfstate')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env/dev/terraform.tfstate')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env:x/dev/terraform.tfstate')).toBeUndefined();
    expect(workspaceFromKey(standard, 'xenv:/dev/terraform.tfstate')).toBeUndefined();
    expect(workspaceFromKey(standard, 'ENV:/dev/terraform.tfstate')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env:/dev/terraform.tfstatex')).toBeUndefined();
    expect(workspaceFromKey(standard, 'env:/dev/Terraform.tfstate')).toBeUndefined();
  });

  it('works with a multi-segment prefix', () => {
    const layout: KeyLayout = { workspaceKeyPrefix: 'project/env:', key: 'terraform.tfstate' };
    expect(workspaceFromKey(layout, 'project/env:/prod/terraform.tfstate')).toBe('prod');
    expect(workspaceFromKey(layout, 'env:/prod/terraform.tfstate')).toBeUndefined();
    expect(workspaceFromKey(layout, 'project/env:/prod/x/terraform.tfstate')).toBeUndefined();
  });

  it('with an empty prefix, splits the whole key at its first slash', () => {
    const layout: KeyLayout = { workspaceKeyPrefix: '', key: 'terraform.tfstate' };
    expect(workspaceFromKey(layout, 'dev/terraform.tfstate')).toBe('dev');
    expect(workspaceFromKey(layout, 'terraform.tfstate')).toBeUndefined();
    expect(workspaceFromKey(layout, '/terraform.tfstate')).toBeUndefined();
    expect(workspaceFromKey(layout, 'dev/terraform.tfstate.tflock')).toBeUndefined();
    expect(workspaceFromKey(layout, 'a/b/terraform.tfstate')).toBeUndefined();
  });

  it('inverts workspaceStateKey for every valid name', () => {
    const layouts: KeyLayout[] = [
      standard,
      { workspaceKeyPrefix: '', key: 'terraform.tfstate' },
      { workspaceKeyPrefix: 'project/env:', key: 'app/terraform.tfstate' },
    ];
    for (const layout of layouts) {
      for (const workspace of ['dev', 'prod-eu', 'a.b', '~x', 'a=b@c:d$e&f+g']) {
        expect(workspaceFromKey(layout, workspaceStateKey(layout, workspace))).toBe(workspace);
      }
    }
  });
});
