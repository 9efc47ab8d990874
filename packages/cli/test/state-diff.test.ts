import { readFileSync } from 'node:fs';
import { BackendError, parseJsonTree } from '@x/backend-core';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/diff/canonical-json.js';
import { diffStates, formatInstanceKey, formatStateDiff, isEmptyStateDiff } from '../src/diff/index.js';

// before/after.tfstate were written by terraform 1.11.4 applying one configuration twice (local
// backend): count 2 -> 3, for_each {blue, green} -> {blue, red}, a module for_each {eu} -> {eu, us}
// with eu's input changed, a sensitive input changed, and outputs added, removed and changed
// (db_password and api_key sensitive).
const before = fixture('fixtures/state-diff/before.tfstate');
const after = fixture('fixtures/state-diff/after.tfstate');
// Hand-made state with a data source, string for_each keys, a deposed object and a module. Its
// big numbers do not survive JSON.parse, so edits are compared against the file after the same
// round trip: only the edit differs.
const awsInstances = editState(fixture('../../backend-core/test/fixtures/state/aws-instances.tfstate'), () => {});

describe('diffStates on states terraform wrote', () => {
  const diff = diffStates(before, after);

  it('reports both sides', () => {
    expect(diff.before).toEqual({ lineage: '8bd2807f-5943-c28e-e2f5-eb0e808e968f', serial: 7, terraformVersion: '1.11.4' });
    expect(diff.after).toEqual({ lineage: '8bd2807f-5943-c28e-e2f5-eb0e808e968f', serial: 14, terraformVersion: '1.11.4' });
  });

  it('names added and removed instances as terraform prints their addresses', () => {
    expect(diff.resources.added.map((instance) => instance.address)).toEqual([
      'terraform_data.app["red"]',
      'terraform_data.web[2]',
      'module.network["us"].terraform_data.vpc',
    ]);
    expect(diff.resources.added[1]).toEqual({
      address: 'terraform_data.web[2]',
      resource: 'terraform_data.web',
      mode: 'managed',
      type: 'terraform_data',
      name: 'web',
      indexKey: 2,
    });
    expect(diff.resources.added[2]).toMatchObject({ module: 'module.network["us"]', resource: 'module.network["us"].terraform_data.vpc' });
    expect(diff.resources.removed).toEqual([
      { address: 'terraform_data.app["green"]', resource: 'terraform_data.app', mode: 'managed', type: 'terraform_data', name: 'app', indexKey: 'green' },
    ]);
  });

  it('lists the attributes of changed instances, marking the sensitive ones, without values', () => {
    expect(diff.resources.changed.map(({ address, attributes, sensitiveAttributes, fields }) => ({ address, attributes, sensitiveAttributes, fields }))).toEqual([
      { address: 'terraform_data.secret', attributes: ['input', 'output'], sensitiveAttributes: ['input'], fields: [] },
      { address: 'module.network["eu"].terraform_data.vpc', attributes: ['input', 'output'], sensitiveAttributes: [], fields: [] },
    ]);
  });

  it('diffs outputs, giving values only for outputs that are not sensitive', () => {
    expect(diff.outputs).toEqual({
      added: [
        { name: 'api_key', sensitive: true },
        { name: 'region', sensitive: false, value: 'eu-west-1' },
      ],
      removed: [{ name: 'removed_later', sensitive: false, value: 'bye' }],
      changed: [
        { name: 'db_password', sensitive: true, changes: ['value'] },
        { name: 'replicas', sensitive: false, changes: ['value'], before: 2, after: 3 },
      ],
    });
  });

  it('never carries a sensitive value, in the diff or its text', () => {
    const everything = JSON.stringify(diff) + formatStateDiff(diff);
    for (const secret of ['hunter2-before', 'hunter2-after', 'key-after-only']) expect(everything).not.toContain(secret);
  });

  it('formats one line per change and a count', () => {
    expect(formatStateDiff(diff)).toBe(
      [
        'Serial 7 -> 14, lineage 8bd2807f-5943-c28e-e2f5-eb0e808e968f, written by 1.11.4',
        '+ terraform_data.app["red"]',
        '+ terraform_data.web[2]',
        '+ module.network["us"].terraform_data.vpc',
        '- terraform_data.app["green"]',
        '~ terraform_data.secret (attributes: input, output; sensitive: input)',
        '~ module.network["eu"].terraform_data.vpc (attributes: input, output)',
        '+ output.api_key (sensitive)',
        '+ output.region = "eu-west-1"',
        '- output.removed_later = "bye"',
        '~ output.db_password (sensitive; changed: value)',
        '~ output.replicas: 2 -> 3',
        '',
        'Resources: 3 added, 1 removed, 2 changed. Outputs: 2 added, 1 removed, 2 changed.',
        '',
      ].join('\n'),
    );
  });

  it('reverses: what was added going forward is removed going back', () => {
    const backwards = diffStates(after, before);
    expect(backwards.resources.removed.map((instance) => instance.address)).toEqual(diff.resources.added.map((instance) => instance.address));
    expect(backwards.resources.added.map((instance) => instance.address)).toEqual(['terraform_data.app["green"]']);
    expect(backwards.outputs.changed.find((output) => output.name === 'replicas')).toMatchObject({ before: 3, after: 2 });
  });
});

