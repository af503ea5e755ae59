/** `npm run bench` — performance figures as ratios against a bare HTTP loop. Lands with the fault/benchmark issue. */
process.stdout.write('npm run bench: not yet — benchmarks land with the fault suite (issue 6).\n');
