/** The value-level band parameters of Create or Update, generated from the one table of bands (rules/score.ts). */
import type { INodeProperties } from 'n8n-workflow';

import { bandRange, VALUE_BANDS, type ValueBand } from '../../../rules';

/** Name of the parameter holding a band's lower bound (version 1.1; the lowest band starts at 0). */
export const floorParameter = (band: ValueBand) => `${band}From`;

/** Version 1: a value level id per band, the seed's as default, lowest band first. */
export function bandsV1(): INodeProperties[] {
	return [...VALUE_BANDS].reverse().map(({ key, levelId }) => ({
		displayName: `价值评估 ${bandRange(key)} / Value Level ${bandRange(key)} Name or ID`,
		name: key,
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getValueLevels' },
		default: levelId,
		description: `Value level for this score band, default ${levelId}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	}));
}

/** Version 1.1: per band, highest first, a value level id without default and an editable lower bound. */
export function bandsV11(): INodeProperties[] {
	return VALUE_BANDS.flatMap(({ key, floor, en, zh }) => {
		const level: INodeProperties = {
			displayName: `评分档「${zh}」的价值评估 / Value Level of the ${en} Band Name or ID`,
			name: key,
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getValueLevels' },
			default: '',
			description: `Value level for scores in this band (default ${bandRange(key)}), e.g. ${zh}; needed once a score falls into it. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		};
		if (key === 'veryLow') return [level];
		const lowerBound: INodeProperties = {
			displayName: `评分档「${zh}」的下限 / Lower Bound of the ${en} Band`,
			name: floorParameter(key),
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
			default: floor,
			description: `Lowest score of this band (default ${floor}); the band runs up to the next higher band's lower bound. Lower bounds must descend from Very High to Low (此档最低分，需从高到低递减).`,
		};
		return [level, lowerBound];
	});
}