describe('diffStates edge cases', () => {
  it('finds nothing between a state and itself, even re-serialised with another layout', () => {
    const compact = new TextEncoder().encode(JSON.stringify(JSON.parse(new TextDecoder().decode(after))));
    const diff = diffStates(after, compact);
    expect(isEmptyStateDiff(diff)).toBe(true);
    expect(formatStateDiff(diff)).toBe(
      'Serial 14 -> 14, lineage 8bd2807f-5943-c28e-e2f5-eb0e808e968f, written by 1.11.4\nNo resource or output changes.\n',
    );
  });

  it('tells a deposed object apart from the current one, and handles data sources and modules', () => {
    const edited = editState(awsInstances, (state) => {
      const web = resourceNamed(state, 'web');
      web.instances = web.instances.filter((instance) => instance.deposed === undefined);
      const current = web.instances.find((instance) => instance.index_key === '2')!;
      (current.attributes as Record<string, unknown>).tags = { Name: 'renamed' };
      current.schema_version = 2;
      const ami = resourceNamed(state, 'ubuntu');
      ami.provider = 'provider["registry.terraform.io/hashicorp/aws"].west';
      const vpc = resourceNamed(state, 'main');
      vpc.instances.push({ index_key: 1, schema_version: 1, attributes: { id: 'vpc-2' }, sensitive_attributes: [] });
    });
    const diff = diffStates(awsInstances, edited);
    expect(diff.resources.removed).toEqual([
      {
        address: 'aws_instance.web["2"]',
        resource: 'aws_instance.web',
        mode: 'managed',
        type: 'aws_instance',
        name: 'web',
        indexKey: '2',
        deposed: '00000001',
      },
    ]);
    expect(diff.resources.added.map((instance) => instance.address)).toEqual(['module.network["eu-west-1"].aws_vpc.main[1]']);
    expect(diff.resources.changed.map(({ address, attributes, fields }) => ({ address, attributes, fields }))).toEqual([
      { address: 'data.aws_ami.ubuntu', attributes: [], fields: ['provider'] },
      { address: 'aws_instance.web["2"]', attributes: ['tags'], fields: ['schema_version'] },
    ]);
    const text = formatStateDiff(diff);
    expect(text).toContain('- aws_instance.web["2"] (deposed object 00000001)\n');
    expect(text).toContain('~ data.aws_ami.ubuntu (fields: provider)\n');
    expect(text).toContain('~ aws_instance.web["2"] (attributes: tags; fields: schema_version)\n');
  });

  it('marks a changed attribute sensitive when either side says so', () => {
    const edited = editState(awsInstances, (state) => {
      const web = resourceNamed(state, 'web');
      const instance = web.instances.find((candidate) => candidate.index_key === '10')!;
      (instance.attributes as Record<string, unknown>).user_data = 'changed-user-data';
      instance.sensitive_attributes = [];
    });
    const [changed] = diffStates(awsInstances, edited).resources.changed;
    expect(changed).toMatchObject({ address: 'aws_instance.web["10"]', attributes: ['user_data'], sensitiveAttributes: ['user_data'], fields: ['sensitive_attributes'] });
    expect(JSON.stringify(changed)).not.toContain('changed-user-data');
  });

  it('hides both values of an output that becomes sensitive and reports the differing type', () => {
    const edited = editState(awsInstances, (state) => {
      const outputs = state.outputs as Record<string, { value: unknown; type: unknown; sensitive?: boolean }>;
      outputs.instance_ids = { ...outputs.instance_ids!, sensitive: true };
      outputs.db_password = { value: ['a'], type: ['list', 'string'], sensitive: true };
    });
    const diff = diffStates(awsInstances, edited);
    expect(diff.outputs.changed).toEqual([
      { name: 'instance_ids', sensitive: true, changes: ['sensitive'] },
      { name: 'db_password', sensitive: true, changes: ['value', 'type'] },
    ]);
    expect(formatStateDiff(diff)).toContain('~ output.instance_ids (sensitive; changed: sensitive)\n');
  });

  it('shows both lineages when they differ', () => {
    const other = editState(after, (state) => {
      state.lineage = '00000000-1111-2222-3333-444444444444';
      state.terraform_version = '1.12.0';
    });
    expect(formatStateDiff(diffStates(after, other)).split('\n')[0]).toBe(
      'Serial 14 -> 14, lineage 8bd2807f-5943-c28e-e2f5-eb0e808e968f -> 00000000-1111-2222-3333-444444444444 (different histories), written by 1.11.4 -> 1.12.0',
    );
  });

  it('refuses bytes that are not a state with INVALID_STATE', () => {
    let caught: unknown;
    try {
      diffStates(after, new TextEncoder().encode('{"version": 4, "serial": '));
    } catch (error) {
      caught = error;
    }
    expect(BackendError.hasCode(caught, 'INVALID_STATE')).toBe(true);
  });
});

