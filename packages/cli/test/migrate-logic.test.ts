import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backendIdentity, describeIdentity, REDACTED, sameIdentity } from '../src/migrate/backend-identity.js';
import { decideCopy } from '../src/migrate/copy-decision.js';
import { summarizeState, type StateSummary } from '../src/migrate/state-summary.js';
import { workspaceMatcher } from '../src/migrate/workspace-pattern.js';
import type { CliIo } from '../src/support/cli-io.js';
import { createProgress, formatBytes } from '../src/support/progress.js';
import { managedResource, stateFile } from './helpers/state-files.js';

function summary(serial: number, lineage: string, md5 = `md5-${serial}-${lineage}`, empty = false): StateSummary {
  return { bytes: 100, md5, serial, lineage, empty };
}

describe('decideCopy', () => {
  const source = summary(5, 'L');

  it.each([
    ['no target state', undefined, { action: 'copy', reason: 'target has no state' }],
    ['the same bytes', summary(5, 'L', source.md5), { action: 'skip', reason: 'target already holds the same bytes' }],
    ['same lineage, lower serial', summary(4, 'L'), { action: 'copy', reason: 'target is older (same lineage, lower serial)' }],
    ['an empty state of another lineage', summary(9, 'other', 'x', true), { action: 'copy', reason: 'target holds an empty state' }],
  ] as const)('copies or skips over %s', (_, target, expected) => {
    expect(decideCopy(source, target, { force: false })).toEqual(expected);
  });

  it.each([
    ['another lineage', summary(1, 'other'), 'the target holds an unrelated state (lineage other, source lineage L)'],
    ['a higher serial', summary(6, 'L'), 'the target is newer (serial 6 > source serial 5)'],
    ['the same serial with other content', summary(5, 'L', 'other-md5'), 'the target has the same serial 5 with different content'],
    ['an encrypted state', { bytes: 10, md5: 'enc' }, 'the target holds a different state and an encrypted state cannot be compared by lineage and serial'],
  ] as const)('refuses a target with %s unless forced', (_, target, reason) => {
    expect(decideCopy(source, target, { force: false })).toEqual({ action: 'conflict', reason });
    expect(decideCopy(source, target, { force: true })).toEqual({ action: 'copy', reason: 'forced' });
  });

  it('skips identical bytes even when forced', () => {
    expect(decideCopy(source, { ...source }, { force: true }).action).toBe('skip');
  });
});

