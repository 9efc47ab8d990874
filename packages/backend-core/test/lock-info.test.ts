import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError } from '../src/errors/backend-error.js';
import { describeLock } from '../src/lock/describe-lock.js';
import {
  DEFAULT_TOOL_VERSION,
  createLockInfo,
  currentWho,
  encodeLockInfo,
  generateLockId,
  lockAgeMilliseconds,
  parseLockInfo,
  type LockInfo,
} from '../src/lock/lock-info.js';

const sample: LockInfo = {
  ID: 'f06c9b15-9d1a-4256-bfad-bec8e4eda21e',
  Operation: 'OperationTypeApply',
  Info: '',
  Who: 'root@vm',
  Version: '1.11.4',
  Created: '2026-11-21T23:34:46.402788573Z',
  Path: 'mybucket/env:/dev/terraform.tfstate',
};

// Byte for byte what terraform v1.11.4 sent as an http backend LOCK body (Path empty there).
const sampleBytes =
  '{"ID":"f06c9b15-9d1a-4256-bfad-bec8e4eda21e","Operation":"OperationTypeApply","Info":"","Who":"root@vm",' +
  '"Version":"1.11.4","Created":"2026-11-21T23:34:46.402788573Z","Path":"mybucket/env:/dev/terraform.tfstate"}';

function expectLockInfoError(run: () => unknown, messagePart: string): BackendError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(BackendError.hasCode(caught, 'INVALID_LOCK_INFO'), String(caught)).toBe(true);
  const error = caught as BackendError;
  expect(error.message).toContain(messagePart);
  expect(error.hint).toMatch(/force-unlock/);
  return error;
}

describe('encodeLockInfo', () => {
  it("writes Go's compact JSON in Terraform's field order, without a newline", () => {
    expect(encodeLockInfo(sample)).toBe(sampleBytes);
  });

  it('ignores the key order of the object it is given', () => {
    const shuffled: LockInfo = {
      Path: sample.Path,
      Created: sample.Created,
      Who: sample.Who,
      Version: sample.Version,
      Info: sample.Info,
      Operation: sample.Operation,
      ID: sample.ID,
    };
    expect(encodeLockInfo(shuffled)).toBe(sampleBytes);
  });

  it('leaves out properties Terraform does not have', () => {
    const extended = { ...sample, Extra: 'x', id: 'y' } as LockInfo;
    expect(encodeLockInfo(extended)).toBe(sampleBytes);
  });

  it('escapes every field with Go rules', () => {
    const info: LockInfo = {
      ID: 'a<b',
      Operation: 'state-push & more',
      Info: 'line1\nline2\t"quoted"\\ \u2028\u2029 \u0000\u001f\u007f',
      Who: 'ユーザー@host>',
      Version: '1.11.4',
      Created: '2025-06-01T12:00:00Z',
      Path: 'bucket/env:/é😀/terraform.tfstate',
    };
    expect(encodeLockInfo(info)).toBe(
      String.raw`{"ID":"a\u003cb","Operation":"state-push \u0026 more",` +
        String.raw`"Info":"line1\nline2\t\"quoted\"\\ \u2028\u2029 \u0000\u001f` +
        '\u007f",' +
        String.raw`"Who":"ユーザー@host\u003e","Version":"1.11.4","Created":"2025-06-01T12:00:00Z",` +
        '"Path":"bucket/env:/é😀/terraform.tfstate"}',
    );
  });

  it('round-trips through parseLockInfo', () => {
    const info: LockInfo = { ...sample, Info: '<&>\u2028 ワ 😀 \u0001', Path: '' };
    expect(parseLockInfo(encodeLockInfo(info))).toEqual(info);
    expect(parseLockInfo(Buffer.from(encodeLockInfo(info), 'utf8'))).toEqual(info);
  });
});

