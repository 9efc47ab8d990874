import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runProcess } from '../lib/processes.mjs';
import { goal, printTable, writeResult } from '../lib/report.mjs';
import { makeStateBytes } from '../lib/state-file.mjs';
import { MiB, median } from '../lib/statistics.mjs';

export const name = 'outputs';
export const title = 'tfstate outputs --json (local backend) vs raw read + JSON.parse vs terraform output -json (informational)';
export const needsServers = false;

const runs = 15;

/** Root module outputs of every type terraform output prints, one of them sensitive. */
const outputs = {
  vpc_id: { value: 'vpc-0a1b2c3d', type: 'string' },
  replicas: { value: 3, type: 'number' },
  enabled: { value: true, type: 'bool' },
  subnets: { value: ['10.0.1.0/24', '10.0.2.0/24'], type: ['list', 'string'] },
  tags: { value: { team: 'platform', env: 'prod' }, type: ['map', 'string'] },
  password: { value: 'hunter2', type: 'string', sensitive: true },
};

/** What a hand-written script does: read the file, JSON.parse it, print `outputs` like terraform output -json. */
const rawScript = `const state = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
process.stdout.write(JSON.stringify(state.outputs, null, 2) + '\\n');`;

/** The `tfstate` executable of @x/cli, as an installed package would run it. */
function tfstateBin() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@x/cli/package.json')), 'bin', 'tfstate.mjs');
}

/** A state of about `bytes` bytes (filler resources) with the outputs above. */
function stateWithOutputs(bytes) {
  const state = JSON.parse(makeStateBytes(bytes).toString('utf8'));
  state.outputs = outputs;
  return `${JSON.stringify(state, null, 2)}\n`;
}

const sizes = [
  { label: 'small state (outputs only)', bytes: 0 },
  { label: '~10 MiB state', bytes: 10 * MiB },
];

export async function run() {
  const bin = tfstateBin();
  const terraformFound = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
  const rows = [];
  for (const size of sizes) {
    const directory = await mkdtemp(join(tmpdir(), 'bench-outputs-'));
    try {
      const statePath = join(directory, 'terraform.tfstate');
      await writeFile(statePath, stateWithOutputs(size.bytes));
      await writeFile(join(directory, 'cli.tfrc'), '');
      const env = { PATH: process.env.PATH, HOME: process.env.HOME };
      const terraformEnv = { ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: join(directory, 'cli.tfrc') };
      const commands = {
        'tfstate outputs --json': [process.execPath, [bin, '--chdir', directory, 'outputs', '--json'], env],
        'node: readFile + JSON.parse': [process.execPath, ['-e', rawScript, statePath], env],
        ...(terraformFound ? { 'terraform output -json': ['terraform', [`-chdir=${directory}`, 'output', '-json'], terraformEnv] } : {}),
      };

      // Same answer first: tfstate prints what terraform prints (and what the raw script parses).
      const printed = {};
      for (const [label, [command, args, commandEnv]] of Object.entries(commands)) {
        printed[label] = JSON.parse((await runProcess(command, args, { env: commandEnv })).stdout);
      }
      if (terraformFound && JSON.stringify(printed['tfstate outputs --json']) !== JSON.stringify(printed['terraform output -json'])) {
        throw new Error(`tfstate outputs --json differs from terraform output -json:\n${JSON.stringify(printed)}`);
      }

      const wall = Object.fromEntries(Object.keys(commands).map((label) => [label, []]));
      for (let round = 0; round < runs; round++) {
        for (const [label, [command, args, commandEnv]] of Object.entries(commands)) {
          wall[label].push((await runProcess(command, args, { env: commandEnv })).ms);
        }
      }
      const ours = median(wall['tfstate outputs --json']);
      for (const label of Object.keys(commands)) {
        rows.push({
          state: size.label,
          command: label,
          medianMs: median(wall[label]),
          tfstateRatio: ours / median(wall[label]),
        });
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }
  printTable(`${title} (median of ${runs} interleaved runs, whole process; ratios are tfstate / that command)`, rows);
  const goals = rows
    .filter((row) => row.command !== 'tfstate outputs --json')
    .map((row) => goal(`${row.state}: tfstate outputs --json / ${row.command}`, row.tfstateRatio, undefined, 'x'));
  if (!terraformFound) goals.push({ goal: 'terraform output -json comparison', status: 'INFO', note: 'terraform is not on PATH' });
  await writeResult(name, { runs, rows, goals });
  return { goals };
}
