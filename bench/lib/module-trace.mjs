import { register } from 'node:module';

// Loaded with `node --import`: records which modules the program under test resolves.
register('./module-trace-hooks.mjs', import.meta.url);
