/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * What this run exercises: Node 20, n8n-core 2.8.1 with n8n-workflow 2.8.0, and the built package
 * loaded by 2.8's PackageDirectoryLoader with its `require('n8n-workflow')` bound to that 2.8.0 copy.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { PACKAGE_ROOT, shutdownEngine, type LoadedPackage } from '../engine/engine';
import { YUNKE_NODE, YUNKE_TRIGGER, ZHIBANG_NODE } from '../support/workflows';
import { CredentialsHelper28, Engine28 } from './engine28';
import { assertOnlyCompatN8n, COMPAT_MODULES, EXPECTED, loadStagedPackage, REPO_ROOT, versionSeenFrom } from './support';

let pkg: LoadedPackage;

before(async () => {
	pkg = await loadStagedPackage();
});

after(async () => {
	await shutdownEngine();
	assertOnlyCompatN8n();
});

test('runs on the system Node 20, not the root node_modules/.bin Node 24', () => {
	assert.equal(Number(process.versions.node.split('.')[0]), EXPECTED.node, `running on Node ${process.version}`);
	assert.ok(!process.execPath.startsWith(path.join(REPO_ROOT, 'node_modules')), process.execPath);
});

test('the harness gets n8n-core 2.8.1 and n8n-workflow 2.8.0 from test/compat/node_modules', () => {
	const here = path.join(PACKAGE_ROOT, 'test', 'engine');
	const core = versionSeenFrom(here, 'n8n-core');
	assert.equal(core.version, EXPECTED.n8nCore);
	assert.ok(core.file.startsWith(COMPAT_MODULES), core.file);
	const workflow = versionSeenFrom(here, 'n8n-workflow');
	assert.equal(workflow.version, EXPECTED.n8nWorkflow);
	// n8n-core's own n8n-workflow is the same single copy (no nested second copy).
	const fromCore = versionSeenFrom(path.dirname(require.resolve('n8n-core/package.json', { paths: [here] })), 'n8n-workflow');
	assert.equal(fromCore.file, workflow.file);
});

test('the loaded node classes see n8n-workflow 2.8.0, the very module instance n8n-core uses', () => {
	const nodeFile = path.join(PACKAGE_ROOT, 'dist', 'nodes', 'Zhibang', 'Zhibang.node.js');
	const seen = versionSeenFrom(path.dirname(nodeFile), 'n8n-workflow');
	assert.equal(seen.version, EXPECTED.n8nWorkflow);
	assert.ok(seen.file.startsWith(COMPAT_MODULES), seen.file);

	// The module that the loaded node file actually required (from Node's module cache)…
	const nodeModule = require.cache[nodeFile];
	assert.ok(nodeModule, 'PackageDirectoryLoader loaded the node file through require()');
	const workflowChild = nodeModule.children.find((child) => /[/\\]n8n-workflow[/\\]/.test(child.filename));
	assert.ok(workflowChild, 'Zhibang.node.js required n8n-workflow');
	assert.ok(workflowChild.filename.startsWith(COMPAT_MODULES), workflowChild.filename);
	// …is the one the harness and n8n-core use: errors thrown by the nodes pass n8n's instanceof checks.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const harnessWorkflow = require('n8n-workflow') as { NodeApiError: unknown; NodeOperationError: unknown };
	assert.equal(workflowChild.exports.NodeApiError, harnessWorkflow.NodeApiError);
	assert.equal(workflowChild.exports.NodeOperationError, harnessWorkflow.NodeOperationError);
});

test('PackageDirectoryLoader 2.8 loads all three nodes and both credentials', () => {
	assert.deepEqual(Object.keys(pkg.nodeTypes).sort(), [YUNKE_NODE, YUNKE_TRIGGER, ZHIBANG_NODE].sort());
	assert.deepEqual(Object.keys(pkg.credentialTypes).sort(), ['yunkeApi', 'zhibangApi']);
	const engine = new Engine28(pkg);
	assert.ok(engine.helper instanceof CredentialsHelper28, 'executions use the n8n 2.8 credentials helper');
	const trigger = engine.nodeTypes.getByNameAndVersion(YUNKE_TRIGGER, 1);
	assert.equal(typeof trigger.poll, 'function');
	assert.equal(trigger.description.polling, true);
	for (const name of ['yunkeApi', 'zhibangApi']) {
		const credential = pkg.credentialTypes[name];
		assert.equal(typeof credential.preAuthentication, 'function', `${name}.preAuthentication`);
		assert.ok(credential.properties.some((p) => p.type === 'hidden' && p.typeOptions?.expirable === true), `${name} has an expirable field`);
		assert.ok(credential.test, `${name} has a credential test`);
	}
});

test('the 2.8 loader resolves every light and dark icon to a file in the package', () => {
	const described = [
		...Object.values(pkg.nodeTypes).map((type) => ('nodeVersions' in type ? undefined : type.description.iconUrl)),
		...Object.values(pkg.credentialTypes).map((type) => type.iconUrl),
	];
	assert.equal(described.length, 5);
	for (const iconUrl of described) {
		assert.ok(iconUrl && typeof iconUrl === 'object', `themed iconUrl: ${JSON.stringify(iconUrl)}`);
		for (const url of [iconUrl.light, iconUrl.dark]) {
			const prefix = 'icons/n8n-nodes-yunke-zhibang/';
			assert.ok(url.startsWith(prefix), url);
			assert.ok(existsSync(path.join(PACKAGE_ROOT, url.slice(prefix.length))), `${url} exists in the package`);
		}
	}
});
