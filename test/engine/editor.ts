/**
 * What n8n's editor asks a node for while a user edits it, through n8n-core's LoadOptionsContext
 * with the node's current parameters: dropdown options (loadOptions) and the searchable lists of
 * resource locators (listSearch, with a filter and a pagination token).
 */
import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeListSearchResult, INodeParameters, INodePropertyOptions, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import type { Engine } from './engine';

/** The node as the editor holds it, plus the context n8n builds for an editor request. */
function editorContext(engine: Engine, nodeType: string, method: string, parameters: INodeParameters, credentials: INode['credentials'], typeVersion: number) {
	const workflow = engine.workflow({
		nodes: [{ id: 'n1', name: 'Node', type: nodeType, typeVersion, position: [0, 0], parameters, credentials }],
		connections: {},
	});
	const node = workflow.getNode('Node')!;
	// n8n's editor sends the node's current parameters with the request (getBase({ currentNodeParameters })).
	const additionalData = { ...engine.additionalData(), currentNodeParameters: parameters } as IWorkflowExecuteAdditionalData;
	return { type: engine.nodeTypes.getByNameAndVersion(nodeType, typeVersion), context: new LoadOptionsContext(workflow, node, additionalData, method) };
}

/** Call a node's loadOptions method as the editor does when a dropdown opens. */
export async function loadOptions(
	engine: Engine,
	nodeType: string,
	method: string,
	parameters: INodeParameters,
	credentials: INode['credentials'],
	typeVersion = 1,
): Promise<INodePropertyOptions[]> {
	const { type, context } = editorContext(engine, nodeType, method, parameters, credentials, typeVersion);
	const fn = type.methods?.loadOptions?.[method];
	if (!fn) throw new Error(`${nodeType} has no loadOptions method ${method}`);
	return await fn.call(context);
}

/** Call a node's listSearch method as the editor does when a resource locator's list opens, is searched or scrolled. */
export async function listSearch(
	engine: Engine,
	nodeType: string,
	method: string,
	parameters: INodeParameters,
	credentials: INode['credentials'],
	options: { filter?: string; paginationToken?: string; typeVersion?: number } = {},
): Promise<INodeListSearchResult> {
	const { type, context } = editorContext(engine, nodeType, method, parameters, credentials, options.typeVersion ?? 1);
	const fn = type.methods?.listSearch?.[method];
	if (!fn) throw new Error(`${nodeType} has no listSearch method ${method}`);
	return await fn.call(context, options.filter, options.paginationToken);
}
