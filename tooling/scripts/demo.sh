#!/usr/bin/env bash
# The main job on the embedded default (Terraform's local backend): push a real Terraform state,
# manage workspaces, read outputs and the lock, show the import check refusing a bad push, read the
# configuration like Terraform, check the setup, migrate, and serve the state over Terraform's http
# backend protocol.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export TURBO_TELEMETRY_DISABLED=1
(cd "$root" && node_modules/.bin/turbo run build --output-logs=errors-only >/dev/null)

tfstate() { node "$root/packages/cli/bin/tfstate.mjs" "$@"; }
step() { printf '\n\033[1m$ tfstate %s\033[0m\n' "$*"; }
work="$(mktemp -d "${TMPDIR:-/tmp}/tfstate-demo-XXXXXX")"
cd "$work"
echo "Working in $work (a fresh directory, like a Terraform root module)"

step state push sample.tfstate
cp "$root/tooling/demo/sample.tfstate" sample.tfstate
tfstate state push sample.tfstate

step workspace new staging
tfstate workspace new staging
step -w staging state push sample.tfstate
tfstate -w staging state push sample.tfstate
step workspace list
tfstate workspace list

step outputs
tfstate outputs
step outputs --json
tfstate outputs --json
step outputs vpc_cidr --raw
tfstate outputs vpc_cidr --raw
echo

step lock status
tfstate lock status

step state push older.tfstate "(an older serial: refused, nothing changed)"
sed 's/"serial": 2/"serial": 1/' sample.tfstate > older.tfstate
tfstate state push older.tfstate || echo "(exit code $?)"

step state pull "| head -5"
tfstate state pull | head -5

step config "(with a backend block in main.tf, as terraform init would read it)"
printf 'terraform {\n  backend "local" {\n    path = "terraform.tfstate"\n  }\n}\n' > main.tf
tfstate config

step workspace select staging
tfstate workspace select staging
tfstate workspace show
tfstate workspace select default
rm main.tf # terraform itself would now ask for terraform init before reading the state

step doctor
tfstate doctor

step migrate --to-backend local -t path=copy/terraform.tfstate -t workspace_dir=copy/terraform.tfstate.d
tfstate migrate --to-backend local -t path=copy/terraform.tfstate -t workspace_dir=copy/terraform.tfstate.d

step serve --listen 127.0.0.1:0 "(Terraform's http backend protocol, in the background)"
# node directly, not the tfstate function: $! must be the server itself for the SIGTERM below.
node "$root/packages/cli/bin/tfstate.mjs" serve --listen 127.0.0.1:0 --log-format none 2> serve.log &
serve_pid=$!
for _ in $(seq 50); do grep -q 'listening on' serve.log 2>/dev/null && break; sleep 0.1; done
address="$(grep -o 'http://[0-9.:]*' serve.log | head -1)"
cat serve.log
node -e '
  const base = process.argv[1];
  const show = async (method, path) => {
    const response = await fetch(base + path, { method });
    const body = (await response.text()).trim();
    console.log(`${method} ${path} -> ${response.status} ${body.length > 80 ? body.slice(0, 77) + "..." : body}`);
  };
  (async () => {
    await show("GET", "/healthz");
    await show("GET", "/staging");
  })();
' "$address"
printf 'Paste into a Terraform configuration to use it (locking included):\n  terraform {\n    backend "http" {\n      address        = "%s/staging"\n      lock_address   = "%s/staging"\n      unlock_address = "%s/staging"\n    }\n  }\n' "$address" "$address" "$address"
kill -TERM "$serve_pid"
wait "$serve_pid" || true

printf '\nFiles Terraform would see:\n'
find . -name '*.tfstate*' -not -name 'sample.tfstate' -not -name 'older.tfstate' -not -path './copy/*' | sort
if command -v terraform >/dev/null 2>&1; then
  printf '\n\033[1m$ terraform output -json replicas\033[0m   (the real terraform reads what tfstate wrote)\n'
  TF_CLI_CONFIG_FILE=/dev/null terraform output -no-color -json replicas
fi
