/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/** The headless editor of the e2e run: Chromium, toasts, overlays, our icons, screenshots, executions. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { PACKAGE_NAME, type N8nInstance } from './cli';
import { check, say } from './e2e-report';

/** One bound for every single browser wait (the editor is slow on 2 busy cores: 20–40 s a page). */
export const UI_TIMEOUT_MS = 90_000;

export async function launchBrowser(userDataDir: string): Promise<BrowserContext> {
	const executablePath = execFileSync(path.join(__dirname, 'ensure-chromium.sh'), [], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
	return await chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		timeout: 60_000,
		viewport: { width: 1440, height: 900 },
		locale: 'en-US',
		timezoneId: 'Asia/Shanghai',
		// The machine's network is closed: nothing may try to reach Google's services.
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-quic',
			'--no-first-run',
			'--no-default-browser-check',
		],
	});
}

/** Toasts: fail on an error toast, close the others (a success toast would hide part of a screenshot). */
export async function clearToasts(page: Page, where: string): Promise<void> {
	const toasts = page.locator('.el-notification:visible');
	const count = await toasts.count();
	const texts: string[] = [];
	for (let i = 0; i < count; i++) {
		const toast = toasts.nth(i);
		const html = await toast.innerHTML();
		const text = (await toast.innerText()).replace(/\s+/g, ' ').trim();
		if (/error|warning/i.test(html)) texts.push(text);
	}
	check(`no error toast ${where}`, texts.length === 0, texts);
	for (const close of await page.locator('.el-notification:visible .el-notification__closeBtn').all()) await close.click().catch(() => {});
	await page.locator('.el-notification:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
}

/** No modal or onboarding dialog over the page (the node panel is checked separately). */
export async function checkNoOverlay(page: Page, where: string): Promise<void> {
	const dialogs = await page.locator('.el-overlay:visible, [role="dialog"]:visible').count();
	check(`no dialog or overlay ${where}`, dialogs === 0, `${dialogs} visible`);
}

/** Every <img> icon of our package inside `scope` loaded (a missing icon would show "?"). */
export async function packageIcons(page: Page, scope: string): Promise<{ loaded: number; broken: string[] }> {
	return await page.locator(scope).evaluateAll((elements, pkg) => {
		const images = elements.flatMap((e) => [...e.querySelectorAll('img')]).filter((img) => img.src.includes(`/icons/${pkg}/`));
		return {
			loaded: images.filter((img) => img.complete && img.naturalWidth > 0).length,
			broken: images.filter((img) => !(img.complete && img.naturalWidth > 0)).map((img) => img.src),
		};
	}, PACKAGE_NAME);
}

/** A screenshot into `dir` (the page undisturbed by the mouse). */
/** Open a canvas node's panel (double click) and return the Operation it shows. */
export async function openPanel(page: Page, nodeName: string): Promise<string> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor();
	await page.locator('[data-test-id="parameter-input-operation"]').waitFor();
	return (await page.locator('[data-test-id="parameter-input-operation"] input').first().inputValue()).trim();
}

export async function closePanel(page: Page): Promise<void> {
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
}

export async function shot(page: Page, dir: string, file: string): Promise<void> {
	await page.mouse.move(720, 150); // off the nodes and buttons: no hover state in the picture
	await page.waitForTimeout(500); // let transitions finish
	await page.screenshot({ path: path.join(dir, file) });
	say(`       saved ${path.relative(process.cwd(), path.join(dir, file))}`);
}

/** The latest execution of a workflow through n8n's REST API (own session: no browser-id binding). */
export async function latestExecution(n8n: N8nInstance, cookie: string, workflowId: string): Promise<{ id: string; status: string; mode: string } | undefined> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const res = await fetch(`${n8n.baseUrl}/rest/executions?filter=${filter}&limit=1`, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
	if (!res.ok) throw new Error(`GET /rest/executions: HTTP ${res.status}`);
	const body = (await res.json()) as { data: { results: Array<{ id: string; status: string; mode: string }> } };
	return body.data.results[0];
}

export async function waitForExecution(n8n: N8nInstance, cookie: string, workflowId: string, after: string | undefined, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const latest = await latestExecution(n8n, cookie, workflowId);
		if (latest && latest.id !== after && !['new', 'running', 'waiting'].includes(latest.status)) return latest;
		await new Promise((r) => setTimeout(r, 1_000));
	}
	throw new Error(`no finished execution of workflow ${workflowId} after ${timeoutMs} ms`);
}
