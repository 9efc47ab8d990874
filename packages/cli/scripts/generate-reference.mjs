#!/usr/bin/env node
/**
 * Rewrites the command reference in the repository's README.md (the part between
 * <!-- commands:start --> and <!-- commands:end -->) from the built CLI's command definitions
 * (`tfstate __reference`). When the markers are missing, adds them under a "## Command reference"
 * heading before "## License". Run through `pnpm --filter @x/cli reference`, which builds first.
 * Usage: node scripts/generate-reference.mjs [README path, default the repository's README.md]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const readmePath = process.argv[2] ?? fileURLToPath(new URL('../../../README.md', import.meta.url));
const binPath = fileURLToPath(new URL('../bin/tfstate.mjs', import.meta.url));
const startMarker = '<!-- commands:start -->';
const endMarker = '<!-- commands:end -->';

const section = execFileSync(process.execPath, [binPath, '__reference'], { encoding: 'utf8' });
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(startMarker);
const end = readme.indexOf(endMarker);

let updated;
if (start !== -1 && end > start) {
  // The section ends with the end marker and a newline; keep whatever followed it.
  const afterEnd = end + endMarker.length + (readme[end + endMarker.length] === '\n' ? 1 : 0);
  updated = `${readme.slice(0, start)}${section}${readme.slice(afterEnd)}`;
} else if (start !== -1 || end !== -1) {
  console.error(`README.md has only one of ${startMarker} and ${endMarker}: put back the missing one (or remove both) and rerun.`);
  process.exit(1);
} else {
  const heading = `## Command reference\n\n${section}\n`;
  const license = readme.indexOf('\n## License');
  updated = license === -1 ? `${readme.trimEnd()}\n\n${heading}` : `${readme.slice(0, license + 1)}${heading}${readme.slice(license + 1)}`;
}

if (updated === readme) {
  console.log('README.md command reference is up to date.');
} else {
  writeFileSync(readmePath, updated);
  console.log('README.md command reference rewritten from the command definitions.');
}
