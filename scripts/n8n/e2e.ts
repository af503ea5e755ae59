/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run test:e2e` — example workflow 1 in the real n8n CLI and editor, with this package
 * installed as users get it, against both simulators; screenshots of the editor into docs/.
 *
 *   npm run test:e2e                      # checks + docs/editor-*.png
 *   npm run test:e2e -- --shots <dir>     # screenshots elsewhere
 *   npm run test:e2e -- --skip-browser    # CLI part only
 *
 * 1. CLI: install the packed package (Settings → Community Nodes style), `n8n import:credentials`,
 *    `n8n import:workflow` (all examples/workflows/*.json), then `n8n execute` workflow 1 twice.
 *    The ERP is checked item by item after the first run (customer, value level, owner and one
 *    follow-up per admitted call; nothing for rejected calls; 1 login per service); the second
 *    run must create 0 customers, add 0 follow-ups and log in 0 times.
 * 2. Editor: `n8n start`, owner account, then headless Debian Chromium (scripts/n8n/ensure-chromium.sh
 *    installs it with apt-get when missing): log in through the sign-in form, open workflow 1,
 *    check our nodes' icons loaded, press "Execute workflow" (the execution must succeed, create
 *    0 customers and log in 0 times: the sessions stored by the CLI runs are reused), and save
 *    editor-workflow.png (canvas after the run), editor-node-panel.png (the Yunke "Get Many" call
 *    log node with its output), editor-node-search.png (node picker, search "客户") and
 *    editor-node-actions.png (the Yunke node's actions in the picker).
 *
 * First use also installs the n8n CLI (~6–7 min, 2.6 GB into .cache/n8n-cli) and Chromium.
 * Exits 1 on any failed check; the last lines are a JSON summary with timings and
 * "N passed, N failed". Everything listens on 127.0.0.1 and is stopped at the end, also on failure
 * or after the overall time limit (E2E_TIMEOUT_MS, default 20 minutes).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IDataObject, IRun } from 'n8n-workflow';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { DEMO_OWNER, N8N_CLI_VERSION, N8nInstance, PACKAGE_NAME, REPO_ROOT, type N8nServer, type WorkflowImportJson } from './cli';
import { EXAMPLES_N8N_ENV, loadExamples, startSimulators, WORKFLOW_1_ID, type Simulators } from './examples';

const argv = process.argv.slice(2);
const SHOTS_DIR = path.resolve(argv.includes('--shots') ? argv[argv.indexOf('--shots') + 1] : path.join(REPO_ROOT, 'docs'));
const SKIP_BROWSER = argv.includes('--skip-browser');
const OVERALL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 20 * 60_000);
/** One bound for every single browser wait (the editor is slow on 2 busy cores: 20–40 s a page). */
const UI_TIMEOUT_MS = 90_000;

const say = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------- checks

const results: Array<{ name: string; ok: boolean }> = [];
function check(name: string, ok: boolean, detail?: unknown): boolean {
	results.push({ name, ok });
	say(`${ok ? '  ok  ' : '  FAIL'} ${name}${!ok && detail !== undefined ? `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}` : ''}`);
	return ok;
}

const timings: Record<string, number> = {};
async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings[name] = Date.now() - started;
	}
}

// ------------------------------------------------------------------------- workflow 1's structure

/** Node names of workflow 1, found by type in the JSON (the file is the source of truth). */
function workflow1Nodes(workflow: WorkflowImportJson) {
	const nodes = workflow.nodes as Array<{ name: string; type: string; parameters?: { resource?: string } }>;
	const byType = (suffix: string, resource?: string) => {
		const node = nodes.find((n) => n.type === `${PACKAGE_NAME}.${suffix}` && (resource === undefined || n.parameters?.resource === resource));
		if (!node) throw new Error(`workflow 1 has no ${PACKAGE_NAME}.${suffix} node${resource ? ` for ${resource}` : ''}`);
		return node.name;
	};
	// The admission check is the Zhibang node's Lead → Check Admission operation.
	const admission = byType('zhibang', 'lead');
	const connections = workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>;
	return { calls: byType('yunke'), admission, upsert: byType('zhibang', 'customer'), rejected: connections[admission].main[1][0].node };
}

function output(run: IRun, node: string, index = 0): IDataObject[] {
	return (run.data.resultData.runData[node]?.[0]?.data?.main?.[index] ?? []).map((item) => item.json);
}

/** The seed's value-level bands (90–100→175, 75–89→289, 60–74→176, 45–59→177, 0–44→290). */
const seedBand = (score: number) => (score >= 90 ? 175 : score >= 75 ? 289 : score >= 60 ? 176 : score >= 45 ? 177 : 290);

interface RunFigures {
	created: number;
	updated: number;
	unchanged: number;
	followUps: number;
	logins: { yunke: number; zhibang: number };
}

function figures(run: IRun, names: ReturnType<typeof workflow1Nodes>, logins: RunFigures['logins']): RunFigures {
	const upserts = output(run, names.upsert);
	const count = (action: string) => upserts.filter((u) => u.action === action).length;
	return {
		created: count('created'),
		updated: count('updated'),
		unchanged: count('unchanged'),
		followUps: upserts.filter((u) => (u.followUp as IDataObject | null)?.saved).length,
		logins,
	};
}

/** Runs `fn` and returns how many times each simulator was logged into meanwhile. */
async function countLogins<T>(sims: Simulators, fn: () => Promise<T>): Promise<[T, RunFigures['logins']]> {
	const before = { yunke: sims.yunke.counters.logins, zhibang: sims.zhibang.counters.logins };
	const result = await fn();
	return [result, { yunke: sims.yunke.counters.logins - before.yunke, zhibang: sims.zhibang.counters.logins - before.zhibang }];
}

/** The ERP after the first run of workflow 1, item by item (as test/examples/workflow1.test.ts does in-process). */
function checkFirstRun(run: IRun, names: ReturnType<typeof workflow1Nodes>, sims: Simulators, customersBefore: number, logins: RunFigures['logins']): number {
	const calls = output(run, names.calls);
	const admitted = output(run, names.admission, 0);
	const rejected = output(run, names.admission, 1);

	// Connected outbound calls of the last day, as the simulator has them (calls within a minute of
	// the window's start may fall either side).
	const windowStart = Date.parse(String(run.startedAt)) - 86_400_000;
	const startOf = (c: { startCallTime: string }) => Date.parse(`${c.startCallTime.replace(' ', 'T')}+08:00`);
	const outboundConnected = sims.yunke.calls.filter((c) => c.incomingCall === 0 && c.callStatus === 2);
	const fetched = new Set(calls.map((c) => String(c.id)));
	const missing = outboundConnected.filter((c) => startOf(c) > windowStart + 60_000 && !fetched.has(String(c.id)));
	const extra = calls.filter((c) => {
		const call = outboundConnected.find((x) => String(x.id) === String(c.id));
		return !call || startOf(call) < windowStart - 60_000;
	});
	check(`Yunke node fetched the ${calls.length} connected outbound calls of the last day`, calls.length > 10 && missing.length === 0 && extra.length === 0, {
		fetched: calls.length,
		missing: missing.map((c) => c.id),
		extra: extra.map((c) => c.id),
	});
	check(`admission split them: ${admitted.length} admitted, ${rejected.length} rejected`, admitted.length > 0 && rejected.length > 0 && admitted.length + rejected.length === calls.length);

	const followUps = sims.zhibang.followups();
	const problems: string[] = [];
	// A namesake is stored under its tagged name (刘总（8000）): the upsert's storedName, item by item.
	const upserts = output(run, names.upsert, 0);
	check(`the upsert wrote every admitted call: ${upserts.length} items`, upserts.length === admitted.length);
	for (const [index, call] of admitted.entries()) {
		const khid = `YK${call.normalizedMobile}`;
		const found = sims.zhibang.findCustomers((c) => c.khid === khid);
		if (found.length !== 1) {
			problems.push(`${khid}: ${found.length} customers`);
			continue;
		}
		const [customer] = found;
		const score = Number(call.score);
		const expected = { name: upserts[index]?.storedName ?? call.customerName, mobile: call.normalizedMobile, ly: 171, jz: seedBand(score), cateid: score >= 80 ? 61 : 62 };
		const actual = { name: customer.name, mobile: customer.mobile, ly: customer.ly, jz: customer.jz, cateid: customer.cateid };
		if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${khid}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
		const notes = followUps.filter((f) => f.customer === customer.ord);
		if (notes.length !== 1 || notes[0].sort !== 481 || notes[0].intro !== call.summary || !String(notes[0].intro).includes(String(call.id))) {
			problems.push(`${khid}: follow-ups ${JSON.stringify(notes.map((n) => ({ sort: n.sort, intro: n.intro })))}`);
		}
	}
	check(`each admitted call is a Zhibang customer (khid, name, mobile, source, value level, owner) with one follow-up`, problems.length === 0, problems.slice(0, 5));
	const written = rejected.filter((call) => sims.zhibang.findCustomers((c) => c.khid === `YK${String(call.customerPhone)}`).length > 0);
	const unexplained = rejected.filter((call) => !Array.isArray(call.failedRules) || call.failedRules.length === 0);
	check('rejected calls wrote nothing and carry their failed rules', written.length === 0 && unexplained.length === 0, {
		written: written.map((c) => c.id),
		unexplained: unexplained.map((c) => c.id),
	});
	check(`"${names.rejected}" lists a reason for each rejected call`, output(run, names.rejected).filter((r) => typeof r.reason === 'string' && r.reason).length === rejected.length);
	const f = figures(run, names, logins);
	check(`run 1: ${f.created} customers created, ${f.followUps} follow-ups, logins Yunke ${logins.yunke} / Zhibang ${logins.zhibang}`, f.created === admitted.length && f.updated === 0 && f.unchanged === 0 && f.followUps === admitted.length && logins.yunke === 1 && logins.zhibang === 1, f);
	check('the ERP has exactly the new customers', sims.zhibang.customers().length === customersBefore + admitted.length, {
		before: customersBefore,
		after: sims.zhibang.customers().length,
		admitted: admitted.length,
	});
	return admitted.length;
}

// --------------------------------------------------------------------------------------- browser

async function launchBrowser(userDataDir: string): Promise<BrowserContext> {
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
async function clearToasts(page: Page, where: string): Promise<void> {
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
async function checkNoOverlay(page: Page, where: string): Promise<void> {
	const dialogs = await page.locator('.el-overlay:visible, [role="dialog"]:visible').count();
	check(`no dialog or overlay ${where}`, dialogs === 0, `${dialogs} visible`);
}

/** Every <img> icon of our package inside `scope` loaded (a missing icon would show "?"). */
async function packageIcons(page: Page, scope: string): Promise<{ loaded: number; broken: string[] }> {
	return await page.locator(scope).evaluateAll((elements, pkg) => {
		const images = elements.flatMap((e) => [...e.querySelectorAll('img')]).filter((img) => img.src.includes(`/icons/${pkg}/`));
		return {
			loaded: images.filter((img) => img.complete && img.naturalWidth > 0).length,
			broken: images.filter((img) => !(img.complete && img.naturalWidth > 0)).map((img) => img.src),
		};
	}, PACKAGE_NAME);
}

async function shot(page: Page, file: string): Promise<void> {
	await page.mouse.move(720, 150); // off the nodes and buttons: no hover state in the picture
	await page.waitForTimeout(500); // let transitions finish
	await page.screenshot({ path: path.join(SHOTS_DIR, file) });
	say(`       saved ${path.relative(process.cwd(), path.join(SHOTS_DIR, file))}`);
}

/** The latest execution of a workflow through n8n's REST API (own session: no browser-id binding). */
async function latestExecution(n8n: N8nInstance, cookie: string, workflowId: string): Promise<{ id: string; status: string; mode: string } | undefined> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const res = await fetch(`${n8n.baseUrl}/rest/executions?filter=${filter}&limit=1`, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
	if (!res.ok) throw new Error(`GET /rest/executions: HTTP ${res.status}`);
	const body = (await res.json()) as { data: { results: Array<{ id: string; status: string; mode: string }> } };
	return body.data.results[0];
}

async function waitForExecution(n8n: N8nInstance, cookie: string, after: string | undefined, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const latest = await latestExecution(n8n, cookie, WORKFLOW_1_ID);
		if (latest && latest.id !== after && !['new', 'running', 'waiting'].includes(latest.status)) return latest;
		await new Promise((r) => setTimeout(r, 1_000));
	}
	throw new Error(`no finished execution of workflow 1 after ${timeoutMs} ms`);
}

async function browserPart(n8n: N8nInstance, sims: Simulators, names: ReturnType<typeof workflow1Nodes>): Promise<void> {
	const server: N8nServer = await timed('n8nStart', () => n8n.start({ timeoutMs: 180_000 }));
	say(`  n8n editor up after ${timings.n8nStart} ms`);
	await n8n.setupOwner();
	const cookie = await n8n.login();
	const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-chromium-'));
	let context: BrowserContext | undefined;
	let page: Page | undefined;
	try {
		context = await timed('browserLaunch', () => launchBrowser(userDataDir));
		context.setDefaultTimeout(UI_TIMEOUT_MS);
		page = context.pages()[0] ?? (await context.newPage());
		const p = page;
		const consoleErrors: string[] = [];
		p.on('pageerror', (error) => consoleErrors.push(error.message));

		await timed('uiLogin', async () => {
			await p.goto(`${n8n.baseUrl.replace('127.0.0.1', 'localhost')}/signin`, { timeout: UI_TIMEOUT_MS });
			await p.locator('input[name="emailOrLdapLoginId"]').fill(DEMO_OWNER.email);
			await p.locator('input[name="password"]').fill(DEMO_OWNER.password);
			await p.locator('input[name="password"]').press('Enter');
			await p.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: UI_TIMEOUT_MS });
		});
		check('logged in through the sign-in form', true);

		await timed('uiOpenWorkflow', async () => {
			await p.goto(`${new URL(p.url()).origin}/workflow/${WORKFLOW_1_ID}`, { timeout: UI_TIMEOUT_MS });
			await p.locator('[data-test-id="canvas-node"]').first().waitFor();
			await p.locator(`[data-test-id="canvas-node"][data-node-type^="${PACKAGE_NAME}."] img`).first().waitFor();
		});
		const ours = p.locator(`[data-test-id="canvas-node"][data-node-type^="${PACKAGE_NAME}."]`);
		const icons = await packageIcons(p, `[data-test-id="canvas-node"][data-node-type^="${PACKAGE_NAME}."]`);
		check(`workflow 1 open: our ${await ours.count()} nodes on the canvas, ${icons.loaded} icons loaded`, (await ours.count()) === 3 && icons.loaded === 3 && icons.broken.length === 0, icons);

		// Press "Execute workflow", as a user would.
		const before = await latestExecution(n8n, cookie, WORKFLOW_1_ID);
		const customersBefore = sims.zhibang.customers().length;
		const followUpsBefore = sims.zhibang.followups().length;
		const [execution, logins] = await timed('uiExecute', () =>
			countLogins(sims, async () => {
				await p.locator('[data-test-id="execute-workflow-button"]').click();
				const done = await waitForExecution(n8n, cookie, before?.id, 120_000);
				await p.locator('[data-test-id="stop-execution-button"]').waitFor({ state: 'hidden' });
				return done;
			}),
		);
		check(`"Execute workflow" in the editor: execution ${execution.id} ${execution.status}`, execution.status === 'success', execution);
		check(`the editor's run logged in 0 times (sessions stored by the CLI runs reused)`, logins.yunke === 0 && logins.zhibang === 0, logins);
		const successMarks = await p.locator('[data-test-id="canvas-node-status-success"]').count();
		check(`canvas shows ${successMarks} nodes succeeded`, successMarks >= 5, successMarks);
		check("the editor's run created 0 customers and 0 follow-ups", sims.zhibang.customers().length === customersBefore && sims.zhibang.followups().length === followUpsBefore);

		await clearToasts(p, 'after the run');
		await checkNoOverlay(p, 'on the canvas');
		await p.locator('[data-test-id="zoom-to-fit"]').click();
		await shot(p, 'editor-workflow.png');

		// The Zhibang node's Lead → Check Admission: two outputs on the canvas, and its panel with both branches.
		await timed('uiAdmissionPanel', async () => {
			await p.locator(`[data-test-id="canvas-node"][data-node-name="${names.admission}"]`).dblclick();
			await p.locator('[data-test-id="ndv"]').waitFor();
			await p.locator('[data-test-id="parameter-input-operation"]').waitFor();
		});
		const admissionOperation = (await p.locator('[data-test-id="parameter-input-operation"] input').first().inputValue()).trim();
		const ndv = p.locator('[data-test-id="ndv"]');
		const branches = { admitted: await ndv.getByText('Admitted', { exact: false }).count(), rejected: await ndv.getByText('Rejected', { exact: false }).count() };
		check(
			`admission panel: operation "${admissionOperation}", output branches Admitted and Rejected`,
			admissionOperation === 'Check Admission' && branches.admitted > 0 && branches.rejected > 0,
			branches,
		);
		await clearToasts(p, 'in the admission panel');
		await shot(p, 'editor-lead-admission.png');
		await p.locator('[data-test-id="ndv-close-button"]').click();
		await p.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });

		// The Yunke node's parameter panel, with the run's output beside it.
		await timed('uiNodePanel', async () => {
			await p.locator(`[data-test-id="canvas-node"][data-node-name="${names.calls}"]`).dblclick();
			await p.locator('[data-test-id="ndv"]').waitFor();
			await p.locator('[data-test-id="parameter-input-operation"]').waitFor();
		});
		const panelIcons = await packageIcons(p, '[data-test-id="ndv"]');
		const operation = (await p.locator('[data-test-id="parameter-input-operation"] input').first().inputValue()).trim();
		const noOutput = await p.locator('[data-test-id="output-panel"]').getByText('No output data').count();
		check(`node panel: operation "${operation}", icon loaded, output shown`, operation === 'Get Many' && panelIcons.loaded > 0 && panelIcons.broken.length === 0 && noOutput === 0, { operation, panelIcons, noOutput });
		await clearToasts(p, 'in the node panel');
		await shot(p, 'editor-node-panel.png');
		await p.locator('[data-test-id="ndv-close-button"]').click();
		await p.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });

		// The node picker: a Chinese search finds our Zhibang node…
		await p.locator('[data-test-id="canvas-pane"], .vue-flow__pane').first().click({ position: { x: 700, y: 150 } });
		await p.locator('[data-test-id="node-creator-plus-button"]').click();
		const search = p.locator('[data-test-id="node-creator-search-bar"]').first();
		await search.fill('客户');
		const items = p.locator('[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]');
		await items.filter({ hasText: 'Zhibang' }).first().waitFor();
		const found = await items.allInnerTexts();
		const pickerIcons = await packageIcons(p, '[data-test-id="node-creator"]');
		check(`node picker, search "客户": ${JSON.stringify(found)}`, found.some((t) => t.includes('Zhibang')) && pickerIcons.loaded >= 1 && pickerIcons.broken.length === 0, pickerIcons);
		await clearToasts(p, 'in the node picker');
		await shot(p, 'editor-node-search.png');

		// … and "yunke" leads to the Yunke node's actions.
		await search.fill('yunke');
		await items.filter({ hasText: 'Yunke' }).first().click();
		await items.filter({ hasText: 'Get many call logs' }).first().waitFor(); // the node's own view: its actions
		const actionTexts = await items.allInnerTexts();
		const actionIcons = await packageIcons(p, '[data-test-id="node-creator"]');
		check(
			`Yunke node's actions in the picker: ${actionTexts.length} entries`,
			['Get many call logs', 'Download a recording', 'Get a call report'].every((a) => actionTexts.some((t) => t.startsWith(a))) && actionIcons.broken.length === 0 && actionIcons.loaded > 0,
			{ actionTexts, actionIcons },
		);
		await shot(p, 'editor-node-actions.png');

		check('no uncaught errors in the editor page', consoleErrors.length === 0, consoleErrors.slice(0, 5));
	} catch (error) {
		if (page) {
			const file = path.join(os.tmpdir(), `n8n-e2e-failure-${Date.now()}.png`);
			await page.screenshot({ path: file }).catch(() => {});
			say(`  the page at the failure: ${file}`);
		}
		throw error;
	} finally {
		await context?.close().catch(() => {});
		rmSync(userDataDir, { recursive: true, force: true });
		await server.stop();
	}
}

