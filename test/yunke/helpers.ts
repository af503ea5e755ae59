/** Shared helpers of the Yunke node tests (not a test file). */
import type { IDataObject, INode, INodeCredentialsDetails, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Engine, RunResult } from '../engine/engine';
import { node, YUNKE_NODE, yunkeWorkflow } from '../support/workflows';

/** "YYYY-MM-DD HH:mm" of an instant in Beijing, computed with Intl (independent of the node's own conversion). */
export function beijingMinute(instant: string | number | Date): string {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', {
			timeZone: 'Asia/Shanghai',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		})
			.formatToParts(new Date(instant))
			.map((p) => [p.type, p.value]),
	);
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function beijingDate(instant: string | number | Date): string {
	return beijingMinute(instant).slice(0, 10);
}

/** Ids of the department `rootId` and every department below it, from a department list. */
export function subtreeIds(departments: ReadonlyArray<{ id: string; parentId: string }>, rootId: string): Set<string> {
	const ids = new Set([rootId]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const d of departments) {
			if (!ids.has(d.id) && ids.has(d.parentId)) {
				ids.add(d.id);
				grew = true;
			}
		}
	}
	return ids;
}

/** A Yunke node with the given parameters and credential. */
export function yunkeNode(name: string, parameters: INodeParameters, credentials: INodeCredentialsDetails, extra: Partial<INode> = {}): INode {
	return node(name, YUNKE_NODE, parameters, { credentials: { yunkeApi: credentials }, ...extra });
}

export interface RunOptions {
	items?: IDataObject[];
	continueOnFail?: boolean;
}

/** Start (items) → one Yunke node named "Yunke"; runs it and returns the result. */
export async function runYunke(
	engine: Engine,
	credentials: INodeCredentialsDetails,
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<RunResult> {
	const extra: Partial<INode> = options.continueOnFail ? { onError: 'continueRegularOutput' } : {};
	return await engine.run(yunkeWorkflow(credentials, parameters, options.items, extra));
}

/** Output of the "Yunke" node; fails the test with the node's error when it has none. */
export function outputOf(result: RunResult, nodeName = 'Yunke'): INodeExecutionData[] {
	const error = result.nodeError(nodeName) ?? result.error;
	if (error) throw new Error(`${nodeName} failed: ${error.message} ${(error as { description?: string }).description ?? ''}`);
	return result.output(nodeName);
}

export function jsonOf(result: RunResult, nodeName = 'Yunke'): IDataObject[] {
	return outputOf(result, nodeName).map((item) => item.json);
}

/** The bytes of a binary property as n8n stored it (default in-memory mode: base64 in `data`). */
export function binaryBytes(item: INodeExecutionData, property = 'data'): Buffer {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`no binary property ${property}`);
	expect(binary.id).toBeUndefined();
	return Buffer.from(binary.data, 'base64');
}

/** Byte-for-byte equality that stays fast for megabytes (jest's toEqual walks a Buffer element by element). */
export function expectSameBytes(actual: Buffer, expected: Buffer): void {
	expect(actual.length).toBe(expected.length);
	if (!actual.equals(expected)) {
		let offset = 0;
		while (offset < actual.length && actual[offset] === expected[offset]) offset++;
		throw new Error(`bytes differ at offset ${offset} of ${expected.length}`);
	}
}

/**
 * The class of a node error. The engine keeps a node's error as a plain copy of its own fields
 * (WorkflowExecute spreads it), so the class shows in `name`.
 */
export function errorClass(error: unknown): string {
	const name = (error as { name?: string } | undefined)?.name;
	if (name) return name;
	return (error as object | undefined)?.constructor?.name ?? String(error);
}

/** True when the text has a Chinese part, then " / " (or "）/ ") and an English sentence ("中文 / English"). */
export function isBilingual(text: string): boolean {
	const match = /^([\s\S]*?[\u4e00-\u9fff][\s\S]*?)[\s）)]\/ +([A-Za-z][\s\S]*)$/.exec(text);
	return !!match && /[A-Za-z]{3,} [A-Za-z]{2,}/.test(match[2]);
}

export { unmaskedMobiles } from '../engine/logs';

/**
 * Everything about an error a user could see: message, description, context and the rest of its
 * fields, except `node` (the node's own parameters, i.e. what the user typed into the workflow).
 */
export function errorSurface(error: unknown): string {
	const e = error as Error & { description?: string; context?: unknown };
	let json = '';
	try {
		// Everything but the top-level `node` (the node's parameters are not part of the error).
		json = JSON.stringify(e, function (this: unknown, key: string, value: unknown) {
			return this === e && key === 'node' ? undefined : value;
		});
	} catch {
		json = '';
	}
	return [e?.message, e?.description, JSON.stringify(e?.context ?? {}), json].join('\n');
}
