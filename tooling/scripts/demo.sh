#!/usr/bin/env bash
# The main job on the embedded default (Terraform's local backend): push a real Terraform state,
# manage workspaces, read outputs and the lock, and show the import check refusing a bad push.
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

printf '\nFiles Terraform would see:\n'
find . -name '*.tfstate*' -not -name 'sample.tfstate' -not -name 'older.tfstate' | sort
if command -v terraform >/dev/null 2>&1; then
  printf '\n\033[1m$ terraform output -json replicas\033[0m   (the real terraform reads what tfstate wrote)\n'
  TF_CLI_CONFIG_FILE=/dev/null terraform output -no-color -json replicas
fi
