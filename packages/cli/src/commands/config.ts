import type { DescribedSetting } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import type { BackendSelection } from '../config/backend-selection.js';
import { describeSource, type SettingSource } from '../config/setting-source.js';
import { note, printJson, printLines } from '../support/print.js';

/** What stands in for a secret, as Terraform prints sensitive values. */
const SENSITIVE = '(sensitive value)';

/** Setting names that hold credentials in any backend; hidden even when a provider has no describer. */
const secretName = /(secret|token|password|access_key|sse_customer_key|private_key)/i;

/** A setting as `tfstate config` shows it. */
interface ShownSetting {
  value: unknown;
  secret: boolean;
  source: SettingSource['kind'] | 'profile';
  file?: string;
  line?: number;
  env?: string;
}

/**
 * `config`: the backend `tfstate` opens — type, every effective setting with where it came
 * from (configuration block, `-c` file or flag, environment variable, provider default,
 * `terraform init`'s record), and the selected workspace with its source. Secret values are
 * never printed.
 */
export async function run(context: CommandContext): Promise<void> {
  const selection = await context.backendSelection();
  for (const warning of selection.warnings) note(context, `Warning: ${warning}`);
  const settings = await effectiveSettings(context, selection);
  const backend = { type: selection.type, source: selection.typeSource, ...selection.block };
  const { workspaceSelection } = context;
  const workspace = {
    name: workspaceSelection.name,
    source: workspaceSelection.source,
    ...(workspaceSelection.file === undefined ? {} : { file: workspaceSelection.file }),
  };
  if (context.json) {
    await printJson(context, { backend, settings, workspace, warnings: selection.warnings });
    return;
  }
  const width = Math.max(0, ...Object.keys(settings).map((name) => name.length));
  const where = selection.block === undefined ? backend.source : describeSource({ kind: 'block', ...selection.block });
  await printLines(
    context,
    `Backend: ${backend.type} (${where})`,
    `Workspace: ${workspace.name} (${workspace.source === 'environment-file' ? workspace.file : workspace.source})`,
    ...(Object.keys(settings).length === 0 ? [] : ['Settings:']),
    ...Object.entries(settings).map(
      ([name, setting]) =>
        `  ${name.padEnd(width)} = ${setting.secret ? SENSITIVE : JSON.stringify(setting.value)}  # ${describeShownSource(setting)}`,
    ),
  );
}

async function effectiveSettings(context: CommandContext, selection: BackendSelection): Promise<Record<string, ShownSetting>> {
  const registration = context.registry.get(selection.type);
  const factoryContext = { workingDirectory: context.workingDirectory, env: context.io.env };
  const described: DescribedSetting[] =
    registration.describe === undefined
      ? Object.entries(selection.config).map(([name, value]) => ({ name, value, source: 'config', secret: secretName.test(name) }))
      : await (await registration.describe())(selection.config, factoryContext);
  const shown: Record<string, ShownSetting> = {};
  for (const setting of described) {
    const secret = setting.secret || secretName.test(setting.name);
    const entry: ShownSetting = { value: secret ? SENSITIVE : setting.value, secret, source: 'default' };
    if (setting.source === 'config') {
      Object.assign(entry, sourceFields(configuredSource(selection, setting.name)));
    } else if (setting.source === 'env') {
      Object.assign(entry, { source: 'env', ...(setting.envName === undefined ? {} : { env: setting.envName }) });
    } else if (setting.source === 'profile') {
      Object.assign(entry, { source: 'profile', ...(setting.file === undefined ? {} : { file: setting.file }) });
    }
    shown[setting.name] = entry;
  }
  return shown;
}

/** The source of a setting the provider took from the given configuration: its top-level argument's source. */
function configuredSource(selection: BackendSelection, name: string): SettingSource {
  const top = name.split('.')[0]!;
  return selection.sources[top] ?? selection.sources[name] ?? { kind: 'flag' };
}

function sourceFields(source: SettingSource): Pick<ShownSetting, 'source' | 'file' | 'line' | 'env'> {
  switch (source.kind) {
    case 'block':
      return { source: 'block', file: source.file, ...(source.line === undefined ? {} : { line: source.line }) };
    case 'file':
    case 'init':
      return { source: source.kind, file: source.file };
    case 'env':
      return { source: 'env', env: source.name };
    default:
      return { source: source.kind };
  }
}

function describeShownSource(setting: ShownSetting): string {
  if (setting.source === 'block') return describeSource({ kind: 'block', file: setting.file!, line: setting.line });
  if (setting.source === 'env') return `env ${setting.env ?? ''}`.trim();
  if (setting.file !== undefined) return `${setting.source} ${setting.file}`;
  return setting.source;
}
