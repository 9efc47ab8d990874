#!/usr/bin/env node
import module from 'node:module';

// The compile cache makes every later start faster; it exists from Node 22.1 and is skipped on older versions.
module.enableCompileCache?.();

// On Node 20 the AWS SDK prints a "NodeVersionSupportWarning" before every s3 command's output; tfstate
// supports Node 20 (see engines), so the notice is noise here. A user who sets the variable keeps their choice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { runCli } = await import('../dist/index.js');
process.exitCode = await runCli(process.argv.slice(2));
