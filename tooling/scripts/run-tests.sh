#!/usr/bin/env bash
# Every test of the repository: type-checks all packages, runs each package's vitest suite
# (test servers are started by the suites themselves), then prints one summary line.
set -uo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1
rm -f packages/*/.test-results.json tooling/*/.test-results.json
status=0
node_modules/.bin/turbo run typecheck --output-logs=errors-only || status=1
node_modules/.bin/turbo run test --concurrency=1 --continue || status=1
node tooling/scripts/test-summary.mjs || status=1
exit $status
