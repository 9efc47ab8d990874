import { describe, expect, it } from 'vitest';
import { BackendError } from '../src/errors/backend-error.js';
import { isEncryptedState, parseState } from '../src/state/index.js';

function failure(input: string | Uint8Array): BackendError {
  try {
    parseState(input);
  } catch (error) {
    if (BackendError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected parseState to reject');
}

const minimal = (fields: Record<string, unknown>) =>
  JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'abc', ...fields });

const envelope =
  '{"serial":3,"lineage":"a1b2","meta":{"key_provider.pbkdf2.main":"eyJzYWx0IjoiIn0="},"encrypted_data":"AAAA","encryption_version":"v0"}';

describe('parseState: valid states', () => {
  it('reads metadata and defaults missing optional members', () => {
    const state = parseState('{"version":4,"terraform_version":"1.5.7"}');
    expect(state).toMatchObject({ version: 4, terraformVersion: '1.5.7', serial: 0, lineage: '', outputs: {} });
    expect(state.resources).toEqual({ kind: 'array', items: [] });
    expect(state.checkResults).toEqual({ kind: 'literal', raw: 'null' });
    expect(state.extraFields).toEqual([]);
  });

  it('treats null members like Go does (zero values)', () => {
    const state = parseState(minimal({ serial: null, lineage: null, outputs: null, resources: null }));
    expect(state.serial).toBe(0);
    expect(state.lineage).toBe('');
    expect(state.outputs).toEqual({});
  });

  it('reads bytes as UTF-8', () => {
    const state = parseState(new TextEncoder().encode(minimal({ lineage: 'ünïcode' })));
    expect(state.lineage).toBe('ünïcode');
  });

  it('reads outputs with decoded and raw values, in file order', () => {
    const state = parseState(
      '{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"l","outputs":{' +
        '"z":{"value":12345678901234567890,"type":"number"},' +
        '"a":{"value":{"10":1,"2":2},"type":["map","number"],"sensitive":true},' +
        '"n":{"value":"x","type":"string","sensitive":false,"deprecated":"old"}}}',
    );
    expect(Object.keys(state.outputs)).toEqual(['z', 'a', 'n']);
    expect(state.outputs.z).toMatchObject({ value: 12345678901234567890, rawValue: '12345678901234567890', sensitive: false });
    expect(state.outputs.a).toMatchObject({ value: { '10': 1, '2': 2 }, rawValue: '{"10":1,"2":2}', type: ['map', 'number'] });
    expect(state.outputs.a?.sensitive).toBe(true);
    expect(state.outputs.n?.sensitive).toBe(false);
    expect(state.outputs.n?.extraFields?.map((member) => member.key)).toEqual(['deprecated']);
  });

  it('stores an output named __proto__ as an ordinary entry', () => {
    const state = parseState(minimal({ outputs: JSON.parse('{"__proto__":{"value":1,"type":"number"}}') as object }));
    expect(Object.keys(state.outputs)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(state.outputs)).toBe(Object.prototype);
  });

  it('keeps unknown top-level members in order', () => {
    const state = parseState('{"version":4,"x_first":1,"terraform_version":"1.0.0","x_second":{"2":0,"10":1}}');
    expect(state.extraFields.map((member) => member.key)).toEqual(['x_first', 'x_second']);
  });

  it('accepts the largest safe serial', () => {
    expect(parseState(minimal({ serial: Number.MAX_SAFE_INTEGER })).serial).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('parseState: invalid JSON and shapes (INVALID_STATE)', () => {
  it('reports bad JSON with line and column', () => {
    const error = failure('{\n  "version": 4,\n  "serial": 1,,\n}');
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toBe(
      'the state file is not valid JSON: it has unexpected "," where an object key (a string) should be (line 3, column 15)',
    );
  });

  it('refuses a top level that is not an object', () => {
    expect(failure('[1,2]').message).toBe('the state file must be a JSON object, found an array');
    expect(failure('"text"').message).toBe('the state file must be a JSON object, found a string');
  });

  const wrongTypes: Array<[string, Record<string, unknown>, string]> = [
    ['terraform_version', { terraform_version: 1 }, 'the state field "terraform_version" must be a string, found a number'],
    ['serial', { serial: '1' }, 'the state field "serial" must be a number, found a string'],
    ['lineage', { lineage: 5 }, 'the state field "lineage" must be a string, found a number'],
    ['outputs', { outputs: [] }, 'the state field "outputs" must be an object, found an array'],
    ['an output', { outputs: { o: 'x' } }, 'the state field "outputs.o" must be an object, found a string'],
    [
      'output sensitive',
      { outputs: { o: { value: 1, type: 'number', sensitive: 'yes' } } },
      'the state field "outputs.o.sensitive" must be a boolean, found a string',
    ],
    ['resources', { resources: {} }, 'the state field "resources" must be an array, found an object'],
    ['a resource', { resources: [null] }, 'the state field "resources[0]" must be an object, found null'],
    [
      'resource type',
      { resources: [{ mode: 'managed', type: 7, name: 'n', instances: [] }] },
      'the state field "resources[0].type" must be a string, found a number',
    ],
    [
      'resource module',
      { resources: [{ module: true, mode: 'managed', type: 't', name: 'n', instances: [] }] },
      'the state field "resources[0].module" must be a string, found a boolean',
    ],
    [
      'resource instances',
      { resources: [{ mode: 'data', type: 't', name: 'n', instances: {} }] },
      'the state field "resources[0].instances" must be an array, found an object',
    ],
    [
      'an instance',
      { resources: [{ mode: 'data', type: 't', name: 'n', instances: [[]] }] },
      'the state field "resources[0].instances[0]" must be an object, found an array',
    ],
    ['check_results', { check_results: {} }, 'the state field "check_results" must be an array or null, found an object'],
  ];
  for (const [name, fields, message] of wrongTypes) {
    it(`names the field when ${name} has the wrong type`, () => {
      const error = failure(minimal(fields));
      expect(error.code).toBe('INVALID_STATE');
      expect(error.message).toBe(message);
      expect(error.hint).toMatch(/Restore an earlier version/);
    });
  }

  const missingOrBad: Array<[string, string, string]> = [
    ['terraform_version missing', '{"version":4}', 'the state field "terraform_version" is missing'],
    ['terraform_version empty', '{"version":4,"terraform_version":""}', 'the state field "terraform_version" is empty'],
    ['fractional serial', minimal({}).replace('"serial":1', '"serial":1.5'), 'must be a whole number >= 0, found 1.5'],
    ['negative serial', minimal({ serial: -1 }), 'must be a whole number >= 0, found -1'],
    ['huge serial', minimal({}).replace('"serial":1', '"serial":18446744073709551615'), 'larger than 9007199254740991'],
    ['fractional version', '{"version":4.0,"terraform_version":"1.0.0"}', 'the state field "version" must be a whole number, found 4.0'],
    ['output without value', minimal({ outputs: { o: { type: 'string' } } }), 'the state field "outputs.o.value" is missing'],
    ['output without type', minimal({ outputs: { o: { value: 'x' } } }), 'the state field "outputs.o.type" is missing'],
    ['resource without mode', minimal({ resources: [{ type: 't', name: 'n' }] }), 'the state field "resources[0].mode" is missing'],
    [
      'resource with an unknown mode',
      minimal({ resources: [{ mode: 'ephemeral', type: 't', name: 'n' }] }),
      'the state field "resources[0].mode" must be "managed" or "data", found "ephemeral"',
    ],
    ['resource without name', minimal({ resources: [{ mode: 'managed', type: 't' }] }), 'the state field "resources[0].name" is missing'],
  ];
  for (const [name, text, message] of missingOrBad) {
    it(`rejects ${name}`, () => {
      const error = failure(text);
      expect(error.code).toBe('INVALID_STATE');
      expect(error.message).toContain(message);
    });
  }

  it('rejects a version of the wrong type as INVALID_STATE', () => {
    const error = failure('{"version":"4","terraform_version":"1.0.0"}');
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toBe('the state field "version" must be a number, found a string');
  });
});

describe('parseState: versions (UNSUPPORTED_STATE_VERSION)', () => {
  it('rejects a missing or null version', () => {
    for (const text of ['{"terraform_version":"1.0.0","serial":1}', '{"version":null}']) {
      const error = failure(text);
      expect(error.code).toBe('UNSUPPORTED_STATE_VERSION');
      expect(error.message).toBe('the state file has no "version" field');
    }
  });

  for (const version of [1, 2, 3]) {
    it(`rejects version ${version} with an upgrade hint`, () => {
      const error = failure(`{"version":${version},"serial":1}`);
      expect(error.code).toBe('UNSUPPORTED_STATE_VERSION');
      expect(error.message).toBe(`the state file uses format version ${version}; only version 4 is supported`);
      expect(error.hint).toContain('terraform state pull');
    });
  }

  it('rejects version 0 as damaged', () => {
    const error = failure('{"version":0}');
    expect(error.code).toBe('UNSUPPORTED_STATE_VERSION');
    expect(error.hint).toMatch(/not a valid state format/);
  });

  it('rejects versions above 4 as written by a newer tool', () => {
    for (const version of ['5', '99999999999999999999']) {
      const error = failure(`{"version":${version},"terraform_version":"9.0.0"}`);
      expect(error.code).toBe('UNSUPPORTED_STATE_VERSION');
      expect(error.message).toContain(`format version ${version}`);
      expect(error.hint).toMatch(/newer Terraform or OpenTofu; upgrade this tool/);
    }
  });
});

describe('encrypted states (ENCRYPTED_STATE)', () => {
  it('detects the OpenTofu envelope and never reads it as plaintext', () => {
    expect(isEncryptedState(envelope)).toBe(true);
    expect(isEncryptedState(new TextEncoder().encode(envelope))).toBe(true);
    const error = failure(envelope);
    expect(error.code).toBe('ENCRYPTED_STATE');
    expect(error.message).toBe('the state is encrypted with OpenTofu client-side state encryption');
    expect(error.hint).toMatch(/tofu state pull/);
  });

  it('detects an envelope even when it also carries a version', () => {
    expect(failure('{"version":4,"terraform_version":"1.8.0","encryption_version":"v0"}').code).toBe('ENCRYPTED_STATE');
  });

  it('does not mistake plaintext, other JSON or garbage for an envelope', () => {
    expect(isEncryptedState(minimal({}))).toBe(false);
    expect(isEncryptedState('{"encryption_version":""}')).toBe(false);
    expect(isEncryptedState('{"encryption_version":1}')).toBe(false);
    expect(isEncryptedState('["encryption_version"]')).toBe(false);
    expect(isEncryptedState('not json')).toBe(false);
  });
});
