import type { StateDiff, StateDiffChangedInstance, StateDiffInstance, StateDiffOutput } from './state-diff.js';
import { isEmptyStateDiff } from './state-diff.js';

/**
 * The diff as lines for a terminal: a header with both serials (and both lineages when they
 * differ), then `+` added, `-` removed and `~` changed instances and outputs, then a count.
 * Sensitive output values print as `(sensitive)`; attribute values never print. Ends in a new line.
 */
export function formatStateDiff(diff: StateDiff): string {
  const lines = [header(diff)];
  const { resources, outputs } = diff;
  for (const instance of resources.added) lines.push(`+ ${instanceLabel(instance)}`);
  for (const instance of resources.removed) lines.push(`- ${instanceLabel(instance)}`);
  for (const instance of resources.changed) lines.push(`~ ${instanceLabel(instance)}${changeDetail(instance)}`);
  for (const output of outputs.added) lines.push(`+ output.${output.name}${outputValue(output)}`);
  for (const output of outputs.removed) lines.push(`- output.${output.name}${outputValue(output)}`);
  for (const output of outputs.changed) {
    const detail = output.sensitive
      ? ` (sensitive; changed: ${output.changes.join(', ')})`
      : output.changes.includes('value')
        ? `: ${compact(output.before)} -> ${compact(output.after)}`
        : ` (changed: ${output.changes.join(', ')})`;
    lines.push(`~ output.${output.name}${detail}`);
  }
  if (isEmptyStateDiff(diff)) {
    lines.push('No resource or output changes.');
  } else {
    lines.push(
      '',
      `Resources: ${resources.added.length} added, ${resources.removed.length} removed, ${resources.changed.length} changed. ` +
        `Outputs: ${outputs.added.length} added, ${outputs.removed.length} removed, ${outputs.changed.length} changed.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function header(diff: StateDiff): string {
  const { before, after } = diff;
  const lineage = before.lineage === after.lineage ? `lineage ${after.lineage}` : `lineage ${before.lineage} -> ${after.lineage} (different histories)`;
  const version = before.terraformVersion === after.terraformVersion ? after.terraformVersion : `${before.terraformVersion} -> ${after.terraformVersion}`;
  return `Serial ${before.serial} -> ${after.serial}, ${lineage}, written by ${version}`;
}

function instanceLabel(instance: StateDiffInstance): string {
  return instance.deposed === undefined ? instance.address : `${instance.address} (deposed object ${instance.deposed})`;
}

function changeDetail(instance: StateDiffChangedInstance): string {
  const parts: string[] = [];
  if (instance.attributes.length > 0) parts.push(`attributes: ${instance.attributes.join(', ')}`);
  if (instance.sensitiveAttributes.length > 0) parts.push(`sensitive: ${instance.sensitiveAttributes.join(', ')}`);
  if (instance.fields.length > 0) parts.push(`fields: ${instance.fields.join(', ')}`);
  return ` (${parts.join('; ')})`;
}

function outputValue(output: StateDiffOutput): string {
  return output.sensitive ? ' (sensitive)' : ` = ${compact(output.value)}`;
}

function compact(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}
