import type { CommandDefinition } from './lazy-action.js';
import { withExamples } from './command-examples.js';

export const defineServeCommand: CommandDefinition = (program, lazy) => {
  const serve = withExamples(
    program
      .command('serve')
      .description("serve the backend's state over HTTP to Terraform's and OpenTofu's `http` backend (one path per workspace)")
      .option('--listen <host:port>', 'address to listen on (port 0 picks a free port)', '127.0.0.1:8080')
      .option('--auth-file <file>', 'basic-auth accounts: htpasswd bcrypt lines or JSON with per-workspace grants (else TFSTATE_SERVE_AUTH)')
      .option('--tls-cert <file>', 'PEM certificate (chain) for HTTPS')
      .option('--tls-key <file>', 'PEM private key for HTTPS')
      .option('--tls-client-ca <file>', 'require client certificates signed by this PEM CA')
      .option('--max-body <size>', 'largest state accepted (413 above)', '64MiB')
      .option('--audit-log <file>', 'append a JSON line per state change, lock, unlock and refused request')
      .option('--log-format <format>', 'request log on stderr: json, text or none', 'json')
      .option('--allow-writes-without-lock-id', 'accept writes without ?ID= while the workspace is locked (terraform -lock=false)')
      .option('--headers-timeout <duration>', 'time allowed to send the request headers', '60s')
      .option('--request-timeout <duration>', 'time allowed to send a whole request', '5m')
      .option('--idle-timeout <duration>', 'keep-alive time of an idle connection', '65s')
      .option('--shutdown-timeout <duration>', 'on SIGTERM/SIGINT, how long in-flight requests may finish', '30s'),
    [
      'tfstate serve   # local state of this directory on http://127.0.0.1:8080/default',
      'tfstate --backend s3 -c backend.hcl serve --listen 0.0.0.0:8443 --auth-file users.htpasswd --tls-cert cert.pem --tls-key key.pem',
      'tfstate serve hash-password --user ci < password.txt >> users.htpasswd',
    ],
    'Terraform configuration: backend "http" { address = "http://127.0.0.1:8080/WORKSPACE", lock_address = (same), unlock_address = (same) }.\n' +
      'GitLab-style lock_address = ".../WORKSPACE/lock" with lock_method = "POST", unlock_method = "DELETE" works too.',
  ).action(lazy(() => import('../commands/serve.js')));

  withExamples(
    serve
      .command('hash-password')
      .description('read a password from stdin and print its bcrypt hash for --auth-file')
      .option('--user <name>', 'print an htpasswd line "name:hash" instead of the bare hash')
      .option('--cost <rounds>', 'bcrypt cost factor (4-15)', '10'),
    ['printf %s "$PASSWORD" | tfstate serve hash-password --user ci >> users.htpasswd'],
  ).action(lazy(() => import('../commands/serve-hash-password.js')));
};
