/* eslint-disable @n8n/community-nodes/no-restricted-globals -- development tooling: runs on Node in this repository, never inside n8n */
/** Timing, memory and summary helpers shared by the benchmarks. */
import { stopwatch } from '../../scripts/timing';

const MB = 1024 * 1024;

export function settle(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	gc?.();
}

export interface Measured<T> {
	value: T;
	ms: number;
	/** RSS just before the run (after a full GC). */
	rssBeforeMb: number;
	/** The highest RSS of the process during the run. */
	peakRssMb: number;
	/** peakRssMb − rssBeforeMb. */
	rssGrowthMb: number;
}

/**
 * Time `fn` and find the process's peak RSS while it runs. The kernel's high-water mark
 * (getrusage maxRSS) is exact; when it did not move during the run (an earlier moment of the
 * process was higher), the peak of RSS sampled every 2 ms stands in.
 */
export async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
	settle();
	const rssBefore = process.memoryUsage().rss;
	const maxBefore = process.resourceUsage().maxRSS * 1024;
	let sampled = rssBefore;
	const timer = setInterval(() => {
		sampled = Math.max(sampled, process.memoryUsage().rss);
	}, 2);
	const elapsed = stopwatch();
	const value = await fn();
	const ms = elapsed();
	clearInterval(timer);
	sampled = Math.max(sampled, process.memoryUsage().rss);
	const maxAfter = process.resourceUsage().maxRSS * 1024;
	const peak = maxAfter > maxBefore ? maxAfter : sampled;
	return { value, ms, rssBeforeMb: rssBefore / MB, peakRssMb: peak / MB, rssGrowthMb: (peak - rssBefore) / MB };
}

export interface Spread {
	median: number;
	min: number;
	max: number;
	samples: number[];
}

export function spread(samples: number[]): Spread {
	const sorted = [...samples].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

export function round(n: number, digits = 3): number {
	const f = 10 ** digits;
	return Math.round(n * f) / f;
}

/** A Spread with its numbers rounded, for the JSON file. */
export function rounded(s: Spread, digits = 3): Spread {
	return { median: round(s.median, digits), min: round(s.min, digits), max: round(s.max, digits), samples: s.samples.map((n) => round(n, digits)) };
}