describe('formatInstanceKey', () => {
  it.each([
    [0, '[0]'],
    [12, '[12]'],
    ['web', '["web"]'],
    ['a"b\\c', '["a\\"b\\\\c"]'],
    ['line\nbreak', '["line\\nbreak"]'],
    ['${var.x} and %{if}', '["$${var.x} and %%{if}"]'],
    ['$ alone %', '["$ alone %"]'],
    ['\u0001', '["\\u0001"]'],
    ['eu-west-1 ü', '["eu-west-1 ü"]'],
  ])('%j prints as %s', (key, expected) => {
    expect(formatInstanceKey(key)).toBe(expected);
  });
});

interface InstanceJson {
  index_key?: string | number;
  deposed?: string;
  schema_version?: number;
  attributes?: unknown;
  sensitive_attributes?: unknown;
}

interface ResourceJson {
  name: string;
  provider?: string;
  instances: InstanceJson[];
}

function fixture(path: string): Uint8Array {
  return readFileSync(new URL(path, import.meta.url));
}

function editState(bytes: Uint8Array, edit: (state: Record<string, unknown>) => void): Uint8Array {
  const state = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  edit(state);
  return new TextEncoder().encode(JSON.stringify(state, null, 2));
}

function resourceNamed(state: Record<string, unknown>, name: string): ResourceJson {
  const found = (state.resources as ResourceJson[]).find((resource) => resource.name === name);
  if (found === undefined) throw new Error(`no resource named ${name} in the fixture`);
  return found;
}

describe('canonicalJson', () => {
  it.each([
    ['1', '1.0'],
    ['10', '1e1'],
    ['0.5', '5E-1'],
    ['0', '-0'],
    ['"a/b"', '"a\\/b"'],
    ['{"a":1,"b":2}', '{"b":2,"a":1}'],
    ['{"a":2}', '{"a":1,"a":2}'],
  ])('%s equals %s', (left, right) => {
    expect(canonicalJson(parseJsonTree(left))).toBe(canonicalJson(parseJsonTree(right)));
  });

  it.each([
    ['9007199254740993', '9007199254740992'],
    ['1e400', '1e401'],
    ['[1,2]', '[2,1]'],
    ['"1"', '1'],
    ['null', 'false'],
  ])('%s differs from %s', (left, right) => {
    expect(canonicalJson(parseJsonTree(left))).not.toBe(canonicalJson(parseJsonTree(right)));
  });
});
