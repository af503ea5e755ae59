/**
 * Preloaded by run.sh (node --require): keeps the compatibility run inside test/compat/node_modules.
 *
 * test/compat/node_modules lives inside the repository, so a package there that asks for a module
 * it did not install (e.g. `debug` probing for the optional `supports-color`) would walk up and load
 * it from the repository's own node_modules, the Node 24 / n8n 2.41 development tree. A user's n8n
 * 2.8 install has no such tree: such a lookup answers "not found" here too, as it would there.
 */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const repoRoot = process.env.COMPAT_REPO_ROOT ?? path.resolve(__dirname, '..', '..');
const rootModules = path.join(repoRoot, 'node_modules') + path.sep;
const resolve = Module._resolveFilename;

Module._resolveFilename = function fencedResolve(request, parent, ...rest) {
	const file = resolve.call(this, request, parent, ...rest);
	if (typeof file === 'string' && file.startsWith(rootModules)) {
		const error = new Error(
			`Cannot find module '${request}' (test/compat: not resolving into the repository's own node_modules: ${file})`,
		);
		error.code = 'MODULE_NOT_FOUND';
		throw error;
	}
	return file;
};
