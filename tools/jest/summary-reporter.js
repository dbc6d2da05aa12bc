const { appendFileSync } = require('node:fs');

// Prints one plain closing line ("tests: N passed, N failed, N skipped") that CI tooling
// reads, and appends the counts to CAUSEWAY_TEST_SUMMARY_FILE so tools/scripts/test.sh can
// total the tiers it runs separately.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
    const file = process.env.CAUSEWAY_TEST_SUMMARY_FILE;
    if (file) appendFileSync(file, `${results.numPassedTests} ${failed} ${skipped}\n`);
  }
}
module.exports = SummaryReporter;
