/**
 * A 0–100 lead score → the ERP's value level (价值评估 jz, enum 14), by bands. VALUE_BANDS is the
 * one table of them: the seed's lower bounds and level ids (90–100 → 175 很高, 75–89 → 289 较高,
 * 60–74 → 176 一般, 45–59 → 177 较低, 0–44 → 290 很低); parameters and checks are derived from it.
 * Band ids are install data, so callers may override them, and the lower bounds as well.
 * Pure functions, no n8n types.
 */
import { str } from '../../shared/text';

export type ValueBand = 'veryHigh' | 'high' | 'medium' | 'low' | 'veryLow';

export type ValueBandIds = Record<ValueBand, string>;

/** Lowest score of each band; the lowest band always starts at 0. */
export type BandFloors = Record<ValueBand, number>;

export interface ValueBandSpec {
	key: ValueBand;
	/** The seed's lowest score of the band. */
	floor: number;
	/** The seed's value level id for the band. */
	levelId: string;
	/** The band's name in English and Chinese (the seed's level name). */
	en: string;
	zh: string;
}

/** The bands, highest first. */
export const VALUE_BANDS: readonly ValueBandSpec[] = [
	{ key: 'veryHigh', floor: 90, levelId: '175', en: 'Very High', zh: '很高' },
	{ key: 'high', floor: 75, levelId: '289', en: 'High', zh: '较高' },
	{ key: 'medium', floor: 60, levelId: '176', en: 'Medium', zh: '一般' },
	{ key: 'low', floor: 45, levelId: '177', en: 'Low', zh: '较低' },
	{ key: 'veryLow', floor: 0, levelId: '290', en: 'Very Low', zh: '很低' },
];

const byBand = <T>(value: (band: ValueBandSpec) => T) => Object.fromEntries(VALUE_BANDS.map((band) => [band.key, value(band)])) as Record<ValueBand, T>;

export const DEFAULT_VALUE_BAND_IDS: ValueBandIds = byBand((band) => band.levelId);

export const DEFAULT_BAND_FLOORS: BandFloors = byBand((band) => band.floor);

/** The scores a band covers with these lower bounds, e.g. '75–89' ('90–100' for the top band). */
export function bandRange(key: ValueBand, floors: BandFloors = DEFAULT_BAND_FLOORS): string {
	const index = VALUE_BANDS.findIndex((band) => band.key === key);
	const upper = index === 0 ? 100 : floors[VALUE_BANDS[index - 1].key] - 1;
	return `${floors[key]}–${upper}`;
}

/** The band as a user reads it: '75–89 / 较高'. */
export function bandLabel(key: ValueBand, floors: BandFloors = DEFAULT_BAND_FLOORS): string {
	return `${bandRange(key, floors)} / ${VALUE_BANDS.find((band) => band.key === key)!.zh}`;
}

export type BandFloorsResult = { ok: true; floors: BandFloors } | { ok: false; reasonZh: string; reasonEn: string };

/**
 * Check edited lower bounds (missing ones keep the seed's): whole numbers from 0 to 100, strictly
 * descending from the top band down to the lowest one, which starts at 0.
 */
export function checkBandFloors(given: Partial<Record<ValueBand, unknown>>): BandFloorsResult {
	const floors = byBand((band) => (band.key === 'veryLow' ? 0 : given[band.key] === undefined || given[band.key] === '' ? band.floor : Number(given[band.key])));
	const ordered = VALUE_BANDS.map((band) => floors[band.key]);
	const valid = ordered.every((floor, i) => Number.isInteger(floor) && floor >= 0 && floor <= 100 && (i === 0 || floor < ordered[i - 1]));
	if (valid) return { ok: true, floors };
	const listed = (name: (band: ValueBandSpec) => string) =>
		VALUE_BANDS.map((band) => `${name(band)} ${band.key in given ? String(given[band.key]) : floors[band.key]}`).join(', ');
	return {
		ok: false,
		reasonZh: `各档下限必须是 0–100 的整数，且从高到低严格递减（很高 > 较高 > 一般 > 较低 > 很低 = 0），现为：${listed((band) => band.zh)}`,
		reasonEn: `the lower bounds of the bands must be whole numbers from 0 to 100, strictly descending (Very High > High > Medium > Low > Very Low = 0); got ${listed((band) => band.en)}`,
	};
}

/** A plain decimal number as people write scores: 85, 85.5, -3, .5 (no hex, binary, exponent). */
export const DECIMAL = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;

export type ScoreResult = { ok: true; score: number } | { ok: false; reasonZh: string; reasonEn: string };

/**
 * Read a score: a finite number (or numeric text) from 0 to 100. Empty input is reported as
 * missing; anything else outside the range is refused, never clamped (a 105 is a data error).
 */
export function parseScore(value: unknown): ScoreResult {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return { ok: false, reasonZh: '缺少评分', reasonEn: 'the score is missing' };
	}
	// Strict decimal text only: Number() would also read "0x50", "0b1010101", "1e2" or "Infinity".
	const text = typeof value === 'string' ? value.trim() : '';
	const score = typeof value === 'number' ? value : DECIMAL.test(text) ? Number(text) : Number.NaN;
	if (!Number.isFinite(score)) {
		return { ok: false, reasonZh: `评分不是数字（${String(value)}）`, reasonEn: `the score is not a number (${String(value)})` };
	}
	if (score < 0 || score > 100) {
		return { ok: false, reasonZh: `评分必须在 0–100 之间（${score}）`, reasonEn: `the score must be between 0 and 100 (${score})` };
	}
	return { ok: true, score };
}

/** The band of a valid score (0–100). */
export function bandOfScore(score: number, floors: BandFloors = DEFAULT_BAND_FLOORS): ValueBand {
	return VALUE_BANDS.find((band) => score >= floors[band.key])?.key ?? 'veryLow';
}

/** The value level id (jz) for a score, with optional per-install band ids (the seed's otherwise). */
export function valueLevelForScore(score: number, ids: Partial<ValueBandIds> = {}): string {
	const band = bandOfScore(score);
	return str(ids[band]) || DEFAULT_VALUE_BAND_IDS[band];
}
