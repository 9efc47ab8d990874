import { defineConfig } from 'tsup';
import { packageBuild } from '@x/tsup-config';

export default defineConfig(
  packageBuild({
    entry: {
      index: 'src/index.ts',
      'errors/index': 'src/errors/index.ts',
      'conformance/index': 'src/conformance/index.ts',
      'memory/index': 'src/memory/index.ts',
    },
    external: ['vitest'],
  }),
);
