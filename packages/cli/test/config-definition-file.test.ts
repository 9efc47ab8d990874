import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBackendDefinitionFile } from '../src/config/backend-definition-file.js';
import { temporaryDirectory } from './helpers/run-tfstate.js';

// The reader other commands use for a second backend (migrate --to-config FILE): real files, no CLI.
describe('readBackendDefinitionFile', () => {
  it('takes type and settings from a .tf file with a backend block', async () => {
    const cwd = await temporaryDirectory();
    const path = join(cwd, 'target.tf');
    await writeFile(path, 'terraform {\n  backend "s3" {\n    bucket = "b"\n    max_retries = 2\n  }\n}\n');
    expect(await readBackendDefinitionFile(path, 'target.tf')).toEqual({
      type: 's3',
      config: { bucket: 'b', max_retries: 2 },
      sources: { bucket: { kind: 'block', file: 'target.tf', line: 3 }, max_retries: { kind: 'block', file: 'target.tf', line: 4 } },
    });
  });

  it('reads any other file as -backend-config settings, without a type', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'target.tfbackend'), 'bucket = "b"\nendpoints = { s3 = "http://x" }\n');
    await writeFile(join(cwd, 'target.json'), '{"bucket": "j"}');
    expect(await readBackendDefinitionFile(join(cwd, 'target.tfbackend'), 'target.tfbackend')).toEqual({
      config: { bucket: 'b', endpoints: { s3: 'http://x' } },
      sources: { bucket: { kind: 'file', file: 'target.tfbackend' }, endpoints: { kind: 'file', file: 'target.tfbackend' } },
    });
    expect((await readBackendDefinitionFile(join(cwd, 'target.json'))).config).toEqual({ bucket: 'j' });
  });

  it('refuses a .tf file without a backend block, naming it', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'empty.tf'), 'output "x" { value = 1 }\n');
    await expect(readBackendDefinitionFile(join(cwd, 'empty.tf'), 'empty.tf')).rejects.toThrow(/empty\.tf has no terraform \{ backend/);
  });
});
