/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/** The repository's package for n8n: packed as npm publishes it, installed as n8n's installer does, or staged as a custom extension. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_NAME, REPO_ROOT } from './env';

/**
 * Copy the repo's dist/ to `<userFolder>/custom-extensions/<package>/` and return that folder, for
 * N8N_CUSTOM_EXTENSIONS (node types then read `CUSTOM.<name>`). A copy outside the repo, because
 * from <repo>/dist, `require('n8n-workflow')` finds the repo's own node_modules/n8n-workflow before
 * n8n's (n8n only adds its own node_modules through NODE_PATH, which Node consults last): a second
 * copy of n8n-workflow, whose errors fail n8n-core's `instanceof ExecutionBaseError/NodeApiError`
 * checks. The copy is also immune to a concurrent `npm run build` wiping dist/.
 */
export function stageCustomExtension(userFolder: string): string {
	const dist = path.join(REPO_ROOT, 'dist');
	if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` first');
	const dir = path.join(userFolder, 'custom-extensions', PACKAGE_NAME);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	cpSync(dist, path.join(dir, 'dist'), { recursive: true });
	return dir;
}

/** `npm pack` the repo (its current dist/) into a temp folder; returns the tarball path. */
export function packRepo(destination = mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-'))): string {
	if (!existsSync(path.join(REPO_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	mkdirSync(destination, { recursive: true });
	const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	const file = path.join(destination, out.trim().split('\n').pop() ?? '');
	if (!existsSync(file)) throw new Error(`npm pack did not produce ${file}`);
	return file;
}

/**
 * Install a package tarball the way n8n's Community Nodes installer does (n8n 2.41
 * CommunityPackagesService.downloadPackage): unpack into <nodesDir>/node_modules/<name>, drop its
 * devDependencies/peerDependencies/optionalDependencies, `npm install` its own dependencies there,
 * and record it in <nodesDir>/package.json. Its n8n-workflow then resolves to n8n's own copy.
 */
export function installLikeN8n(tarball: string, userFolder: string, nodesDir: string): { name: string; version: string; dir: string } {
	const staging = mkdtempSync(path.join(userFolder, 'pkg-'));
	execFileSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
	const pkg = JSON.parse(readFileSync(path.join(staging, 'package.json'), 'utf8'));
	const dir = path.join(nodesDir, 'node_modules', pkg.name);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(path.dirname(dir), { recursive: true });
	execFileSync('mv', [staging, dir]);
	// What n8n's own installer does: only the package's runtime dependencies stay.
	const kept = Object.fromEntries(
		Object.entries(pkg as Record<string, unknown>).filter(([key]) => !['devDependencies', 'peerDependencies', 'optionalDependencies'].includes(key)),
	) as typeof pkg;
	writeFileSync(path.join(dir, 'package.json'), JSON.stringify(kept, null, 2));
	if (Object.keys(kept.dependencies ?? {}).length > 0) {
		execFileSync(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
		);
	}
	const manifestPath = path.join(nodesDir, 'package.json');
	const manifest = existsSync(manifestPath)
		? JSON.parse(readFileSync(manifestPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	manifest.dependencies = { ...manifest.dependencies, [pkg.name]: pkg.version };
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	return { name: pkg.name, version: pkg.version, dir };
}
