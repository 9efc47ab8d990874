import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

interface ShownSetting {
  value: unknown;
  secret: boolean;
  source: string;
  file?: string;
  line?: number;
  env?: string;
}

interface ConfigReport {
  backend: { type: string; source: string; file?: string; line?: number };
  settings: Record<string, ShownSetting>;
  workspace: { name: string; source: string; file?: string };
  warnings: string[];
}

async function directoryWith(files: Record<string, string>): Promise<string> {
  const cwd = await temporaryDirectory();
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(cwd, name, '..'), { recursive: true });
    await writeFile(join(cwd, name), text);
  }
  return cwd;
}

async function configReport(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ConfigReport> {
  const result = await runTfstate([...args, 'config', '--json'], { cwd, env });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ConfigReport;
}

const s3Block = `terraform {
  backend "s3" {
    bucket = "from-block"
    key    = "block/terraform.tfstate"
    skip_region_validation = true
  }
}
`;

describe('backend from the configuration files', () => {
  it('without any configuration: the local backend with its defaults', async () => {
    const report = await configReport(await temporaryDirectory());
    expect(report.backend).toEqual({ type: 'local', source: 'default' });
    expect(report.settings).toEqual({
      path: { value: 'terraform.tfstate', secret: false, source: 'default' },
      workspace_dir: { value: 'terraform.tfstate.d', secret: false, source: 'default' },
    });
    expect(report.workspace).toEqual({ name: 'default', source: 'default' });
  });

  it('a local block maps path and workspace_dir to the local backend', async () => {
    const cwd = await directoryWith({
      'main.tf': 'terraform {\n  backend "local" {\n    path          = "states/main.tfstate"\n    workspace_dir = "states/ws"\n  }\n}\n',
      'pushed.tfstate': stateFile({ serial: 4 }),
    });
    const report = await configReport(cwd);
    expect(report.backend).toEqual({ type: 'local', source: 'block', file: 'main.tf', line: 2 });
    expect(report.settings.path).toEqual({ value: 'states/main.tfstate', secret: false, source: 'block', file: 'main.tf', line: 3 });
    expect(report.settings.workspace_dir).toMatchObject({ value: 'states/ws', source: 'block', line: 4 });

    await mkdir(join(cwd, 'states'));
    expect(await runTfstate(['state', 'push', 'pushed.tfstate'], { cwd })).toMatchObject({ code: 0 });
    expect(JSON.parse(await readFile(join(cwd, 'states/main.tfstate'), 'utf8'))).toMatchObject({ serial: 4 });
    expect(await runTfstate(['workspace', 'new', 'dev'], { cwd })).toMatchObject({ code: 0 });
    expect(JSON.parse(await readFile(join(cwd, 'states/ws/dev/terraform.tfstate'), 'utf8'))).toMatchObject({ serial: 1 });
  });

  it('reads a .tf.json backend block', async () => {
    const cwd = await directoryWith({
      'backend.tf.json': JSON.stringify({ terraform: { backend: { local: { path: 'json.tfstate' } } } }, null, 2),
    });
    const report = await configReport(cwd);
    expect(report.backend).toMatchObject({ type: 'local', source: 'block', file: 'backend.tf.json' });
    expect(report.settings.path).toMatchObject({ value: 'json.tfstate', source: 'block', file: 'backend.tf.json' });
  });

  it('completes a partial block with -c files and flags, later ones winning per setting, and names every source', async () => {
    const cwd = await directoryWith({
      'main.tf': s3Block,
      'outputs.tf': 'output "x" { value = 1 }\n',
      'first.tfbackend': 'key = "file/terraform.tfstate"\nregion = "eu-west-1"\nendpoints = { s3 = "http://127.0.0.1:1" }\n',
      'second.json': JSON.stringify({ region: 'ap-south-1' }),
    });
    const env = { AWS_REGION: 'us-west-2', AWS_PROFILE: 'from-env', AWS_CA_BUNDLE: '' };
    const report = await configReport(cwd, ['-c', 'first.tfbackend', '-c', 'second.json', '-c', 'workspace_key_prefix=flagged'], env);
    expect(report.backend).toEqual({ type: 's3', source: 'block', file: 'main.tf', line: 2 });
    expect(report.settings.bucket).toEqual({ value: 'from-block', secret: false, source: 'block', file: 'main.tf', line: 3 });
    expect(report.settings.key).toEqual({ value: 'file/terraform.tfstate', secret: false, source: 'file', file: 'first.tfbackend' });
    expect(report.settings.region).toEqual({ value: 'ap-south-1', secret: false, source: 'file', file: 'second.json' });
    expect(report.settings['endpoints.s3']).toMatchObject({ value: 'http://127.0.0.1:1', source: 'file', file: 'first.tfbackend' });
    expect(report.settings.workspace_key_prefix).toEqual({ value: 'flagged', secret: false, source: 'flag' });
    expect(report.settings.profile).toEqual({ value: 'from-env', secret: false, source: 'env', env: 'AWS_PROFILE' });
    expect(report.settings.use_lockfile).toEqual({ value: false, secret: false, source: 'default' });
    expect(report.settings.max_retries).toEqual({ value: 5, secret: false, source: 'default' });
  });

  it('takes a setting the block leaves out from the environment, as the provider does', async () => {
    const cwd = await directoryWith({ 'main.tf': s3Block });
    const report = await configReport(cwd, [], { AWS_REGION: 'us-west-2' });
    expect(report.settings.region).toEqual({ value: 'us-west-2', secret: false, source: 'env', env: 'AWS_REGION' });
    const overridden = await configReport(cwd, ['-c', 'region=eu-north-1'], { AWS_REGION: 'us-west-2' });
    expect(overridden.settings.region).toEqual({ value: 'eu-north-1', secret: false, source: 'flag' });
  });

  it('never prints secrets from the block, -c or the environment', async () => {
    const secrets = {
      block: 'BLOCKSECRETKEY0123456789',
      flag: 'FLAGSESSIONTOKEN987654',
      customerKey: Buffer.alloc(32, 7).toString('base64'),
      environment: 'ENVIRONMENTSECRET555',
      accessKey: 'AKIAEXAMPLEACCESSKEY',
    };
    const cwd = await directoryWith({
      'main.tf': s3Block.replace('skip_region_validation = true', `skip_region_validation = true\n    secret_key = "${secrets.block}"`),
      'keys.tfbackend': `access_key = "${secrets.accessKey}"\nsse_customer_key = "${secrets.customerKey}"\n`,
    });
    const env = { AWS_REGION: 'us-east-1', AWS_SECRET_ACCESS_KEY: secrets.environment };
    for (const json of [true, false]) {
      const result = await runTfstate(['-c', 'keys.tfbackend', '-c', `token=${secrets.flag}`, 'config', ...(json ? ['--json'] : [])], { cwd, env });
      expect(result.code).toBe(0);
      for (const secret of Object.values(secrets)) expect(result.stdout + result.stderr).not.toContain(secret);
      if (json) {
        const report = JSON.parse(result.stdout) as ConfigReport;
        expect(report.settings.secret_key).toEqual({ value: '(sensitive value)', secret: true, source: 'block', file: 'main.tf', line: 6 });
        expect(report.settings.token).toEqual({ value: '(sensitive value)', secret: true, source: 'flag' });
        expect(report.settings.sse_customer_key).toMatchObject({ value: '(sensitive value)', secret: true, source: 'file' });
        expect(report.settings.access_key).toMatchObject({ value: '(sensitive value)', secret: true, source: 'file' });
      } else {
        expect(result.stdout).toContain('secret_key');
        expect(result.stdout).toContain('(sensitive value)  # block main.tf:6');
      }
    }
  });

  it('reports oss settings from the environment, with the credentials hidden', async () => {
    const cwd = await directoryWith({
      'main.tf': 'terraform {\n  backend "oss" {\n    bucket = "oss-bucket"\n    prefix = "states"\n  }\n}\n',
    });
    const env = { ALICLOUD_REGION: 'cn-hangzhou', ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIOSSACCESS', ALICLOUD_SECRET_KEY: 'OSSSECRETVALUE' };
    const result = await runTfstate(['config', '--json'], { cwd, env });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('LTAIOSSACCESS');
    expect(result.stdout).not.toContain('OSSSECRETVALUE');
    const report = JSON.parse(result.stdout) as ConfigReport;
    expect(report.backend).toMatchObject({ type: 'oss', source: 'block' });
    expect(report.settings.region).toEqual({ value: 'cn-hangzhou', secret: false, source: 'env', env: 'ALICLOUD_REGION' });
    expect(report.settings.access_key).toEqual({ value: '(sensitive value)', secret: true, source: 'env', env: 'ALIBABA_CLOUD_ACCESS_KEY_ID' });
    expect(report.settings.secret_key).toMatchObject({ secret: true, source: 'env', env: 'ALICLOUD_SECRET_KEY' });
    expect(report.settings.key).toEqual({ value: 'terraform.tfstate', secret: false, source: 'default' });
    expect(report.settings.endpoint).toMatchObject({ value: 'https://oss-cn-hangzhou.aliyuncs.com', source: 'default' });
    expect(report.settings.prefix).toMatchObject({ value: 'states', source: 'block', line: 4 });
  });

  it('--backend skips the configuration files and uses -c alone', async () => {
    const cwd = await directoryWith({ 'main.tf': s3Block });
    const report = await configReport(cwd, ['--backend', 'local', '-c', 'path=other.tfstate']);
    expect(report.backend).toEqual({ type: 'local', source: 'flag' });
    expect(report.settings.path).toEqual({ value: 'other.tfstate', secret: false, source: 'flag' });
  });
});

describe('the terraform init record and the selected workspace', () => {
  it('uses the type and settings terraform init recorded (nulls ignored) when no block is left', async () => {
    const record = {
      version: 3,
      terraform_version: '1.11.4',
      backend: { type: 'local', config: { path: 'recorded.tfstate', workspace_dir: null }, hash: 1234 },
    };
    const cwd = await directoryWith({ '.terraform/terraform.tfstate': JSON.stringify(record) });
    const report = await configReport(cwd);
    expect(report.backend).toEqual({ type: 'local', source: 'init' });
    expect(report.settings.path).toEqual({ value: 'recorded.tfstate', secret: false, source: 'init', file: '.terraform/terraform.tfstate' });
    expect(report.settings.workspace_dir).toMatchObject({ source: 'default' });
  });

  it('with a block of the recorded type, uses the recorded settings and warns when the block changed since init', async () => {
    const record = {
      version: 3,
      backend: { type: 'local', config: { path: 'recorded.tfstate', workspace_dir: 'recorded.d' }, hash: 1 },
    };
    const cwd = await directoryWith({
      'main.tf': 'terraform {\n  backend "local" {\n    path = "edited.tfstate"\n    workspace_dir = "recorded.d"\n  }\n}\n',
      'data/terraform.tfstate': JSON.stringify(record),
      'pushed.tfstate': stateFile({ serial: 9 }),
    });
    const env = { TF_DATA_DIR: 'data' };
    const result = await runTfstate(['config', '--json'], { cwd, env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Warning: the backend block at main.tf:2 sets path differently from what terraform init recorded in data/terraform.tfstate');
    const report = JSON.parse(result.stdout) as ConfigReport;
    expect(report.settings.path).toEqual({ value: 'recorded.tfstate', secret: false, source: 'init', file: 'data/terraform.tfstate' });
    expect(report.settings.workspace_dir).toEqual({ value: 'recorded.d', secret: false, source: 'block', file: 'main.tf', line: 4 });
    expect(await runTfstate(['state', 'push', 'pushed.tfstate'], { cwd, env })).toMatchObject({ code: 0 });
    expect(JSON.parse(await readFile(join(cwd, 'recorded.tfstate'), 'utf8'))).toMatchObject({ serial: 9 });
  });

  it('reads .terraform/environment unless -w or TF_WORKSPACE is given, and honours TF_DATA_DIR', async () => {
    const cwd = await directoryWith({ '.terraform/environment': 'staging', 'data/environment': 'from-data-dir\n' });
    expect((await configReport(cwd)).workspace).toEqual({ name: 'staging', source: 'environment-file', file: '.terraform/environment' });
    expect((await configReport(cwd, [], { TF_WORKSPACE: 'override' })).workspace).toEqual({ name: 'override', source: 'env' });
    expect((await configReport(cwd, ['-w', 'flagged'], { TF_WORKSPACE: 'override' })).workspace).toEqual({ name: 'flagged', source: 'flag' });
    expect((await configReport(cwd, [], { TF_DATA_DIR: 'data' })).workspace).toEqual({
      name: 'from-data-dir',
      source: 'environment-file',
      file: 'data/environment',
    });
    const shown = await runTfstate(['workspace', 'show'], { cwd });
    expect(shown).toMatchObject({ code: 0, stdout: 'staging\n' });
  });
});

describe('configuration errors', () => {
  it.each([
    ['an HCL syntax error', { 'main.tf': 'terraform {\n  backend "s3" {\n    bucket = \n  }\n}\n' }, /invalid HCL in main\.tf:3:/],
    [
      'two backend blocks',
      { 'a.tf': 'terraform {\n  backend "local" {}\n}\n', 'b.tf': '\nterraform {\n  backend "s3" {}\n}\n' },
      /b\.tf:3: duplicate backend configuration.*already given at a\.tf:2/,
    ],
    ['an unknown backend type', { 'main.tf': 'terraform {\n  backend "azurerm" {}\n}\n' }, /main\.tf:2: tfstate has no "azurerm" backend/],
    ['a cloud block', { 'main.tf': 'terraform {\n  cloud {\n    organization = "o"\n  }\n}\n' }, /main\.tf:2: the configuration uses a cloud block/],
    [
      'a variable in the block',
      { 'main.tf': 'terraform {\n  backend "s3" {\n    bucket = var.bucket\n  }\n}\n' },
      /main\.tf:3: variables may not be used in the backend setting "bucket"/,
    ],
    ['a bad -c file', { 'main.tf': '', 'bad.tfbackend': 'bucket = "x"\nbucket = "y"\n' }, /invalid HCL in bad\.tfbackend:2:1: Attribute redefined/],
  ])('%s is a clear error (exit 1) naming file and line', async (_name, files, message) => {
    const cwd = await directoryWith(files);
    const args = 'bad.tfbackend' in files ? ['-c', 'bad.tfbackend', 'config'] : ['config'];
    const result = await runTfstate(args, { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Hint: ');
    expect(result.stdout).toBe('');
  });

  it('a -c setting without a name is a usage error (exit 2)', async () => {
    const result = await runTfstate(['-c', '=value', 'config'], { cwd: await temporaryDirectory() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid backend setting name');
  });

  it('secret values stay out of syntax errors', async () => {
    const cwd = await directoryWith({ 'main.tf': 'terraform {\n  backend "s3" {\n    secret_key = "TOPSECRET123" +\n  }\n}\n' });
    const result = await runTfstate(['config'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('main.tf:3');
    expect(result.stderr).not.toContain('TOPSECRET123');
  });
});

describe('-c settings files', () => {
  it('reads HCL attributes of every kind, with comments, and JSON files', async () => {
    const cwd = await directoryWith({
      'typed.tfbackend': [
        '# a comment',
        'bucket = "typed" // trailing',
        'key = "k/terraform.tfstate"',
        'region = "us-east-1"',
        'max_retries = 3',
        '/* block comment */ use_lockfile = true',
        'allowed_account_ids = ["123456789012",]',
        'endpoints = {',
        '  s3       = "http://127.0.0.1:9000"',
        '  dynamodb = "http://127.0.0.1:8000"',
        '}',
        'workspace_key_prefix = "pre$${fix}"',
        '',
      ].join('\n'),
    });
    const report = await configReport(cwd, ['--backend', 's3', '-c', 'typed.tfbackend']);
    const fromFile = { secret: false, source: 'file', file: 'typed.tfbackend' };
    expect(report.settings.max_retries).toEqual({ value: 3, ...fromFile });
    expect(report.settings.use_lockfile).toEqual({ value: true, ...fromFile });
    expect(report.settings.allowed_account_ids).toEqual({ value: ['123456789012'], ...fromFile });
    expect(report.settings['endpoints.dynamodb']).toEqual({ value: 'http://127.0.0.1:8000', ...fromFile });
    expect(report.settings.workspace_key_prefix).toEqual({ value: 'pre${fix}', ...fromFile });
  });
});
