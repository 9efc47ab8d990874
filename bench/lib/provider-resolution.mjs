import { register } from 'node:module';

// Loaded with `node --import` in front of the tfstate CLI; see provider-resolution-hooks.mjs.
register('./provider-resolution-hooks.mjs', import.meta.url);
