/**
 * The customer locator in the real editor: a workflow with a Zhibang "Customer → Get" node
 * (version 1.1, "From List / 从列表选择") is imported next to the examples; in the editor the list
 * opens with the simulator's customers, a search narrows it, a pick fills the locator and
 * "Execute step" returns that customer. Screenshot: editor-customer-locator.png (the open list).
 */
import type { Page } from 'playwright-core';

import { PACKAGE_NAME, type N8nInstance, type WorkflowImportJson } from './cli';
import { clearToasts, shot } from './e2e-page';
import { check, timed } from './e2e-report';
import type { Simulators } from './examples';

export const LOCATOR_WORKFLOW_ID = 'yzE2eCustomerLocator';
const NODE_NAME = 'Get Customer / 获取客户';

/** Import the locator workflow, with the Zhibang credential workflow 1 uses. */
export async function importLocatorWorkflow(n8n: N8nInstance, workflow1: WorkflowImportJson): Promise<void> {
	const zhibang = (workflow1.nodes as Array<{ type: string; credentials?: Record<string, unknown> }>).find((n) => n.type === `${PACKAGE_NAME}.zhibang` && n.credentials?.zhibangApi);
	if (!zhibang) throw new Error('workflow 1 has no Zhibang node with a credential');
	await n8n.importWorkflow({
		id: LOCATOR_WORKFLOW_ID,
		name: 'E2E: customer locator / 客户选择',
		active: false,
		nodes: [
			{ id: 'e2e-trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'e2e-get-customer',
				name: NODE_NAME,
				type: `${PACKAGE_NAME}.zhibang`,
				typeVersion: 1.1,
				position: [260, 0],
				parameters: { resource: 'customer', operation: 'get', customer: { __rl: true, mode: 'list', value: '' } },
				credentials: { zhibangApi: zhibang.credentials!.zhibangApi },
			},
		],
		connections: { Start: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
}

/** The texts of the list's entries, once the list shows `ready` (polled: the editor debounces searches). */
async function listTexts(p: Page, ready: (texts: string[]) => boolean, timeoutMs = 60_000): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	let texts: string[] = [];
	while (Date.now() < deadline) {
		texts = (await p.locator('[data-test-id="rlc-item"]').allInnerTexts()).map((t) => t.trim());
		if (texts.length > 0 && ready(texts)) return texts;
		await p.waitForTimeout(500);
	}
	return texts;
}

export async function checkCustomerLocator(p: Page, origin: string, sims: Simulators, shotsDir: string): Promise<void> {
	await timed('uiLocatorOpen', async () => {
		await p.goto(`${origin}/workflow/${LOCATOR_WORKFLOW_ID}`);
		await p.locator(`[data-test-id="canvas-node"][data-node-name="${NODE_NAME}"]`).dblclick();
		await p.locator('[data-test-id="ndv"]').waitFor();
		await p.locator('[data-test-id="rlc-input"]').first().click();
		await p.locator('[data-test-id="rlc-item"]').first().waitFor();
	});
	const label = (c: { name: string; khid: string }) => `${c.name} (${c.khid})`;
	const all = new Set(sims.zhibang.customers().map(label));
	const shown = await listTexts(p, (texts) => texts.length >= Math.min(all.size, 20));
	const unknown = shown.filter((t) => !all.has(t));
	check(`customer locator "From List": ${shown.length} customers of the simulator listed`, shown.length >= Math.min(all.size, 20) && unknown.length === 0, { shown: shown.slice(0, 5), unknown });
	await clearToasts(p, 'with the customer list open');
	await shot(p, shotsDir, 'editor-customer-locator.png');

	// Search by part of a customer's name, then pick it.
	const target = sims.zhibang.customers().find((c) => c.intsort === 1)!;
	const fragment = target.name.slice(0, Math.max(4, target.name.length - 4));
	await p.locator('[data-test-id="rlc-search"] input, input[data-test-id="rlc-search"]').first().fill(fragment);
	const found = await listTexts(p, (texts) => texts.every((t) => t.includes(fragment)) && texts.includes(label(target)));
	check(`search "${fragment}" narrows the list to ${found.length} matching customer(s)`, found.includes(label(target)) && found.every((t) => t.includes(fragment)), found.slice(0, 5));
	await p.locator('[data-test-id="rlc-item"]', { hasText: label(target) }).first().click();
	await p.locator('[data-test-id="rlc-item"]').first().waitFor({ state: 'hidden' });
	const picked = (await p.locator('input[data-test-id="rlc-input"], [data-test-id="rlc-input"] input').first().inputValue()).trim();
	check(`picked "${picked}"`, picked === label(target), picked);

	// Execute the node: its output is the picked customer, simplified.
	const details = sims.zhibang.op('customer.detail');
	await timed('uiLocatorExecute', async () => {
		await p.locator('[data-test-id="node-execute-button"]').first().click();
		await p.locator('[data-test-id="output-panel"]').getByText(target.khid).first().waitFor();
	});
	const outputText = await p.locator('[data-test-id="output-panel"]').innerText();
	check(
		`"Execute step" returns customer ${target.ord} (${target.khid}) in the output panel`,
		outputText.includes(target.name) && outputText.includes(String(target.ord)) && sims.zhibang.op('customer.detail') === details + 1,
		outputText.slice(0, 300),
	);
	await clearToasts(p, 'after executing the locator node');
	await p.locator('[data-test-id="ndv-close-button"]').click();
	await p.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
}
