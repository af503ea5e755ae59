/** Small builders for test workflows: Start → node(s). */
import type { IConnections, IDataObject, INode, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { PACKAGE_NAME, START_NODE_TYPE, type WorkflowJson } from '../engine/engine';

export const YUNKE_NODE = `${PACKAGE_NAME}.yunke`;
export const YUNKE_TRIGGER = `${PACKAGE_NAME}.yunkeTrigger`;
export const ZHIBANG_NODE = `${PACKAGE_NAME}.zhibang`;
/** The Zhibang node's Lead → Check Admission operation (two outputs: Admitted, Rejected). */
export const ADMISSION: INodeParameters = { resource: 'lead', operation: 'checkAdmission' };
/** Check Admission's lead fields read through expressions from items shaped `{phone, nick, org, kind, ok, rating}`. */
export const ADMISSION_FIELDS_MAPPED: INodeParameters = {
	leadMobile: '={{ $json.phone }}',
	leadName: '={{ $json.nick }}',
	leadCompany: '={{ $json.org }}',
	leadType: '={{ $json.kind }}',
	phoneVerified: '={{ $json.ok }}',
	leadScore: '={{ $json.rating }}',
};

let nodeCounter = 0;

/** Yunke nodes are built at their current version (n8n's operation values); others at version 1. */
const TYPE_VERSIONS: Record<string, number> = { [YUNKE_NODE]: 1.1 };

export function node(
	name: string,
	type: string,
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): INode {
	return { id: `node-${++nodeCounter}`, name, type, typeVersion: TYPE_VERSIONS[type] ?? 1, position: [nodeCounter * 200, 0], parameters, ...extra };
}

export function start(items: IDataObject[] = [{}]): INode {
	return node('Start', START_NODE_TYPE, { items: JSON.stringify(items) });
}

/** Start → the given nodes in a chain (each node's first output to the next). */
export function chain(items: IDataObject[], ...nodes: INode[]): WorkflowJson {
	const all = [start(items), ...nodes];
	const connections: IConnections = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes: all, connections };
}

/** Start (items) → a Yunke node named "Yunke" using the credential. */
export function yunkeWorkflow(credential: INodeCredentialsDetails, parameters: INodeParameters, items: IDataObject[] = [{}], extra: Partial<INode> = {}): WorkflowJson {
	return chain(items, node('Yunke', YUNKE_NODE, parameters, { credentials: { yunkeApi: credential }, ...extra }));
}

/** Start (items) → a Zhibang node named "Zhibang" using the credential. */
export function zhibangWorkflow(credential: INodeCredentialsDetails, parameters: INodeParameters, items: IDataObject[] = [{}], extra: Partial<INode> = {}): WorkflowJson {
	return chain(items, node('Zhibang', ZHIBANG_NODE, parameters, { credentials: { zhibangApi: credential }, ...extra }));
}

/** Start (items) → Zhibang Lead → Check Admission, named "Admission" (outputs 0 Admitted, 1 Rejected). */
export function admissionWorkflow(items: IDataObject[], parameters: INodeParameters = {}, extra: Partial<INode> = {}): WorkflowJson {
	return chain(items, node('Admission', ZHIBANG_NODE, { ...ADMISSION, ...parameters }, extra));
}

/**
 * Zhibang Create or Update for company leads shaped `{id, name, company, phone, score}`
 * (the seed's 中台 contacts): customer number `WX{id}`.
 */
export const UPSERT_LEADS_BY_KHID: INodeParameters = {
	resource: 'customer',
	operation: 'upsert',
	customerType: 'company',
	matchBy: 'khid',
	customerNumber: '=WX{{ $json.id }}',
	mobile: '={{ $json.phone }}',
	name: '={{ $json.company }}',
	contactName: '={{ $json.name }}',
	score: '={{ $json.score }}',
};
