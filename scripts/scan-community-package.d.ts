// Types for the part of n8n's scanner (@n8n/scan-community-package, plain ESM without typings) that
// scripts/scan.ts uses. Read from node_modules/@n8n/scan-community-package/scanner/scanner.mjs.
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	export interface AnalysisResult {
		passed: boolean;
		message?: string;
		/** ESLint's `stylish` output, when there are errors. */
		details?: string;
		error?: unknown;
	}
	/** The globs the upstream CLI lints in the provenance-attested source checkout. */
	export const SOURCE_FILE_PATTERNS: string[];
	/** ESLint with n8n's scan config (community-nodes `recommended` + n8n-nodes-base rule sets) over `filePatterns` in `packageDir`. */
	export function analyzePackage(packageDir: string, filePatterns?: string[]): Promise<AnalysisResult>;
	export function buildScanConfig(): Promise<unknown[]>;
}
