import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';

const run = promisify(execFile);
const readmePath = fileURLToPath(new URL('../../../README.md', import.meta.url));
const generator = fileURLToPath(new URL('../scripts/generate-reference.mjs', import.meta.url));
const startMarker = '<!-- commands:start -->';
const endMarker = '<!-- commands:end -->';
const fix = 'README.md command reference is out of date with the command definitions: run `pnpm --filter @x/cli reference`';

interface CommandReference {
  name: string;
  examples: string[];
  leaf: boolean;
  subcommands: CommandReference[];
}

async function generatedSection(): Promise<string> {
  const result = await runTfstate(['__reference'], { cwd: await temporaryDirectory() });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

function everyCommand(command: CommandReference): CommandReference[] {
  return command.subcommands.flatMap((child) => [child, ...everyCommand(child)]);
}

describe('README command reference', () => {
  it('matches the command definitions', async () => {
    const readme = await readFile(readmePath, 'utf8');
    const start = readme.indexOf(startMarker);
    const end = readme.indexOf(endMarker);
    expect(start, `${fix} (the ${startMarker} marker is missing)`).toBeGreaterThan(-1);
    expect(end, `${fix} (the ${endMarker} marker is missing)`).toBeGreaterThan(start);
    expect(readme.slice(start, end + endMarker.length + 1), fix).toBe(await generatedSection());
    expect(readme.slice(0, start)).toMatch(/## Command reference\s*$/);
  });

  it('documents every command with its usage and gives every leaf command at least one example', async () => {
    const result = await runTfstate(['__reference', '--json'], { cwd: await temporaryDirectory() });
    expect(result.code).toBe(0);
    const root = JSON.parse(result.stdout) as CommandReference;
    const commands = everyCommand(root);
    expect(commands.map((command) => command.name)).toEqual(expect.arrayContaining(['tfstate workspace list', 'tfstate outputs', 'tfstate completion']));
    const missing = commands.filter((command) => command.leaf && command.examples.length === 0).map((command) => command.name);
    expect(missing, `every command needs one real example: add it with withExamples() in src/definitions (missing: ${missing.join(', ')})`).toEqual([]);
    for (const command of commands) for (const example of command.examples) expect(example).toMatch(/\btfstate\b/);
    const section = await generatedSection();
    for (const command of commands) expect(section).toContain(`\`${command.name}\``);
    expect(section).not.toContain('__complete');
    expect(section).not.toContain('__reference');
  });

  it('the generator adds the markers under a heading when missing, rewrites a stale section and keeps the rest', async () => {
    const directory = await temporaryDirectory();
    const readme = join(directory, 'README.md');
    await writeFile(readme, '# Project\n\nIntro.\n\n## License\n\nMIT\n');
    const first = await run(process.execPath, [generator, readme]);
    expect(first.stdout).toContain('rewritten');
    const section = await generatedSection();
    expect(await readFile(readme, 'utf8')).toBe(`# Project\n\nIntro.\n\n## Command reference\n\n${section}\n## License\n\nMIT\n`);

    const again = await run(process.execPath, [generator, readme]);
    expect(again.stdout).toContain('up to date');

    await writeFile(readme, `# Project\n\n## Command reference\n\n${startMarker}\nold text\n${endMarker}\n\n## License\n`);
    await run(process.execPath, [generator, readme]);
    expect(await readFile(readme, 'utf8')).toBe(`# Project\n\n## Command reference\n\n${section}\n## License\n`);
  });

  it('the generator refuses a README with only one marker', async () => {
    const directory = await temporaryDirectory();
    const readme = join(directory, 'README.md');
    await writeFile(readme, `# Project\n\n${startMarker}\n`);
    const failure = await run(process.execPath, [generator, readme]).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(endMarker);
  });

  it('__reference is hidden from help', async () => {
    const help = await runTfstate(['--help'], { cwd: await temporaryDirectory() });
    expect(help.stdout).not.toContain('__reference');
  });
});
