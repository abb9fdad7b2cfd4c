// Sums the test runners' own JSON reports into one line, `N passed, N failed`, and exits non-zero
// when anything failed. Usage: node scripts/test-summary.mjs <step>=<exit status>:<report.json> …
// A step that exited non-zero without a failed test (a type error, a file that did not load, a
// crashed set-up, a missing report) counts as one failure of its own.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
for (const argument of process.argv.slice(2)) {
  const [step, rest] = argument.split(/=(.*)/s);
  const [statusText, report] = rest.split(/:(.*)/s);
  const status = Number(statusText);
  let stepFailed = 0;
  let stepPassed = 0;
  let note = '';
  if (report && fs.existsSync(report)) {
    const results = JSON.parse(fs.readFileSync(report, 'utf8'));
    stepPassed = results.numPassedTests;
    stepFailed = results.numFailedTests;
    // A file that fails to load has no failed test but a failed suite.
    const unloaded = results.testResults.filter(
      (file) =>
        file.status === 'failed' && file.assertionResults.every((t) => t.status !== 'failed'),
    ).length;
    stepFailed += unloaded;
    if (unloaded) note = `, ${unloaded} file(s) did not load`;
  } else if (report) {
    note = ', no test report';
  }
  if (status !== 0 && stepFailed === 0) {
    stepFailed = 1;
    note += `, exited ${status}`;
  }
  passed += stepPassed;
  failed += stepFailed;
  console.log(`  ${step}: ${stepPassed} passed, ${stepFailed} failed${note}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
