/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Shared checks of the compatibility run (test/compat/run.sh copies this folder, the engine harness,
 * the simulators and dist/ into test/compat/.stage/ and runs the *.compat.ts files from there on Node 20).
 *
 * The run proves which n8n it exercises: every file ends by asserting that no module was loaded from
 * the repository's own node_modules (n8n-core 2.41 / n8n-workflow 2.41), and `loadStagedPackage`
 * refuses to run from the repository tree, where the built nodes would bind to the root's copies.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach } from 'node:test';

import { loadPackage, PACKAGE_ROOT, type LoadedPackage, type RunResult } from '../engine/engine';
import type { SuiteHooks } from '../support/live';
import type { IDataObject } from './types';

/** The n8n line this folder pins (test/compat/package.json). */
export const EXPECTED = { node: 20, n8nCore: '2.8.1', n8nWorkflow: '2.8.0' } as const;

/** The repository (run.sh passes it; the stage is <repo>/test/compat/.stage). */
export const REPO_ROOT = process.env.COMPAT_REPO_ROOT ?? path.resolve(PACKAGE_ROOT, '../../..');

/** test/compat/node_modules, where n8n-core 2.8.1 and n8n-workflow 2.8.0 are installed. */
export const COMPAT_MODULES = path.join(REPO_ROOT, 'test', 'compat', 'node_modules');

/** Version of the copy of `name` that a file in `fromDir` gets from require(). */
export function versionSeenFrom(fromDir: string, name: string): { version: string; file: string } {
	const manifest = require.resolve(`${name}/package.json`, { paths: [fromDir] });
	return { version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version, file: manifest };
}

/** Load the staged package (dist/ copied next to test/compat/node_modules) as n8n does. */
export async function loadStagedPackage(): Promise<LoadedPackage> {
	assert.equal(
		PACKAGE_ROOT,
		path.join(REPO_ROOT, 'test', 'compat', '.stage'),
		'compat tests must run from test/compat/.stage (use test/compat/run.sh or npm run test:compat)',
	);
	return await loadPackage(PACKAGE_ROOT);
}

/** Modules that came from the repository's own node_modules (must be none). */
export function modulesFromRootNodeModules(): string[] {
	const rootModules = path.join(REPO_ROOT, 'node_modules') + path.sep;
	return Object.keys(require.cache).filter((file) => file.startsWith(rootModules));
}

/** Every module of n8n's that was loaded came from test/compat/node_modules. */
export function assertOnlyCompatN8n(): void {
	assert.deepEqual(modulesFromRootNodeModules(), [], 'modules were loaded from the root node_modules (n8n 2.41)');
	const n8n = Object.keys(require.cache).filter((file) => /[/\\]node_modules[/\\](n8n-core|n8n-workflow|@n8n[/\\][^/\\]+)[/\\]/.test(file));
	assert.ok(n8n.length > 0, 'no n8n module was loaded at all');
	for (const file of n8n) assert.ok(file.startsWith(COMPAT_MODULES + path.sep), `${file} is not from test/compat/node_modules`);
}

/** The JSON of a node's output items; fails the test with the node's error when it has one. */
export function nodeOutput(result: RunResult, nodeName: string): IDataObject[] {
	const error = result.nodeError(nodeName) ?? result.error;
	if (error) assert.fail(`${nodeName} failed: ${error.message} ${(error as { description?: string }).description ?? ''}`);
	return result.output(nodeName).map((item) => item.json);
}

/** node:test's hooks, for the shared per-file fixtures of test/support/live.ts. */
export const NODE_TEST_HOOKS: SuiteHooks = { beforeAll: before, afterAll: after, beforeEach };
