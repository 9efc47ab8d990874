import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../lib/processes.mjs';
import { goal, printTable, writeResult } from '../lib/report.mjs';
import { median } from '../lib/statistics.mjs';

export const name = 'cold-start';
export const title = 'tfstate cold start vs node -e 0';
export const needsServers = false;

const runs = 20;
const moduleTrace = fileURLToPath(new URL('../lib/module-trace.mjs', import.meta.url));

/** The `tfstate` executable of @x/cli, as an installed package would run it. */
function tfstateBin() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@x/cli/package.json')), 'bin', 'tfstate.mjs');
}

const smallState = `${JSON.stringify(
  {
    version: 4,
    terraform_version: '1.11.4',
    serial: 3,
    lineage: '8d3f5b0e-1c2a-4b7e-9f10-2a3b4c5d6e7f',
    outputs: { region: { value: 'eu-west-1', type: 'string' }, replicas: { value: 3, type: 'number' } },
    resources: [],
    check_results: null,
  },
  null,
  2,
)}\n`;

export async function run() {
  const bin = tfstateBin();
  const directory = await mkdtemp(join(tmpdir(), 'bench-cold-start-'));
  await writeFile(join(directory, 'terraform.tfstate'), smallState);
  // A clean environment: no AWS variables, so nothing hints the CLI to load an SDK.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const commands = {
    'node -e 0': [process.execPath, ['-e', '0']],
    'tfstate --help': [process.execPath, [bin, '--help']],
    'tfstate outputs (local backend)': [process.execPath, [bin, '--chdir', directory, 'outputs']],
  };
  const samples = Object.fromEntries(Object.keys(commands).map((label) => [label, []]));
  try {
    for (const [command, args] of Object.values(commands)) await runProcess(command, args, { env }); // warm the file cache
    for (let round = 0; round < runs; round++) {
      for (const [label, [command, args]] of Object.entries(commands)) {
        const result = await runProcess(command, args, { env });
        samples[label].push(result.ms);
        if (label.startsWith('tfstate outputs') && !result.stdout.includes('eu-west-1')) {
          throw new Error(`tfstate outputs printed an unexpected result: ${result.stdout}`);
        }
      }
    }
    const traceFile = join(directory, 'modules.txt');
    await runProcess(process.execPath, ['--import', moduleTrace, bin, '--help'], { env: { ...env, BENCH_MODULE_TRACE: traceFile } });
    const resolvedModules = (await readFile(traceFile, 'utf8')).split('\n').filter(Boolean);
    const sdkModulesAfterHelp = resolvedModules.filter((url) => /\/@(aws-sdk|smithy|alicloud)\/|\/(ali-oss|tablestore)\//.test(url));
    const nodeMedian = median(samples['node -e 0']);
    const rows = Object.entries(samples).map(([label, values]) => ({
      command: label,
      runs: values.length,
      medianMs: median(values),
      minMs: Math.min(...values),
      maxMs: Math.max(...values),
      ratioToNode: median(values) / nodeMedian,
    }));
    printTable(`${title} (median of ${runs} interleaved runs, wall time of the whole process)`, rows);
    const goals = [
      goal('tfstate --help median / node -e 0 median', rows[1].ratioToNode, 2, 'x'),
      goal('tfstate outputs (local) median / node -e 0 median', rows[2].ratioToNode, undefined, 'x'),
      goal('tfstate outputs (local) median', rows[2].medianMs, undefined, 'ms'),
      goal('provider SDK modules resolved by tfstate --help', sdkModulesAfterHelp.length, 0, 'modules'),
      goal('modules resolved by tfstate --help (all)', resolvedModules.length, undefined, 'modules'),
    ];
    await writeResult(name, { runs, rows, samples, resolvedModules, sdkModulesAfterHelp, goals });
    return { goals };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
