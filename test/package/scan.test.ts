/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * scripts/scan.ts's analyzePackage (n8n's own scanner on a local folder) reports a planted violation:
 * the same small package passes, then fails once a node uses child_process and process.env.
 *
 * Run as a separate process (`tsx scripts/scan.ts --dir … --json`), as `npm run scan` runs it: the
 * scanner is ESM, and its n8n-nodes-base rules only work when ESLint's parser is loaded by Node
 * itself, not through a test runner's module registry (the scanner's own tests note this).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, TARBALL_PATTERNS } from '../../scripts/scan';

interface ScanOutput {
	passed: boolean;
	legs: Array<{ passed: boolean; message?: string; details?: string }>;
}

let temp: string;

beforeAll(() => {
	temp = mkdtempSync(path.join(os.tmpdir(), 'n8n-yz-scan-test-'));
});

afterAll(() => {
	if (temp) rmSync(temp, { recursive: true, force: true });
});

const cleanNode = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Planted = void 0;
class Planted {
    constructor() {
        this.description = { displayName: 'Planted', name: 'planted', group: ['transform'], version: 1, description: 'Test', defaults: { name: 'Planted' }, inputs: ['main'], outputs: ['main'], properties: [] };
    }
    async execute() {
        return [this.getInputData()];
    }
}
exports.Planted = Planted;
`;

const plantedNode = cleanNode.replace(
	'return [this.getInputData()];',
	`const child_process = require("child_process");
        child_process.execSync(process.env.PLANTED_COMMAND || "id");
        return [this.getInputData()];`,
);

function fixture(name: string, nodeSource: string): string {
	const dir = path.join(temp, name);
	mkdirSync(path.join(dir, 'dist/nodes/Planted'), { recursive: true });
	writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify(
			{
				name: `n8n-nodes-${name}`,
				version: '0.0.1',
				description: 'A fixture for the scanner test',
				keywords: ['n8n-community-node-package'],
				license: 'MIT',
				homepage: 'https://example.com',
				author: { name: 'Test', email: 'test@example.com' },
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, strict: true, credentials: [], nodes: ['dist/nodes/Planted/Planted.node.js'] },
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		),
	);
	writeFileSync(path.join(dir, 'dist/nodes/Planted/Planted.node.js'), nodeSource);
	return dir;
}

function scan(dir: string): { status: number | null; output: ScanOutput; stderr: string } {
	const result = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['scripts/scan.ts', '--dir', dir, '--patterns', TARBALL_PATTERNS.join(','), '--json'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		timeout: 60_000,
	});
	return { status: result.status, output: JSON.parse(result.stdout) as ScanOutput, stderr: result.stderr };
}

it(
	'analyzePackage reports child_process and process.env planted in a node, and passes the same node without them',
	() => {
		const clean = scan(fixture('clean', cleanNode));
		const planted = scan(fixture('planted', plantedNode));

		expect(planted.status).toBe(1);
		expect(planted.output.passed).toBe(false);
		const details = planted.output.legs[0].details ?? '';
		expect(details).toContain('Planted.node.js');
		// n8n's rules for `require("child_process")`, `execSync` and the `process` global.
		for (const rule of ['no-restricted-imports', 'no-dangerous-functions', 'no-restricted-globals']) {
			expect(details).toContain(`@n8n/community-nodes/${rule}`);
		}

		expect({ status: clean.status, passed: clean.output.passed, details: clean.output.legs[0].details }).toEqual({
			status: 0,
			passed: true,
			details: undefined,
		});
	},
	90_000,
);