describe('parseLockInfo', () => {
  it('reads a record Terraform wrote, from a string or from bytes', () => {
    expect(parseLockInfo(sampleBytes)).toEqual(sample);
    expect(parseLockInfo(new TextEncoder().encode(sampleBytes))).toEqual(sample);
  });

  it('matches keys case-insensitively like Go', () => {
    const text =
      '{"id":"abc","OPERATION":"OperationTypePlan","info":"i","wHo":"u@h","version":"1.0.0",' +
      '"created":"2021-09-27T00:10:27.424Z","pATH":"p"}';
    expect(parseLockInfo(text)).toEqual({
      ID: 'abc',
      Operation: 'OperationTypePlan',
      Info: 'i',
      Who: 'u@h',
      Version: '1.0.0',
      Created: '2021-09-27T00:10:27.424Z',
      Path: 'p',
    });
  });

  it("folds keys with Go's Unicode simple folding (long s matches s)", () => {
    expect(parseLockInfo('{"Ver\u017fion":"9.9.9"}').Version).toBe('9.9.9');
    expect(parseLockInfo('{"VER\u017fION":"9.9.9"}').Version).toBe('9.9.9');
  });

  it('lets a later key override an earlier one, as Go assigns keys in document order', () => {
    expect(parseLockInfo('{"ID":"first","id":"second"}').ID).toBe('second');
    expect(parseLockInfo('{"id":"first","ID":"second"}').ID).toBe('second');
  });

  it("fills absent or null string fields with '' and an absent Created with Go's zero time", () => {
    expect(parseLockInfo('{}')).toEqual({
      ID: '',
      Operation: '',
      Info: '',
      Who: '',
      Version: '',
      Created: '0001-01-01T00:00:00Z',
      Path: '',
    });
    expect(parseLockInfo('{"ID":"x","Who":null,"Created":null}')).toEqual({
      ID: 'x',
      Operation: '',
      Info: '',
      Who: '',
      Version: '',
      Created: '0001-01-01T00:00:00Z',
      Path: '',
    });
  });

  it("re-encodes OpenTofu's force-unlock body byte for byte", () => {
    const body =
      '{"ID":"9f2883f3-9aca-19f5-874f-4b6d04f3351b","Operation":"","Info":"","Who":"","Version":"",' +
      '"Created":"0001-01-01T00:00:00Z","Path":""}';
    expect(encodeLockInfo(parseLockInfo(body))).toBe(body);
    expect(encodeLockInfo(parseLockInfo('{"ID":"9f2883f3-9aca-19f5-874f-4b6d04f3351b"}'))).toBe(body);
  });

  it('ignores unknown keys', () => {
    expect(parseLockInfo('{"ID":"x","Extra":{"deep":[1,2]},"Created":"2021-09-27T00:10:27Z"}')).toEqual({
      ...parseLockInfo('{}'),
      ID: 'x',
      Created: '2021-09-27T00:10:27Z',
    });
  });

  it('keeps Created exactly as written, offsets included', () => {
    expect(parseLockInfo('{"Created":"2021-09-27T02:10:27.4240+02:00"}').Created).toBe(
      '2021-09-27T02:10:27.4240+02:00',
    );
  });

  it.each([
    ['{"ID":42}', 'must be a string, found number'],
    ['{"Info":true}', 'must be a string, found boolean'],
    ['{"Who":{"name":"x"}}', 'must be a string, found object'],
    ['{"Path":["a"]}', 'must be a string, found object'],
    ['{"Created":1632701427}', 'must be a string, found number'],
  ])('refuses non-string values: %s', (text, messagePart) => {
    expectLockInfoError(() => parseLockInfo(text), messagePart);
  });

  it('refuses text that is not JSON, with the parse error as cause', () => {
    for (const text of ['', 'not json', '{"ID":"x"', '{"ID":"x",}', '\ufeff{}']) {
      const error = expectLockInfoError(() => parseLockInfo(text), 'not valid JSON');
      expect(error.cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('refuses JSON that is not an object', () => {
    for (const text of ['null', '[]', '"ID"', '42', 'true']) {
      expectLockInfoError(() => parseLockInfo(text), 'not a JSON object');
    }
  });

  it('refuses a Created that is not an RFC 3339 time, empty included (Go refuses it too)', () => {
    for (const created of ['', 'yesterday', '2021-09-27 00:10:27Z', '2021-02-30T00:00:00Z', '2021-09-27T00:10:27']) {
      expectLockInfoError(() => parseLockInfo(JSON.stringify({ Created: created })), '"Created"');
    }
  });
});

describe('generateLockId', () => {
  it('writes 16 random bytes as lowercase 8-4-4-4-12 hex', () => {
    for (let round = 0; round < 100; round++) {
      expect(generateLockId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('does not repeat over 10,000 ids', () => {
    const ids = new Set<string>();
    for (let round = 0; round < 10_000; round++) ids.add(generateLockId());
    expect(ids.size).toBe(10_000);
  });

  it('sets no RFC 4122 version or variant bits (hashicorp/go-uuid does not)', () => {
    const versionNibbles = new Set<string>();
    for (let round = 0; round < 2_000; round++) versionNibbles.add(generateLockId().charAt(14));
    // With random bytes, all sixteen values of the version nibble appear; a v4 UUID only has 4.
    expect(versionNibbles.size).toBeGreaterThan(8);
  });
});

describe('createLockInfo', () => {
  it("fills Terraform's defaults", () => {
    const before = Date.now();
    const info = createLockInfo();
    const after = Date.now();
    expect(Object.keys(info)).toEqual(['ID', 'Operation', 'Info', 'Who', 'Version', 'Created', 'Path']);
    expect(info.ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(info.Operation).toBe('OperationTypeInvalid');
    expect(info.Info).toBe('');
    expect(info.Who).toBe(`${userInfo().username}@${hostname()}`);
    expect(info.Who).toBe(currentWho());
    expect(info.Version).toBe('1.11.4');
    expect(DEFAULT_TOOL_VERSION).toBe('1.11.4');
    expect(info.Path).toBe('');
    expect(info.Created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/);
    const created = new Date(info.Created).getTime();
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(after);
    expect(createLockInfo().ID).not.toBe(info.ID);
  });

  it('takes every field from options', () => {
    expect(
      createLockInfo({
        id: 'lock-1',
        operation: 'state-push',
        info: 'pushed by CI',
        who: 'ci@runner',
        version: '1.10.5',
        path: 'bucket/terraform.tfstate',
        now: new Date(Date.UTC(2025, 5, 1, 12, 0, 0, 120)),
      }),
    ).toEqual({
      ID: 'lock-1',
      Operation: 'state-push',
      Info: 'pushed by CI',
      Who: 'ci@runner',
      Version: '1.10.5',
      Created: '2025-06-01T12:00:00.12Z',
      Path: 'bucket/terraform.tfstate',
    });
  });
});

describe('lockAgeMilliseconds', () => {
  it('measures from Created, honouring offsets', () => {
    const now = new Date(Date.UTC(2021, 8, 27, 0, 11, 27, 424));
    expect(lockAgeMilliseconds({ ...sample, Created: '2021-09-27T00:10:27.424Z' }, now)).toBe(60_000);
    expect(lockAgeMilliseconds({ ...sample, Created: '2021-09-27T02:10:27.424+02:00' }, now)).toBe(60_000);
    expect(lockAgeMilliseconds({ ...sample, Created: 'garbage' }, now)).toBeUndefined();
  });
});

describe('describeLock', () => {
  it("renders Terraform's Lock Info block", () => {
    expect(describeLock({ ...sample, Created: '2021-09-27T00:10:27.424Z', Info: 'note' })).toBe(
      [
        'Lock Info:',
        '  ID:        f06c9b15-9d1a-4256-bfad-bec8e4eda21e',
        '  Path:      mybucket/env:/dev/terraform.tfstate',
        '  Operation: OperationTypeApply',
        '  Who:       root@vm',
        '  Version:   1.11.4',
        '  Created:   2021-09-27 00:10:27.424 +0000 UTC',
        '  Info:      note',
      ].join('\n'),
    );
  });
});

// Ground truth from the real terraform: the local backend writes `.<state>.lock.info` with Go's
// json.Marshal while it holds the lock, and `terraform console` holds it for as long as its
// stdin stays open. The state file name becomes `Path`, so an odd name exercises the escaping.

interface TerraformLockHolder {
  readonly lockInfoBytes: Buffer;
  release(): Promise<void>;
}

const terraformEnvironment = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };

function terraformVersion(): string | undefined {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: terraformEnvironment });
  if (result.error !== undefined || result.status !== 0) return undefined;
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

/** True when the test can go on; fails in CI and warns elsewhere when terraform is missing. */
function requireTerraform(version: string | undefined): version is string {
  if (version !== undefined) return true;
  if (process.env.CI === 'true') {
    throw new Error('terraform is not on PATH; CI must run the terraform ground-truth tests (install terraform 1.11.4)');
  }
  console.warn('SKIPPED: terraform is not on PATH, so the terraform ground-truth LockInfo tests did not run');
  return false;
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function holdTerraformLock(directory: string, stateName: string): Promise<TerraformLockHolder> {
  const child = spawn('terraform', ['console', `-state=${stateName}`], {
    cwd: directory,
    env: terraformEnvironment,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lockInfoName = `.${stateName}.lock.info`;
  for (let attempt = 0; attempt < 600 && child.exitCode === null; attempt++) {
    if ((await readdir(directory)).includes(lockInfoName)) {
      const bytes = await readFile(join(directory, lockInfoName));
      // The file can be seen before terraform finished writing it.
      if (bytes.length > 0 && bytes.at(-1) === 0x7d) {
        return {
          lockInfoBytes: bytes,
          async release() {
            child.stdin?.end();
            await exitOf(child);
          },
        };
      }
    }
    await sleep(50);
  }
  child.kill();
  throw new Error(`terraform console never wrote ${JSON.stringify(lockInfoName)}; stderr:\n${stderr}`);
}

describe('against terraform on PATH', () => {
  const version = terraformVersion();
  let directory = '';
  const holders: TerraformLockHolder[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'lock-info-terraform-'));
  });

  afterAll(async () => {
    await Promise.all(holders.map((holder) => holder.release()));
    await rm(directory, { recursive: true, force: true });
  });

  it("parseLockInfo + encodeLockInfo reproduce terraform's lock file byte for byte", async () => {
    if (!requireTerraform(version)) return;
    let stateName = 's<a>&\u2028\u2029é-ワ😀"\\';
    for (let code = 1; code < 0x20; code++) stateName += String.fromCharCode(code);
    stateName += '\u007f\ufffd.tfstate';
    const holder = await holdTerraformLock(directory, stateName);
    holders.push(holder);

    const written = holder.lockInfoBytes.toString('utf8');
    const info = parseLockInfo(holder.lockInfoBytes);
    expect(encodeLockInfo(info)).toBe(written);
    expect(Buffer.from(encodeLockInfo(info), 'utf8').equals(holder.lockInfoBytes)).toBe(true);

    // What Go wrote, spelled out: the escapes are Go's, not ours.
    expect(written).toContain(
      String.raw`"Path":"s\u003ca\u003e\u0026\u2028\u2029é-ワ😀\"\\\u0001\u0002\u0003\u0004\u0005\u0006\u0007` +
        String.raw`\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019` +
        String.raw`\u001a\u001b\u001c\u001d\u001e\u001f` +
        '\u007f\ufffd.tfstate"}',
    );
    expect(info.Path).toBe(stateName);
    expect(info.Operation).toBe('OperationTypeInvalid');
    expect(info.Info).toBe('');
    expect(info.Who).toBe(currentWho());
    expect(info.Version).toBe(version);
    expect(info.ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Go's RFC3339Nano in UTC: no trailing zeros in the fraction.
    expect(info.Created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z$/);
    expect(Object.keys(JSON.parse(written) as object)).toEqual([
      'ID',
      'Operation',
      'Info',
      'Who',
      'Version',
      'Created',
      'Path',
    ]);
  });

  it("describeLock matches the Lock Info block terraform prints for a held lock", async () => {
    if (!requireTerraform(version)) return;
    const stateName = 'team<a>&é.tfstate';
    const holder = await holdTerraformLock(directory, stateName);
    holders.push(holder);
    const info = parseLockInfo(holder.lockInfoBytes);

    const second = spawnSync('terraform', ['console', '-no-color', `-state=${stateName}`], {
      cwd: directory,
      env: terraformEnvironment,
      encoding: 'utf8',
      input: '',
    });
    expect(second.status).toBe(1);
    const lines = second.stderr.split('\n');
    const start = lines.indexOf('Lock Info:');
    expect(start, second.stderr).toBeGreaterThanOrEqual(0);
    const printed = lines.slice(start, start + 8).join('\n');
    expect(describeLock(info)).toBe(printed);
    expect(printed).toContain(`  Path:      ${stateName}`);
    expect(printed).toMatch(/\n {2}Created: {3}\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d*[1-9])? \+0000 UTC\n/);
  });
});
