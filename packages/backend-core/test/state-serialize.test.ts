import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../src/errors/backend-error.js';
import { DEFAULT_TOOL_VERSION } from '../src/lock/lock-info.js';
import {
  createEmptyState,
  listResources,
  parseState,
  serializeState,
  statesEqualIgnoringMeta,
  type TerraformState,
} from '../src/state/index.js';

const fixture = (name: string) => readFile(new URL(`./fixtures/state/${name}`, import.meta.url));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('serializeState: byte-exact round trips of checked-in files', () => {
  it('reproduces a Terraform-layout state with resources, big numbers and integer-like keys', async () => {
    const bytes = await fixture('aws-instances.tfstate');
    const written = serializeState(parseState(bytes), { layout: 'terraform' });
    expect(text(written)).toBe(bytes.toString('utf8'));
    expect(Buffer.from(written).equals(bytes)).toBe(true);
  });

  it('reproduces an OpenTofu compact state with TOFU-only and unknown members', async () => {
    const bytes = await fixture('opentofu-compact.tfstate');
    const written = serializeState(parseState(bytes), { layout: 'opentofu' });
    expect(text(written)).toBe(bytes.toString('utf8'));
  });

  it('converts between layouts without changing content', async () => {
    const pretty = await fixture('aws-instances.tfstate');
    const compact = serializeState(parseState(pretty), { layout: 'opentofu' });
    expect(text(compact)).not.toContain('\n  ');
    expect(text(compact)).toContain('"huge_counter":12345678901234567890,"tiny":1e-400,"beyond_float":1e400,"price":0.10');
    expect(text(compact)).toContain('"tags":{"10":"ten","2":"two",');
    expect(text(serializeState(parseState(compact), { layout: 'terraform' }))).toBe(pretty.toString('utf8'));
  });

  it('defaults to the Terraform layout', async () => {
    const bytes = await fixture('aws-instances.tfstate');
    expect(text(serializeState(parseState(bytes)))).toBe(bytes.toString('utf8'));
  });

  it('normalises whitespace and HTML characters the way Go re-encodes raw JSON', () => {
    const input =
      '{ "version" : 4 , "serial":2, "terraform_version":"1.0.0","lineage":"l",\n' +
      '"resources":[ {"mode":"managed","type":"t","name":"n","instances":[{"attributes":{"s":"a<b>&c","k":"\\u00e9"}}]} ] }';
    expect(text(serializeState(parseState(input), { layout: 'opentofu' }))).toBe(
      '{"version":4,"terraform_version":"1.0.0","serial":2,"lineage":"l","outputs":{},' +
        '"resources":[{"mode":"managed","type":"t","name":"n","instances":[{"attributes":{"s":"a\\u003cb\\u003e\\u0026c","k":"\\u00e9"}}]}],' +
        '"check_results":null}\n',
    );
  });
});

describe('serializeState: layout and metadata', () => {
  it('writes an empty state exactly as Terraform does', () => {
    const state = createEmptyState({ lineage: '00000000-1111-2222-3333-444444444444', serial: 3, terraformVersion: '1.11.4' });
    expect(text(serializeState(state))).toBe(
      '{\n  "version": 4,\n  "terraform_version": "1.11.4",\n  "serial": 3,\n' +
        '  "lineage": "00000000-1111-2222-3333-444444444444",\n  "outputs": {},\n  "resources": [],\n  "check_results": null\n}\n',
    );
    expect(text(serializeState(state, { layout: 'opentofu' }))).toBe(
      '{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"00000000-1111-2222-3333-444444444444","outputs":{},"resources":[],"check_results":null}\n',
    );
  });

  it('writes metadata changes and Go-escapes strings', () => {
    const state = createEmptyState({ lineage: 'a<b>&\u2028' });
    state.serial = 9;
    state.terraformVersion = '1.12.0';
    const written = JSON.parse(text(serializeState(state))) as Record<string, unknown>;
    expect(written).toMatchObject({ serial: 9, terraform_version: '1.12.0' });
    expect(text(serializeState(state))).toContain('"lineage": "a\\u003cb\\u003e\\u0026\\u2028"');
  });

  it('keeps raw output text while the value is unchanged and re-encodes a changed value', () => {
    const state = parseState(
      '{"version":4,"terraform_version":"1.0.0","outputs":{"n":{"value":12345678901234567890,"type":"number"},"m":{"value":{"b":1,"a":2},"type":["object",{"b":"number","a":"number"}]}}}',
    );
    expect(text(serializeState(state, { layout: 'opentofu' }))).toContain(
      '"outputs":{"n":{"value":12345678901234567890,"type":"number"},"m":{"value":{"b":1,"a":2},',
    );
    state.outputs.n!.value = 7;
    state.outputs.m!.value = { z: '<', a: 1 };
    expect(text(serializeState(state, { layout: 'opentofu' }))).toContain(
      '"outputs":{"n":{"value":7,"type":"number"},"m":{"value":{"a":1,"z":"\\u003c"},',
    );
  });

  it('writes outputs built without raw text, sensitive only when true', () => {
    const state = createEmptyState({ lineage: 'l', terraformVersion: '1.0.0' });
    state.outputs.plain = { value: ['x'], type: ['list', 'string'], sensitive: false, rawValue: '' };
    state.outputs.secret = { value: 's', type: 'string', sensitive: true, rawValue: '"s"' };
    expect(text(serializeState(state, { layout: 'opentofu' }))).toContain(
      '"outputs":{"plain":{"value":["x"],"type":["list","string"]},"secret":{"value":"s","type":"string","sensitive":true}}',
    );
  });

  it('keeps unknown output members after the known ones', async () => {
    const state = parseState(await fixture('opentofu-compact.tfstate'));
    state.outputs.endpoint!.sensitive = true;
    expect(text(serializeState(state, { layout: 'opentofu' }))).toContain(
      '"type":"string","sensitive":true,"deprecated":"use endpoint_v2"}',
    );
  });

  const badStates: Array<[string, (state: TerraformState) => void, RegExp]> = [
    ['a negative serial', (state) => (state.serial = -1), /serial must be a safe integer >= 0, got -1/],
    ['a fractional serial', (state) => (state.serial = 1.5), /serial must be a safe integer >= 0, got 1.5/],
    ['an unsafe serial', (state) => (state.serial = 2 ** 60), /serial must be a safe integer/],
    ['an empty terraform version', (state) => (state.terraformVersion = ''), /terraformVersion must be a non-empty string/],
    ['a non-string lineage', (state) => ((state as { lineage: unknown }).lineage = 5), /lineage must be a string/],
    ['another version', (state) => ((state as { version: unknown }).version = 3), /version must be 4, got 3/],
    [
      'an output value JSON cannot hold',
      (state) => (state.outputs.bad = { value: Number.POSITIVE_INFINITY, type: 'number', sensitive: false, rawValue: '' }),
      /outputs\.bad\.value is Infinity/,
    ],
  ];
  for (const [name, damage, message] of badStates) {
    it(`refuses ${name} with INVALID_ARGUMENT`, () => {
      const state = createEmptyState();
      damage(state);
      let caught: unknown;
      try {
        serializeState(state);
      } catch (error) {
        caught = error;
      }
      expect(BackendError.hasCode(caught, 'INVALID_ARGUMENT')).toBe(true);
      expect((caught as Error).message).toMatch(message);
    });
  }
});

