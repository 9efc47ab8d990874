import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '@x/tsup-config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig(
  packageBuild({
    entry: { index: 'src/index.ts' },
    // Baked in so `--version` and `--help` read no file at start-up.
    define: { TFSTATE_VERSION: JSON.stringify(version) },
    // Commander is bundled: loading it from node_modules goes through the CommonJS loader (six
    // files and an export scan), about a third of what `tfstate --help` costs over `node -e 0`.
    noExternal: ['commander'],
    // The bundled CommonJS calls require('events'), require('fs'), ...: ESM chunks need one. Made
    // on first use, so the chunks that never call it (all but commander's) drop it when tree-shaken.
    banner: {
      js: [
        "import { createRequire as createRequireForBundledCommonJs } from 'node:module';",
        'let requireForBundledCommonJs;',
        'const require = (id) => (requireForBundledCommonJs ??= createRequireForBundledCommonJs(import.meta.url))(id);',
      ].join('\n'),
    },
  }),
);
