// Sums the vitest JSON reports every package wrote and prints one closing line
// ("tests: N passed, N failed, N skipped") so a whole-repo run ends with a single verdict.
// Failing tests are listed just above that line: a CI log is often read from its tail, where
// turbo's interleaved output no longer says which test failed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
const failures = [];
for (const group of ['packages', 'tooling']) {
  const groupDirectory = join(root, group);
  for (const name of readdirSync(groupDirectory)) {
    const packageDirectory = join(groupDirectory, name);
    const manifest = join(packageDirectory, 'package.json');
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
    const report = join(packageDirectory, '.test-results.json');
    if (!existsSync(report)) {
      missing.push(`${group}/${name}`);
      continue;
    }
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed += results.numPassedTests ?? 0;
    for (const file of results.testResults ?? []) {
      for (const test of file.assertionResults ?? []) {
        if (test.status !== 'failed') continue;
        const reason = (test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
        failures.push(`${group}/${name}: ${file.name.slice(packageDirectory.length + 1)} > ${test.fullName}\n    ${reason}`);
      }
    }
    failed += results.numFailedTests ?? 0;
    // A run can fail without a failing test (no test files, a crash while loading a file):
    // count it, so the summary never says "0 failed" for a failed package.
    if (results.success === false && (results.numFailedTests ?? 0) === 0) {
      console.error(`${group}/${name}: the test run failed outside any test (see its output above)`);
      failed += Math.max(1, results.numFailedTestSuites ?? 0);
    }
    skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  }
}
if (failures.length > 0) console.error(`failed tests:\n  ${failures.join('\n  ')}`);
if (missing.length > 0) {
  console.error(`no test report from: ${missing.join(', ')}`);
  failed += missing.length;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
