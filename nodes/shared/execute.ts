/**
 * The per-item loop every action node uses: pairedItem on every output, continueOnFail honoured
 * per item, service failures turned into NodeApiError / NodeOperationError with bilingual,
 * masked messages.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { findServiceError } from './errors';
import { maskText } from './mask';
import { findOperation, type OperationMap } from './operations';
import { redactError, redactItems, redactText, secretsOf } from './redact';
import { sessionRefreshes } from './transport';

export type ItemResult = IDataObject | IDataObject[] | INodeExecutionData[];

export type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<ItemResult>;

/** A NodeOperationError for bad parameters, in both languages. */
export function parameterError(node: INode, zh: string, en: string, itemIndex?: number, description?: string): NodeOperationError {
	return new NodeOperationError(node, `${zh} / ${en}`, { itemIndex, description });
}

export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	const failure = findServiceError(error);
	if (failure) {
		const description = failure.description ? maskText(failure.description) : undefined;
		if (failure.kind === 'config') {
			return new NodeOperationError(node, maskText(failure.message), { itemIndex, description });
		}
		// No `code` in the error body: n8n would replace our message with a generic one for codes like ETIMEDOUT.
		return new NodeApiError(
			node,
			{ message: maskText(failure.message) } as JsonObject,
			{
				message: maskText(failure.message),
				description,
				httpCode: failure.httpStatus ? String(failure.httpStatus) : undefined,
				itemIndex,
			},
		);
	}
	const message = maskText(String((error as Error)?.message ?? error));
	const converted = new NodeOperationError(node, message, { itemIndex });
	// Keep where it happened for n8n's error details, masked like the message.
	if (error instanceof Error && error.stack) converted.stack = maskText(error.stack);
	return converted;
}

function toItems(result: ItemResult, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) => {
		const item = (entry as INodeExecutionData).json !== undefined && typeof (entry as INodeExecutionData).json === 'object'
			? (entry as INodeExecutionData)
			: { json: entry as IDataObject };
		return { ...item, pairedItem: { item: itemIndex } };
	});
}

/**
 * The item a failed item leaves as with continueOnFail: `{error, description, code}`. With "On
 * Error → Continue (using error output)" n8n moves an item to the error output only when its JSON
 * holds nothing but `error`, `message` and `details`, so there the description and code go under
 * `details` (and n8n adds the input item's fields).
 */
function errorItem(node: INode, error: unknown, itemIndex: number, secrets: readonly string[]): INodeExecutionData {
	const converted = redactError(toNodeError(node, error, itemIndex), secrets);
	const extra: IDataObject = {};
	if (converted.description) extra.description = converted.description;
	const code = findServiceError(error)?.serviceCode;
	if (code) extra.code = redactText(code, secrets);
	const json: IDataObject =
		node.onError === 'continueErrorOutput'
			? { error: converted.message, ...(Object.keys(extra).length ? { details: extra } : {}) }
			: { error: converted.message, ...extra };
	return { json, pairedItem: { item: itemIndex } };
}

export interface PerItemOptions {
	/** Items processed at the same time; the output keeps the input order. */
	concurrency?: number;
	/**
	 * Add `sessionRefreshes` (re-logins needed while the item ran) to every output item, error
	 * items included, so a workflow can watch session expiries. With concurrency > 1 a refresh is
	 * counted on the items in flight at that moment.
	 */
	reportSessionRefreshes?: boolean;
}

/** Run `operation` once per input item, keeping the output in input order. */
export async function runPerItem(
	this: IExecuteFunctions,
	operation: ItemOperation,
	options: PerItemOptions = {},
): Promise<INodeExecutionData[][]> {
	const concurrency = options.concurrency ?? 1;
	const count = this.getInputData().length;
	const results: INodeExecutionData[][] = new Array(count);
	let next = 0;
	let failure: unknown;
	const worker = async () => {
		while (failure === undefined && next < count) {
			const itemIndex = next++;
			const refreshesBefore = sessionRefreshes(this);
			let extra: IDataObject | undefined;
			try {
				results[itemIndex] = toItems(await operation.call(this, itemIndex), itemIndex);
			} catch (error) {
				if (this.continueOnFail()) {
					const item = errorItem(this.getNode(), error, itemIndex, await secretsOf(this));
					results[itemIndex] = [item];
					if (options.reportSessionRefreshes && this.getNode().onError === 'continueErrorOutput') {
						extra = (item.json.details ??= {}) as IDataObject;
					}
				} else {
					failure ??= toNodeError(this.getNode(), error, itemIndex);
				}
			}
			if (options.reportSessionRefreshes && results[itemIndex]) {
				const refreshes = sessionRefreshes(this) - refreshesBefore;
				// An item bound for the error output keeps its count under `details` (see errorItem).
				if (extra) extra.sessionRefreshes = refreshes;
				else for (const item of results[itemIndex]) item.json = { ...item.json, sessionRefreshes: refreshes };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
	// Nothing leaves the node unredacted: the items (a service answer may carry its session) and the error.
	const secrets = await secretsOf(this);
	if (failure !== undefined) throw redactError(failure, secrets);
	return [redactItems(results.flat(), secrets)];
}

/**
 * The node's execute(): find the selected resource/operation in the node's operation map and run
 * it, per item with the options its module declares (concurrency, session refresh counts).
 */
export async function route(this: IExecuteFunctions, map: OperationMap): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = findOperation(map, resource, operation);
	if (!module) {
		throw parameterError(this.getNode(), `不支持的操作 ${resource}.${operation}`, `Unsupported operation ${resource}.${operation}`);
	}
	if (module.perItem === false) return await module.execute.call(this);
	return await runPerItem.call(this, module.execute, {
		// No items: nothing runs, and no item 0 to read the setting from.
		concurrency: module.concurrency && this.getInputData().length > 0 ? module.concurrency.call(this) : 1,
		reportSessionRefreshes: module.reportSessionRefreshes,
	});
}
