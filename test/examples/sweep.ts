/**
 * The time sweep: example workflow 1 at every hour of 7 consecutive days (crossing the end of
 * February), with several data seeds, so the demo works whenever a user runs it. The week is cut
 * in two test files (time-sweep-*.test.ts) so jest's two workers share it. One engine and one
 * pair of simulators per file; each point starts over with the simulators' clocks (and the
 * workflow's $now) pinned to that hour, as a fresh install would.
 *
 * At every point: the first run creates more than 0 customers and fails none (namesakes and
 * title-only names are in the data at every hour), the second run creates 0, and each service
 * needs exactly one login.
 */
import { shutdownEngine } from '../engine/engine';
import { startStory, type Story, type StoryFigures } from '../../scripts/story';

const HOUR = 3_600_000;
/** Beijing midnight starting Thursday 2026-02-26; the sweep ends on Wednesday 2026-03-04 23:00. */
const START = Date.parse('2026-02-26T00:00:00+08:00');
export const SWEEP_DAYS = 7;
/** Data seeds (Yunke calls, Zhibang customers); each point uses one, each seed sees every hour of the day. */
const SEEDS = [
	{ yunke: 20251201, zhibang: 2026 },
	{ yunke: 7, zhibang: 11 },
	{ yunke: 424242, zhibang: 5 },
];

const beijing = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');

function problems(first: StoryFigures, second: StoryFigures): string[] {
	const out: string[] = [];
	if (!(first.created > 0)) out.push(`first run created ${first.created}`);
	if (first.failed !== 0) out.push(`first run failed ${first.failed}: ${first.failures.map((f) => f.reason).join(' | ')}`);
	if (first.logins.yunke !== 1 || first.logins.zhibang !== 1) out.push(`first run logins ${JSON.stringify(first.logins)}`);
	if (second.created !== 0) out.push(`second run created ${second.created}`);
	if (second.failed !== 0) out.push(`second run failed ${second.failed}: ${second.failures.map((f) => f.reason).join(' | ')}`);
	if (second.logins.yunke !== 0 || second.logins.zhibang !== 0) out.push(`second run logged in again ${JSON.stringify(second.logins)}`);
	if (second.unchanged !== first.admitted) out.push(`second run: ${second.unchanged} unchanged of ${first.admitted} admitted`);
	return out;
}

/** Define the sweep over days [fromDay, toDay) of the week as one jest test. */
export function sweepDays(fromDay: number, toDay: number): void {
	let story: Story;
	const points = Array.from({ length: (toDay - fromDay) * 24 }, (_, i) => START + fromDay * 24 * HOUR + i * HOUR);

	beforeAll(async () => {
		story = await startStory({ now: points[0] });
	}, 300_000);

	afterAll(async () => {
		await story?.close();
		await shutdownEngine();
	});

	test(`workflow 1 at every hour of days ${fromDay + 1}–${toDay} of ${SWEEP_DAYS}, with ${SEEDS.length} data seeds: creates > 0, fails 0, re-run creates 0, one login per service`, async () => {
		const failures: string[] = [];
		const seen = { created: 0, namesakes: 0, titleOnly: 0, seeds: new Set<number>() };
		for (const at of points) {
			const hour = Math.round((at - START) / HOUR);
			const day = Math.floor(hour / 24);
			// Shift the seed by the day, so every seed meets every hour of the day over the week.
			const seeds = SEEDS[(hour + day) % SEEDS.length];
			story.moveTo(at, seeds);
			let found: string[];
			try {
				const first = (await story.run()).figures;
				const second = (await story.run()).figures;
				found = problems(first, second);
				seen.created += first.created;
				seen.namesakes += first.namesakes;
				seen.titleOnly += first.titleOnlyNames;
				seen.seeds.add(seeds.yunke);
			} catch (error) {
				found = [`stopped: ${(error as Error).message}`];
			}
			if (found.length) failures.push(`${beijing(at)} (seed ${seeds.yunke}/${seeds.zhibang}): ${found.join('; ')}`);
		}
		expect(failures).toEqual([]);
		expect(seen.seeds.size).toBe(SEEDS.length);
		// Namesakes and title-only names were met at every point (the story calls), not by luck.
		expect(seen.namesakes).toBeGreaterThanOrEqual(3 * points.length);
		expect(seen.titleOnly).toBeGreaterThanOrEqual(5 * points.length);
		expect(seen.created).toBeGreaterThan(points.length * 10);
	}, 600_000);
}