describe('summarizeState', () => {
  it('reads serial, lineage, emptiness and the MD5 of the exact bytes', () => {
    const text = stateFile({ serial: 7, lineage: 'abc', resources: [managedResource] });
    const result = summarizeState(new TextEncoder().encode(text));
    expect(result).toMatchObject({ bytes: Buffer.byteLength(text), serial: 7, lineage: 'abc', empty: false });
    expect(result.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(summarizeState(new TextEncoder().encode(stateFile({ serial: 1 }))).empty).toBe(true);
  });

  it('summarizes an encrypted state without lineage or serial, and refuses a damaged one', () => {
    const encrypted = JSON.stringify({ serial: 1, lineage: 'x', meta: {}, encrypted_data: 'AAAA', encryption_version: 'v0' });
    expect(summarizeState(new TextEncoder().encode(encrypted))).toEqual({ bytes: encrypted.length, md5: expect.any(String) });
    expect(() => summarizeState(new TextEncoder().encode('{"version": 4, "serial": '))).toThrow(/JSON|state/);
  });
});

describe('workspaceMatcher', () => {
  it('matches * and ? globs, any of several patterns, and everything without patterns', () => {
    const matches = workspaceMatcher(['prod-*', 'dev?']);
    expect(['prod-eu', 'prod-', 'dev1', 'dev', 'dev12', 'staging', 'xprod-eu'].filter(matches)).toEqual(['prod-eu', 'prod-', 'dev1']);
    expect(workspaceMatcher([])('anything')).toBe(true);
    expect(workspaceMatcher(['a.b'])('axb')).toBe(false);
    expect(workspaceMatcher(['a+b$'])('a+b$')).toBe(true);
  });

  it('refuses an empty pattern', () => {
    expect(() => workspaceMatcher([''])).toThrow('--workspaces needs a non-empty pattern');
  });
});

describe('backendIdentity', () => {
  it('redacts credentials at any depth and keeps the settings that name the store', () => {
    const identity = backendIdentity(
      's3',
      { bucket: 'b', key: 'app/terraform.tfstate', access_key: 'AKIA', secret_key: 'hush', token: 't', assume_role: { role_arn: 'arn', external_id: 'e' } },
      '/work',
    );
    expect(identity).toEqual({
      type: 's3',
      config: { bucket: 'b', key: 'app/terraform.tfstate', access_key: REDACTED, secret_key: REDACTED, token: REDACTED, assume_role: { role_arn: 'arn', external_id: REDACTED } },
    });
    expect(JSON.stringify(identity)).not.toMatch(/AKIA|hush/);
    expect(describeIdentity(identity)).toBe('s3 (bucket=b, key=app/terraform.tfstate, assume_role={"role_arn":"arn","external_id":"(redacted)"})');
  });

  it('compares stores regardless of setting order and credentials, and local ones by directory', () => {
    const left = backendIdentity('s3', { bucket: 'b', key: 'k', secret_key: 'one' }, '/a');
    const right = backendIdentity('s3', { key: 'k', secret_key: 'two', bucket: 'b' }, '/b');
    expect(sameIdentity(left, right)).toBe(true);
    expect(sameIdentity(left, backendIdentity('s3', { bucket: 'b', key: 'other' }, '/a'))).toBe(false);
    expect(sameIdentity(backendIdentity('local', {}, '/a'), backendIdentity('local', {}, '/b'))).toBe(false);
  });
});

describe('createProgress', () => {
  function io(terminal: boolean): { io: CliIo; stderr: () => string; stdout: () => string } {
    const streams = { stdout: new PassThrough(), stderr: new PassThrough() };
    const text = { stdout: '', stderr: '' };
    streams.stdout.on('data', (chunk: Buffer) => (text.stdout += chunk.toString()));
    streams.stderr.on('data', (chunk: Buffer) => (text.stderr += chunk.toString()));
    return {
      io: { ...streams, stdin: new PassThrough(), stdinIsTerminal: false, stderrIsTerminal: terminal, env: {}, cwd: '/' },
      stderr: () => text.stderr,
      stdout: () => text.stdout,
    };
  }

  it('prints one plain line per item with a detail on a non-terminal, and nothing on stdout', async () => {
    const output = io(false);
    const progress = createProgress(output.io, { label: 'migrate', total: 2, unit: 'workspaces' });
    progress.tick(1, 'default: copied');
    progress.note('a warning');
    progress.tick(1, 'dev: copied');
    progress.done('all done');
    await new Promise((resolve) => setImmediate(resolve));
    expect(output.stderr()).toBe('migrate: [1/2] default: copied\nmigrate: a warning\nmigrate: [2/2] dev: copied\nmigrate: all done\n');
    expect(output.stdout()).toBe('');
  });

  it('prints byte progress once per tenth without details', async () => {
    const output = io(false);
    const progress = createProgress(output.io, { label: 'pull', total: 1000, unit: 'bytes' });
    for (let index = 0; index < 100; index += 1) progress.tick(10);
    progress.done();
    await new Promise((resolve) => setImmediate(resolve));
    const lines = output.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('pull: [100 B/1000 B] 10%');
    expect(lines[9]).toBe('pull: [1000 B/1000 B] 100%');
  });

  it('formats sizes', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(5 * 1024 ** 3)]).toEqual(['0 B', '1023 B', '1.5 KiB', '5.0 GiB']);
  });
});
