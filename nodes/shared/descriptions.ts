import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Node version conditions for `displayOptions.show`. Version 1.1 changed defaults and names (Zhibang:
 * no demo IDs, follow-ups only when something changed, look-ups, Simplify; Yunke: n8n's operation
 * values); a node saved at version 1 keeps the parameters and defaults it was saved with, since n8n
 * stores only values that differ from the default.
 */
export const ONLY_V1 = { '@version': [1] };
export const SINCE_V1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

/** "Return All" + "Limit" for a list operation. */
export function returnAllOrLimit(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Return All / 返回全部',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit / 数量上限',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** The limit chosen with `returnAllOrLimit`: undefined when Return All is on. */
export function limitOf(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex)) return undefined;
	const raw = ctx.getNodeParameter('limit', itemIndex) as unknown;
	const limit = parseLimit(raw);
	if (limit === undefined) {
		// Set by an expression, a limit can be anything: 0, -5, "0x10", 2.5 are refused, never read as "one row".
		throw new NodeOperationError(
			ctx.getNode(),
			`“Limit”（数量上限）必须是不小于 1 的整数（${String(raw)}）/ Limit must be a whole number of 1 or more (${String(raw)})`,
			{ itemIndex, description: 'Turn on Return All to get every record (如需全部记录，请打开“返回全部”)' },
		);
	}
	return limit;
}

/** A limit as a whole number ≥ 1 (number, or plain digits), else undefined. */
export function parseLimit(value: unknown): number | undefined {
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
	return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}
