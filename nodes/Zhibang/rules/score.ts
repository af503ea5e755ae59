/**
 * A 0–100 lead score → the ERP's value level (价值评估 jz, enum 14), by the seed's bands:
 * 90–100 → 175 很高, 75–89 → 289 较高, 60–74 → 176 一般, 45–59 → 177 较低, 0–44 → 290 很低.
 * Band ids are install data, so callers may override them. Pure functions, no n8n types.
 */
import { str } from '../../shared/text';

export type ValueBand = 'veryHigh' | 'high' | 'medium' | 'low' | 'veryLow';

export type ValueBandIds = Record<ValueBand, string>;

export const DEFAULT_VALUE_BAND_IDS: ValueBandIds = {
	veryHigh: '175',
	high: '289',
	medium: '176',
	low: '177',
	veryLow: '290',
};

/** Lower bound of each band, highest first. */
export const VALUE_BAND_FLOORS: ReadonlyArray<[ValueBand, number]> = [
	['veryHigh', 90],
	['high', 75],
	['medium', 60],
	['low', 45],
	['veryLow', 0],
];

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
export function bandOfScore(score: number): ValueBand {
	for (const [band, floor] of VALUE_BAND_FLOORS) if (score >= floor) return band;
	return 'veryLow';
}

/** The value level id (jz) for a score, with optional per-install band ids. */
export function valueLevelForScore(score: number, ids: Partial<ValueBandIds> = {}): string {
	const band = bandOfScore(score);
	return str(ids[band]) || DEFAULT_VALUE_BAND_IDS[band];
}
