/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * n8n's built-in nodes (n8n-nodes-base) for in-process runs with the root's n8n-core.
 *
 *   import { loadNodesBase } from '../scripts/n8n/nodes-base';
 *   const builtIns = await loadNodesBase(['manualTrigger', 'scheduleTrigger', 'set', 'if']);
 *   const engine = new Engine(await loadPackage(), undefined, builtIns); // test/engine/engine.ts
 *
 * The package is installed by ensure-nodes-base.sh into scripts/n8n/nodes-base/node_modules (run
 * on demand by `ensureNodesBase()`), with its own n8n-workflow and @n8n/di removed so that the
 * nodes share the root's copies (one set of classes for `instanceof`, one DI container). Nodes are
 * loaded the way n8n loads its own: LazyPackageDirectoryLoader reads dist/known/nodes.json and only
 * the requested nodes' files are required (~1.5 s for a handful; all ~500 would take far longer).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LazyPackageDirectoryLoader } from 'n8n-core';
import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

const HERE = __dirname;
export const REPO_ROOT = path.resolve(HERE, '../..');
export const NODES_BASE_DIR = path.join(HERE, 'nodes-base/node_modules/n8n-nodes-base');
export const NODES_BASE_PACKAGE = 'n8n-nodes-base';

/** Install n8n-nodes-base when missing or outdated (idempotent, ~0.5 s when up to date). Returns its directory. */
export function ensureNodesBase(): string {
	const out = execFileSync(path.join(HERE, 'ensure-nodes-base.sh'), [], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return out.trim().split('\n').pop() ?? NODES_BASE_DIR;
}

/** Throws unless n8n-workflow, n8n-core and @n8n/di resolve to the same files from n8n-nodes-base as from the repo root. */
export function assertSharedEngine(dir = NODES_BASE_DIR): void {
	for (const name of ['n8n-workflow', 'n8n-core', '@n8n/di']) {
		const fromNodes = require.resolve(name, { paths: [dir] });
		const fromRoot = require.resolve(name, { paths: [REPO_ROOT] });
		if (fromNodes !== fromRoot) {
			throw new Error(
				`${name} resolves to ${fromNodes} from n8n-nodes-base but to ${fromRoot} from the repo root: ` +
					'two copies break instanceof checks. Run scripts/n8n/ensure-nodes-base.sh --force.',
			);
		}
	}
}

/**
 * Load the named n8n-nodes-base nodes (short names, e.g. 'set', or full types 'n8n-nodes-base.set').
 * Returns them keyed by full type name, ready for the `extraNodeTypes` argument of test/engine's Engine.
 */
export async function loadNodesBase(
	names: string[],
	options: { install?: boolean } = {},
): Promise<Record<string, INodeType | IVersionedNodeType>> {
	const { install = true } = options;
	if (install) ensureNodesBase();
	else if (!existsSync(path.join(NODES_BASE_DIR, 'package.json'))) {
		throw new Error(`${NODES_BASE_DIR} is missing: run scripts/n8n/ensure-nodes-base.sh`);
	}
	assertSharedEngine();
	const short = names.map((n) => (n.startsWith(`${NODES_BASE_PACKAGE}.`) ? n.slice(NODES_BASE_PACKAGE.length + 1) : n));
	const loader = new LazyPackageDirectoryLoader(
		NODES_BASE_DIR,
		[],
		short.map((n) => `${NODES_BASE_PACKAGE}.${n}`),
	);
	await loader.loadAll();
	const types: Record<string, INodeType | IVersionedNodeType> = {};
	for (const n of short) types[`${NODES_BASE_PACKAGE}.${n}`] = loader.getNode(n).type;
	return types;
}
