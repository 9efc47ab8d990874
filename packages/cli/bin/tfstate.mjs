#!/usr/bin/env node
import module from 'node:module';

// The compile cache makes every later start faster; it exists from Node 22.1 and is skipped on older versions.
module.enableCompileCache?.();

const { runCli } = await import('../dist/index.js');
process.exitCode = await runCli(process.argv.slice(2));
