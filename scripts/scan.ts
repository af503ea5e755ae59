/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run scan`: n8n's own community-package scanner (@n8n/scan-community-package, the gate n8n runs
 * before it lists or verifies a package) on this package, offline.
 *
 *   npm run scan                          # builds dist/, then scans the packed tarball and the sources
 *   tsx scripts/scan.ts                   # the same on the dist/ that is there
 *   tsx scripts/scan.ts --dir <folder> [--patterns 'glob,glob'] [--json]
 *                                         # scan any unpacked package folder (default: the tarball globs)
 *
 * Exit status 1 on any finding (an ESLint error of n8n's scan config), 0 when every leg passes.
 *
 * The upstream CLI (`npx @n8n/scan-community-package <name>`) works on a *published* package: it
 * checks the npm provenance attestation, downloads the source commit it names from GitHub and the
 * tarball from npm, then lints both with `analyzePackage()`. Here nothing is published yet and the
 * only network is the npm registry, so this wrapper feeds the same `analyzePackage()` (imported from
 * the scanner's own module, with its own ESLint config and rule versions; no rule is re-implemented)
 * the two folders the upstream scan would get:
 *   1. tarball: `npm pack` of this repo (the files users install: dist/, package.json, README),
 *      unpacked into a temp folder; globs `**\/*.js` + `package.json`, as upstream lints the tarball;
 *   2. sources: the repo itself with the scanner's SOURCE_FILE_PATTERNS (package.json,
 *      nodes/ and credentials/ .ts/.js/.json), as upstream lints the attested checkout.
 * Not covered locally: the provenance check (publish.yml publishes with `--provenance`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import type { AnalysisResult } from '@n8n/scan-community-package/scanner/scanner.mjs';
import { timed } from './timing';

export type { AnalysisResult };

export const REPO_ROOT = path.resolve(__dirname, '..');
/** The globs upstream lints in the downloaded tarball (`analyzePackageByName`). */
export const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

type Scanner = typeof import('@n8n/scan-community-package/scanner/scanner.mjs');
let scanner: Promise<Scanner> | undefined;
/** The scanner is ESM: loaded with a real dynamic import (tsx keeps `import()` in CommonJS output). */
async function loadScanner(): Promise<Scanner> {
	if (!scanner) {
		// On import the scanner makes a download folder with `tmp` (unused here) that `tmp` 0.2 removes
		// at exit only after setGracefulCleanup(): the scanner's own copy, from its own folder.
		const fromScanner = createRequire(require.resolve('@n8n/scan-community-package/package.json'));
		(fromScanner('tmp') as { setGracefulCleanup(): void }).setGracefulCleanup();
		scanner = import('@n8n/scan-community-package/scanner/scanner.mjs');
	}
	return await scanner;
}

/** n8n's `analyzePackage` on a local folder: ESLint errors of its scan config over `patterns` in `dir`. */
export async function analyzePackage(dir: string, patterns: string[] = TARBALL_PATTERNS): Promise<AnalysisResult> {
	if (!existsSync(dir)) throw new Error(`scan: ${dir} does not exist`);
	const { analyzePackage: upstream } = await loadScanner();
	return await upstream(path.resolve(dir), patterns);
}

/** The globs the upstream scan lints in the package's source checkout. */
export async function sourcePatterns(): Promise<string[]> {
	return (await loadScanner()).SOURCE_FILE_PATTERNS;
}

interface Manifest {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
}

function manifest(dir: string): Manifest {
	return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** `npm pack` the repo (its current dist/) into `destination`, unpacked into `<destination>/package`. */
export function packAndUnpack(destination: string): { tarball: string; dir: string } {
	const registered = [...manifest(REPO_ROOT).n8n.nodes, ...manifest(REPO_ROOT).n8n.credentials];
	const missing = registered.filter((file) => !existsSync(path.join(REPO_ROOT, file)));
	if (missing.length) throw new Error(`scan: dist/ lacks ${missing.join(', ')}: run \`npm run build\` (npm run scan does)`);
	mkdirSync(destination, { recursive: true });
	const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	const tarball = path.join(destination, out.trim().split('\n').pop() ?? '');
	if (!existsSync(tarball)) throw new Error(`scan: npm pack did not produce ${tarball}`);
	const dir = path.join(destination, 'package');
	mkdirSync(dir, { recursive: true });
	// Same extraction as upstream's downloadAndExtractPackage.
	execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	const unpackedMissing = registered.filter((file) => !existsSync(path.join(dir, file)));
	if (unpackedMissing.length) throw new Error(`scan: the tarball lacks ${unpackedMissing.join(', ')} (a build running at the same time?)`);
	return { tarball, dir };
}

interface Leg {
	name: string;
	dir: string;
	patterns: string[];
}

async function runLegs(legs: Leg[], json: boolean): Promise<boolean> {
	let passed = true;
	const report: Array<Leg & AnalysisResult & { ms: number }> = [];
	for (const leg of legs) {
		const [result, ms] = await timed(() => analyzePackage(leg.dir, leg.patterns));
		report.push({ ...leg, ...result, error: result.error ? String(result.error) : undefined, ms });
		passed &&= result.passed;
		if (json) continue;
		const where = `${leg.name} (${path.relative(process.cwd(), leg.dir) || '.'}: ${leg.patterns.join(', ')})`;
		if (result.passed) {
			console.log(`✅ ${where}: passed${result.message ? ` (${result.message})` : ''} [${(ms / 1000).toFixed(1)} s]`);
		} else {
			console.log(`❌ ${where}: ${result.message ?? 'failed'}`);
			if (result.details) console.log(result.details);
		}
	}
	if (json) console.log(JSON.stringify({ passed, legs: report }, null, 2));
	return passed;
}

function arg(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
	const json = args.includes('--json');
	const dir = arg(args, '--dir');
	if (dir) {
		const patterns = arg(args, '--patterns')?.split(',') ?? TARBALL_PATTERNS;
		return (await runLegs([{ name: 'folder', dir: path.resolve(dir), patterns }], json)) ? 0 : 1;
	}

	const pkg = manifest(REPO_ROOT);
	const temp = mkdtempSync(path.join(os.tmpdir(), 'n8n-yz-scan-'));
	try {
		const { tarball, dir: unpacked } = packAndUnpack(temp);
		if (!json) console.log(`n8n community-package scan of ${pkg.name}@${pkg.version} (offline; ${path.basename(tarball)})`);
		const passed = await runLegs(
			[
				{ name: 'tarball', dir: unpacked, patterns: TARBALL_PATTERNS },
				{ name: 'sources', dir: REPO_ROOT, patterns: await sourcePatterns() },
			],
			json,
		);
		if (!json) console.log(passed ? `✅ ${pkg.name}@${pkg.version} has passed n8n's static analysis` : `❌ ${pkg.name}@${pkg.version} has failed n8n's static analysis`);
		return passed ? 0 : 1;
	} finally {
		rmSync(temp, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		},
	);
}
