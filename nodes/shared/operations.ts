/**
 * The operations of an action node as one typed map: resource → operation value → module. The
 * editor's Resource and Operation dropdowns and the router are all made from it, so an option
 * value without a module, a module the editor cannot select, or a default that is no option does
 * not compile.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ONLY_V1, SINCE_V1_1 } from './descriptions';
import type { ItemOperation } from './execute';

/** An operation run once per input item (the usual kind). */
export interface ItemOperationModule {
	/** The operation's own parameters, shown for its resource and operation. */
	description: INodeProperties[];
	execute: ItemOperation;
	/** Items processed at the same time, read from the operation's parameters; one at a time without it. */
	concurrency?: (this: IExecuteFunctions) => number;
	/** Add `sessionRefreshes` to every output item (see PerItemOptions). */
	reportSessionRefreshes?: boolean;
	perItem?: true;
}

/** An operation that takes all input items at once and returns the node's outputs itself. */
export interface AllItemsOperationModule {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
	perItem: false;
}

export type OperationModule = ItemOperationModule | AllItemsOperationModule;

/** An operation: its module and how the Operation dropdown lists it (`name`, `description`, `action`). */
export interface Operation {
	module: OperationModule;
	name: string;
	description: string;
	action: string;
	/** The value nodes saved before version 1.1 hold: version 1 lists it instead, and both run `module`. */
	valueBeforeV1_1?: string;
}

export interface Resource {
	/** The label in the Resource dropdown, `English / 中文`. */
	name: string;
	/** The operation a new node starts with. */
	default: string;
	/** The operations by value. */
	operations: Record<string, Operation>;
}

/** A resource, typed so its default is one of its operations. */
export function defineResource<Operations extends Record<string, Operation>>(
	definition: Resource & { default: NoInfer<keyof Operations & string>; operations: Operations },
): typeof definition {
	return definition;
}

/** A node's resources by value. */
export type OperationMap = Record<string, Resource>;

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

function operationProperty(value: string, definition: Resource, valueOf: (value: string, operation: Operation) => string, version?: object): INodeProperties {
	const options = Object.entries(definition.operations).map(([key, operation]) => ({
		name: operation.name,
		value: valueOf(key, operation),
		description: operation.description,
		action: operation.action,
	}));
	return {
		displayName: 'Operation / 操作',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [value], ...version } },
		options: options.sort(byName),
		default: valueOf(definition.default, definition.operations[definition.default]),
	};
}

/** The node's parameters: the Resource dropdown, then per resource its Operation dropdown and every operation's own parameters. */
export function nodeProperties<Map extends OperationMap>(map: Map, defaultResource: NoInfer<keyof Map & string>): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource / 资源',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: Object.entries(map)
				.map(([value, definition]) => ({ name: definition.name, value }))
				.sort(byName),
			default: defaultResource,
		},
	];
	for (const [value, definition] of Object.entries(map)) {
		const renamed = Object.values(definition.operations).some((operation) => operation.valueBeforeV1_1 !== undefined);
		if (renamed) {
			properties.push(
				operationProperty(value, definition, (key, operation) => operation.valueBeforeV1_1 ?? key, ONLY_V1),
				operationProperty(value, definition, (key) => key, SINCE_V1_1),
			);
		} else {
			properties.push(operationProperty(value, definition, (key) => key));
		}
		for (const operation of Object.values(definition.operations)) properties.push(...operation.module.description);
	}
	return properties;
}

function has(object: object, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key);
}

/** The module of `resource` / `operation`, found by the current or the pre-1.1 value. */
export function findOperation(map: OperationMap, resource: string, operation: string): OperationModule | undefined {
	const operations = has(map, resource) ? map[resource].operations : {};
	if (has(operations, operation)) return operations[operation].module;
	return Object.values(operations).find((entry) => entry.valueBeforeV1_1 === operation)?.module;
}
