/* eslint-disable @n8n/community-nodes/no-restricted-globals -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Waiting and timing for the development scripts (scripts/) and the benchmarks (bench/): one
 * sleep, one stopwatch, one polling loop, one bound on a promise.
 */

export async function sleep(ms: number): Promise<void> {
	await new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/** A stopwatch started now: each call returns the milliseconds since (fractional; round for reports). */
export function stopwatch(): () => number {
	const started = performance.now();
	return () => performance.now() - started;
}

/** `fn`'s value and the whole milliseconds it took. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
	const elapsed = stopwatch();
	const value = await fn();
	return [value, Math.round(elapsed())];
}

/**
 * Call `attempt` every `intervalMs` until it returns something other than `undefined`, for at most
 * `timeoutMs` (the last attempt starts before then); returns that value and the whole milliseconds
 * waited, or `undefined` when the time ran out. `stop` ends the wait early (e.g. the process exited).
 */
export async function poll<T>(
	attempt: () => Promise<T | undefined> | T | undefined,
	options: { timeoutMs: number; intervalMs: number; stop?: () => boolean },
): Promise<{ value: T; ms: number } | undefined> {
	const elapsed = stopwatch();
	while (elapsed() < options.timeoutMs && !options.stop?.()) {
		const value = await attempt();
		if (value !== undefined) return { value, ms: Math.round(elapsed()) };
		await sleep(options.intervalMs);
	}
	return undefined;
}

/** `promise`, rejected with `message` when it has not settled after `ms` (the timer does not keep the process alive). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(message)), ms).unref();
	});
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** Await `promise`; if it has not settled after `ms`, call `overdue` once (e.g. SIGKILL) and keep waiting. */
export async function escalateAfter<T>(promise: Promise<T>, ms: number, overdue: () => void): Promise<T> {
	const timer = setTimeout(overdue, ms);
	try {
		return await promise;
	} finally {
		clearTimeout(timer);
	}
}

/** Run `fn` once after `ms` unless the process ends first (the timer does not keep it alive). */
export function after(ms: number, fn: () => void): void {
	setTimeout(fn, ms).unref();
}
