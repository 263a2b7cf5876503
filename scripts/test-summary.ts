/** Prints one closing line for all test layers ("tests: N passed, N failed"), read from the runners' JSON reports. */
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
	if (!existsSync(file)) continue;
	const r = JSON.parse(readFileSync(file, 'utf8'));
	if (typeof r.numPassedTests === 'number') {
		// vitest
		passed += r.numPassedTests;
		failed += r.numFailedTests;
		skipped += r.numPendingTests + (r.numTodoTests ?? 0);
	} else if (r.stats) {
		// playwright
		passed += r.stats.expected + (r.stats.flaky ?? 0);
		failed += r.stats.unexpected;
		skipped += r.stats.skipped;
	}
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
