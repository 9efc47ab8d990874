import { GetObjectCommand } from '@aws-sdk/client-s3';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createS3Bucket, requireServers, s3Client } from './helpers/remote-backends.js';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';
import { terraform, terraformAvailable } from './helpers/terraform.js';

interface ConfigReport {
  backend: { type: string; source: string; file?: string; line?: number };
  settings: Record<string, { value: unknown; secret: boolean; source: string; file?: string; line?: number; env?: string }>;
  workspace: { name: string; source: string; file?: string };
}

describe.skipIf(!terraformAvailable())('s3 backend block shared with terraform', () => {
  it('uses what terraform init recorded for a partial block, reads the state terraform wrote, and agrees on the workspace', async () => {
    const { s3 } = requireServers('s3');
    const bucket = await createS3Bucket('cfg');
    const cwd = await temporaryDirectory();
    await writeFile(
      join(cwd, 'main.tf'),
      [
        'terraform {',
        '  backend "s3" {',
        `    bucket = "${bucket}"`,
        '    key    = "app/terraform.tfstate"',
        '  }',
        '}',
        '',
        'output "greeting" { value = "hello ${terraform.workspace}" }',
        '',
      ].join('\n'),
    );
    // The rest of the settings exist only at init time: Terraform keeps them in .terraform/terraform.tfstate.
    await writeFile(
      join(cwd, 'init.tfbackend'),
      [
        `region = "${s3.region}"`,
        `access_key = "${s3.accessKeyId}"`,
        `secret_key = "${s3.secretAccessKey}"`,
        'use_path_style = true',
        'use_lockfile = true',
        'skip_credentials_validation = true',
        'skip_requesting_account_id = true',
        'skip_region_validation = true',
        'skip_s3_checksum = true',
        `endpoints = { s3 = "${s3.endpoint}" }`,
        '',
      ].join('\n'),
    );
    await terraform(cwd, 'init', '-input=false', '-no-color', '-backend-config=init.tfbackend');
    await rm(join(cwd, 'init.tfbackend'));
    await terraform(cwd, 'apply', '-auto-approve', '-input=false', '-no-color');
    await terraform(cwd, 'workspace', 'new', '-no-color', 'dev');
    await terraform(cwd, 'apply', '-auto-approve', '-input=false', '-no-color');

    const result = await runTfstate(['config', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(s3.secretAccessKey);
    expect(result.stdout + result.stderr).not.toContain(s3.accessKeyId);
    const report = JSON.parse(result.stdout) as ConfigReport;
    expect(report.backend).toEqual({ type: 's3', source: 'block', file: 'main.tf', line: 2 });
    expect(report.settings.bucket).toEqual({ value: bucket, secret: false, source: 'block', file: 'main.tf', line: 3 });
    expect(report.settings.key).toMatchObject({ value: 'app/terraform.tfstate', source: 'block', line: 4 });
    expect(report.settings['endpoints.s3']).toEqual({ value: s3.endpoint, secret: false, source: 'init', file: '.terraform/terraform.tfstate' });
    expect(report.settings.secret_key).toEqual({ value: '(sensitive value)', secret: true, source: 'init', file: '.terraform/terraform.tfstate' });
    expect(report.settings.use_lockfile).toMatchObject({ value: true, source: 'init' });
    expect(report.workspace).toEqual({ name: 'dev', source: 'environment-file', file: '.terraform/environment' });

    // Both read the same objects: the selected workspace's state, then the default one.
    expect(await runTfstate(['outputs', 'greeting', '--raw'], { cwd })).toMatchObject({ code: 0, stdout: 'hello dev' });
    expect(await runTfstate(['-w', 'default', 'outputs', 'greeting', '--raw'], { cwd })).toMatchObject({ code: 0, stdout: 'hello default' });
    const pulled = JSON.parse((await runTfstate(['state', 'pull'], { cwd })).stdout) as { lineage: string; serial: number };
    const object = JSON.parse(await objectText(bucket, 'env:/dev/app/terraform.tfstate')) as { lineage: string; serial: number };
    expect(pulled).toMatchObject({ lineage: object.lineage, serial: object.serial });
    expect(JSON.parse((await runTfstate(['workspace', 'list', '--json'], { cwd })).stdout)).toEqual({
      current: 'dev',
      workspaces: ['default', 'dev'],
    });

    // Selecting with either tool is seen by the other.
    expect(await runTfstate(['workspace', 'select', 'default'], { cwd })).toMatchObject({ code: 0, stdout: 'Switched to workspace "default".\n' });
    expect((await terraform(cwd, 'workspace', 'show')).stdout).toBe('default\n');
    await terraform(cwd, 'workspace', 'select', '-no-color', 'dev');
    expect(await runTfstate(['workspace', 'show'], { cwd })).toMatchObject({ code: 0, stdout: 'dev\n' });

    const missing = await runTfstate(['workspace', 'select', 'nope'], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Workspace "nope" doesn\'t exist.');
    expect(missing.stderr).toContain('--or-create');
    expect((await terraform(cwd, 'workspace', 'show')).stdout).toBe('dev\n');

    expect(await runTfstate(['workspace', 'select', 'made', '--or-create'], { cwd })).toMatchObject({ code: 0 });
    expect((await terraform(cwd, 'workspace', 'show')).stdout).toBe('made\n');
    expect((await terraform(cwd, 'workspace', 'list', '-no-color')).stdout).toContain('* made');
    expect(JSON.parse(await objectText(bucket, 'env:/made/app/terraform.tfstate'))).toMatchObject({ serial: 1 });
  });
});

describe('oss backend block', () => {
  it('opens the oss backend from a .tf block completed by -c and the environment', async () => {
    const { oss } = requireServers('oss');
    const bucket = await createS3Bucket('cfg-oss');
    const cwd = await temporaryDirectory();
    await writeFile(
      join(cwd, 'backend.tf'),
      ['terraform {', '  backend "oss" {', `    bucket = "${bucket}"`, '    prefix = "states"', '    use_lockfile = true', '  }', '}', ''].join('\n'),
    );
    await writeFile(join(cwd, 'pushed.tfstate'), stateFile({ serial: 3, outputs: { where: { value: 'oss', type: 'string' } } }));
    const env = { ALICLOUD_ACCESS_KEY: oss.accessKeyId, ALICLOUD_SECRET_KEY: oss.accessKeySecret, ALICLOUD_REGION: oss.region };
    const run = (...args: string[]) => runTfstate(['-c', `endpoint=${oss.endpoint}`, ...args], { cwd, env });

    const pushed = await run('state', 'push', 'pushed.tfstate');
    expect(pushed.stderr).not.toContain('Error');
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(await run('outputs', 'where', '--raw')).toMatchObject({ code: 0, stdout: 'oss' });
    expect(JSON.parse(await objectText(bucket, 'states/terraform.tfstate'))).toMatchObject({ serial: 3 });

    expect(await run('workspace', 'select', 'blue', '--or-create')).toMatchObject({ code: 0 });
    expect(await readFile(join(cwd, '.terraform/environment'), 'utf8')).toBe('blue');
    expect(JSON.parse((await run('workspace', 'list', '--json')).stdout)).toEqual({ current: 'blue', workspaces: ['default', 'blue'] });

    const report = await run('config', '--json');
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout + report.stderr).not.toContain(oss.accessKeySecret);
    const parsed = JSON.parse(report.stdout) as ConfigReport;
    expect(parsed.backend).toEqual({ type: 'oss', source: 'block', file: 'backend.tf', line: 2 });
    expect(parsed.settings.endpoint).toEqual({ value: oss.endpoint, secret: false, source: 'flag' });
    expect(parsed.settings.secret_key).toEqual({ value: '(sensitive value)', secret: true, source: 'env', env: 'ALICLOUD_SECRET_KEY' });
    expect(parsed.workspace).toEqual({ name: 'blue', source: 'environment-file', file: '.terraform/environment' });
  });
});

async function objectText(bucket: string, key: string): Promise<string> {
  const client = s3Client();
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body!.transformToString();
  } finally {
    client.destroy();
  }
}
