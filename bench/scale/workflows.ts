/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/** The workflows and credentials `npm run scale` imports into n8n. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_NAME, REPO_ROOT, type WorkflowImportJson } from '../../scripts/n8n/cli';
import { argv } from './args';

const LEAD_WORKFLOW_FILE = path.join(REPO_ROOT, 'examples', 'workflows', '2-webhook-lead-to-erp.json');
export const LEAD_WORKFLOW_ID = 'scaleLeadToErp01';
export const YUNKE_WORKFLOW_ID = 'scaleYunkeCalls1';
export const YUNKE_CREDENTIAL = { id: 'yunke-simulator', name: 'Yunke simulator / 云客模拟器' };

interface WorkflowNode {
	type: string;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

type LeadWorkflow = { id: string; name: string; nodes: WorkflowNode[]; connections: unknown; settings?: Record<string, unknown> };

/** Example workflow 2, verbatim, with the `id` n8n's import needs. */
let leadWorkflowCache: LeadWorkflow | undefined;

/** Workflow 2 as imported (read once). */
export function leadWorkflow(): LeadWorkflow {
	if (leadWorkflowCache) return leadWorkflowCache;
	const workflow = JSON.parse(readFileSync(LEAD_WORKFLOW_FILE, 'utf8')) as Omit<LeadWorkflow, 'id'>;
	if (argv['retry-on-fail']) {
		for (const node of workflow.nodes) {
			if (node.type === `${PACKAGE_NAME}.zhibang`) Object.assign(node, { retryOnFail: true, maxTries: 2, waitBetweenTries: 1000 });
		}
	}
	leadWorkflowCache = { ...workflow, id: LEAD_WORKFLOW_ID };
	return leadWorkflowCache;
}

export function leadWebhookPath(): string {
	const hook = leadWorkflow().nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
	return String(hook?.parameters.path ?? '');
}

export function zhibangCredentialRef(): { id: string; name: string } {
	for (const node of leadWorkflow().nodes) if (node.credentials?.zhibangApi) return node.credentials.zhibangApi;
	throw new Error(`${LEAD_WORKFLOW_FILE} references no zhibangApi credential`);
}

export const YUNKE_WEBHOOK_PATH = 'n8n-yz-scale-calls';

/** Webhook → Yunke "Get Many Call Logs" of the posted phone (limit 5) → the calls as the response. */
export function yunkeWorkflow(): WorkflowImportJson {
	return {
		id: YUNKE_WORKFLOW_ID,
		name: 'Scale bench: webhook → Yunke call logs / 压测：网页请求 → 云客通话记录',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '3c0a7f52-5ca1-4e0b-8a11-000000000001',
				name: 'Calls webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '3c0a7f52-5ca1-4e0b-8a11-0000000000aa',
				parameters: { httpMethod: 'POST', path: YUNKE_WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: '3c0a7f52-5ca1-4e0b-8a11-000000000002',
				name: 'Call logs of this phone',
				type: `${PACKAGE_NAME}.yunke`,
				typeVersion: 1.1,
				position: [240, 0],
				alwaysOutputData: true,
				parameters: { resource: 'callLog', operation: 'getAll', returnAll: false, limit: 5, filters: { searchPhone: '={{ $json.body.phone }}' } },
				credentials: { yunkeApi: YUNKE_CREDENTIAL },
			},
		],
		connections: { 'Calls webhook': { main: [[{ node: 'Call logs of this phone', type: 'main', index: 0 }]] } },
	};
}
