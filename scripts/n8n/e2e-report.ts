/* eslint-disable @n8n/community-nodes/no-restricted-globals -- development tooling: runs on Node in this repository, never inside n8n */
/** The e2e run's checks ("ok" / "FAIL" lines, counted for the summary) and timings. */

export const say = (line: string) => process.stderr.write(`${line}\n`);

export const results: Array<{ name: string; ok: boolean }> = [];
export function check(name: string, ok: boolean, detail?: unknown): boolean {
	results.push({ name, ok });
	say(`${ok ? '  ok  ' : '  FAIL'} ${name}${!ok && detail !== undefined ? `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}` : ''}`);
	return ok;
}

export const timings: Record<string, number> = {};
export async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings[name] = Date.now() - started;
	}
}