describe('createEmptyState', () => {
  it('generates a Terraform-style lineage, serial 0 and the default tool version', () => {
    const state = createEmptyState();
    expect(state.lineage).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(createEmptyState().lineage).not.toBe(state.lineage);
    expect(state.serial).toBe(0);
    expect(state.terraformVersion).toBe(DEFAULT_TOOL_VERSION);
    expect(listResources(state)).toEqual([]);
  });

  it('refuses an invalid serial', () => {
    expect(() => createEmptyState({ serial: -2 })).toThrow(/serial must be a safe integer >= 0/);
  });
});

describe('statesEqualIgnoringMeta', () => {
  it('ignores serial, lineage, terraform version and formatting', async () => {
    const bytes = await fixture('aws-instances.tfstate');
    const left = parseState(bytes);
    const right = parseState(serializeState(left, { layout: 'opentofu' }));
    right.serial = 99;
    right.lineage = 'other';
    right.terraformVersion = '0.15.0';
    expect(statesEqualIgnoringMeta(left, right)).toBe(true);
  });

  it('sees changed outputs, resources, check results and unknown members', async () => {
    const bytes = await fixture('opentofu-compact.tfstate');
    const base = parseState(bytes);
    const changedOutput = parseState(bytes);
    changedOutput.outputs.endpoint!.value = 'https://other.test/';
    const changedResource = parseState(text(bytes).replace('"max":65535', '"max":65534'));
    const changedNumberText = parseState(text(bytes).replace('"max":65535', '"max":65535.0'));
    const changedChecks = parseState(text(bytes).replace('"check_results":null', '"check_results":[]'));
    const changedExtra = parseState(text(bytes).replace('"20":1', '"20":2'));
    for (const other of [changedOutput, changedResource, changedNumberText, changedChecks, changedExtra]) {
      expect(statesEqualIgnoringMeta(base, other)).toBe(false);
    }
  });
});

describe('listResources', () => {
  it('lists resource blocks with addresses, modes and instance counts', async () => {
    const state = parseState(await fixture('aws-instances.tfstate'));
    expect(listResources(state)).toEqual([
      { address: 'data.aws_ami.ubuntu', mode: 'data', type: 'aws_ami', name: 'ubuntu', instanceCount: 1 },
      { address: 'aws_instance.web', mode: 'managed', type: 'aws_instance', name: 'web', instanceCount: 3 },
      {
        address: 'module.network["eu-west-1"].aws_vpc.main',
        module: 'module.network["eu-west-1"]',
        mode: 'managed',
        type: 'aws_vpc',
        name: 'main',
        instanceCount: 1,
      },
    ]);
  });

  it('counts a resource without instances as zero', () => {
    const state = parseState(
      '{"version":4,"terraform_version":"1.0.0","resources":[{"mode":"managed","type":"t","name":"n"}]}',
    );
    expect(listResources(state)).toEqual([{ address: 't.n', mode: 'managed', type: 't', name: 'n', instanceCount: 0 }]);
  });
});
