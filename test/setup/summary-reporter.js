/**
 * Prints one plain closing line ("tests: N passed, N failed") for CI logs. Jest always prints its own
 * summary last, so the line is written when the process exits (stderr writes to files and pipes are
 * synchronous on Linux).
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
		process.once('exit', () => process.stderr.write(line));
	}
}

module.exports = SummaryReporter;
