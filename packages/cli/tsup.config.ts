import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '@x/tsup-config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig(
  packageBuild({
    entry: { index: 'src/index.ts' },
    // Baked in so `--version` and `--help` read no file at start-up.
    define: { TFSTATE_VERSION: JSON.stringify(version) },
  }),
);
