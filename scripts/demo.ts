/** `npm run demo` — the example workflow end to end. Lands with the end-to-end issue. */
process.stdout.write('npm run demo: not yet — the end-to-end demo lands with the example workflows (issue 8).\n');