// ------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
	const started = Date.now();
	let sims: Simulators | undefined;
	let n8n: N8nInstance | undefined;
	const cleanup = async () => {
		await n8n?.dispose().catch(() => {});
		await sims?.close().catch(() => {});
	};
	const watchdog = setTimeout(() => {
		say(`\nE2E: overall time limit of ${OVERALL_TIMEOUT_MS} ms reached: stopping`);
		void cleanup().finally(() => process.exit(1));
	}, OVERALL_TIMEOUT_MS);
	watchdog.unref();
	// `on`, not `once`: Ctrl+C arrives twice (from the terminal, and relayed by tsx's parent process).
	let stopping: Promise<void> | undefined;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void (stopping ??= cleanup()).finally(() => process.exit(1)));

	try {
		say(`E2E: n8n ${N8N_CLI_VERSION} CLI (first use installs it: ~6–7 min, 2.6 GB into .cache/n8n-cli)`);
		n8n = await timed('cliReady', () => N8nInstance.create({ env: EXAMPLES_N8N_ENV }));
		sims = await startSimulators();
		const workflows = await timed('import', () => loadExamples(n8n!, sims!, (line) => say(`  ${line}`)));
		const workflow1 = workflows.find((w) => w.id === WORKFLOW_1_ID);
		if (!workflow1) throw new Error('workflow 1 was not imported');
		const names = workflow1Nodes(workflow1);

		say('E2E: n8n execute, workflow 1, run 1');
		const customersBefore = sims.zhibang.customers().length;
		const [first, logins1] = await timed('execute1', () => countLogins(sims!, () => n8n!.execute(WORKFLOW_1_ID, { timeoutMs: 180_000 })));
		check(`run 1 succeeded in ${first.ms} ms${first.exitSignal ? ` (n8n then died of ${first.exitSignal}, known)` : ''}`, first.run.status === 'success', first.run.status);
		const admitted = checkFirstRun(first.run, names, sims, customersBefore, logins1);

		say('E2E: n8n execute, workflow 1, run 2 (same ERP state)');
		const followUpsBefore = sims.zhibang.followups().length;
		const customersAfterFirst = sims.zhibang.customers().length;
		const [second, logins2] = await timed('execute2', () => countLogins(sims!, () => n8n!.execute(WORKFLOW_1_ID, { timeoutMs: 180_000 })));
		const f2 = figures(second.run, names, logins2);
		check(
			`run 2: ${f2.created} created, ${f2.unchanged} unchanged, ${f2.followUps} follow-ups, logins Yunke ${logins2.yunke} / Zhibang ${logins2.zhibang}`,
			f2.created === 0 && f2.updated === 0 && f2.unchanged === admitted && f2.followUps === 0 && logins2.yunke === 0 && logins2.zhibang === 0,
			f2,
		);
		check('run 2 left the ERP as it was', sims.zhibang.customers().length === customersAfterFirst && sims.zhibang.followups().length === followUpsBefore);

		if (!SKIP_BROWSER) {
			mkdirSync(SHOTS_DIR, { recursive: true });
			say('E2E: the editor in headless Chromium');
			await timed('editor', () => browserPart(n8n!, sims!, names));
		}
	} catch (error) {
		check('no unexpected error', false, error instanceof Error ? error.message : String(error));
	} finally {
		clearTimeout(watchdog);
		await cleanup();
	}
	const failed = results.filter((r) => !r.ok).length;
	timings.total = Date.now() - started;
	process.stdout.write(`${JSON.stringify({ ok: failed === 0, n8n: N8N_CLI_VERSION, timingsMs: timings })}\n`);
	process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
	process.exitCode = failed === 0 ? 0 : 1;
}

void main();
