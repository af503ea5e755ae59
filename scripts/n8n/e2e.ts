/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- development tooling: runs on Node in this repository, never inside n8n */
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
 *    editor-node-actions.png (the Yunke node's actions in the picker), editor-upsert-panel.png (Create
 *    or Update's parameters). n8n runs with N8N_DEFAULT_LOCALE=zh-CN: n8n 2.41 ships its own UI in
 *    English only and loads no node translations of community packages, so the Chinese an analyst
 *    reads is our bilingual labels. Then the customer locator
 *    (scripts/n8n/e2e-locator.ts): a Zhibang "Customer → Get" node's "From List" shows the
 *    simulator's customers (editor-customer-locator.png), a search narrows it, the pick runs.
 *
 * First use also installs the n8n CLI (~6–7 min, 2.6 GB into .cache/n8n-cli) and Chromium.
 * Exits 1 on any failed check; the last lines are a JSON summary with timings and
 * "N passed, N failed". Everything listens on 127.0.0.1 and is stopped at the end, also on failure
 * or after the overall time limit (E2E_TIMEOUT_MS, default 20 minutes).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

import { DEMO_OWNER, N8N_CLI_VERSION, N8nInstance, PACKAGE_NAME, REPO_ROOT, type N8nServer } from './cli';
import { checkCustomerLocator, importLocatorWorkflow } from './e2e-locator';
import { checkNoOverlay, clearToasts, closePanel, openPanel, latestExecution, launchBrowser, packageIcons, shot, UI_TIMEOUT_MS, waitForExecution } from './e2e-page';
import { check, results, say, timed, timings } from './e2e-report';
import { checkFirstRun, countLogins, figures, workflow1Nodes } from './e2e-workflow1';
import { EXAMPLES_N8N_ENV, loadExamples, startSimulators, WORKFLOW_1_ID, type Simulators } from './examples';

const argv = process.argv.slice(2);
const SHOTS_DIR = path.resolve(argv.includes('--shots') ? argv[argv.indexOf('--shots') + 1] : path.join(REPO_ROOT, 'docs'));
const SKIP_BROWSER = argv.includes('--skip-browser');
const OVERALL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 20 * 60_000);

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
				const done = await waitForExecution(n8n, cookie, WORKFLOW_1_ID, before?.id, 120_000);
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
		await shot(p, SHOTS_DIR, 'editor-workflow.png');

		// The Zhibang node's Lead → Check Admission: two outputs on the canvas, and its panel with both branches.
		const admissionOperation = await timed('uiAdmissionPanel', () => openPanel(p, names.admission));
		const ndv = p.locator('[data-test-id="ndv"]');
		const branches = { admitted: await ndv.getByText('Admitted', { exact: false }).count(), rejected: await ndv.getByText('Rejected', { exact: false }).count() };
		check(
			`admission panel: operation "${admissionOperation}", output branches Admitted and Rejected`,
			admissionOperation.startsWith('Check Admission / 线索准入') && branches.admitted > 0 && branches.rejected > 0,
			branches,
		);
		await clearToasts(p, 'in the admission panel');
		await shot(p, SHOTS_DIR, 'editor-lead-admission.png');
		await closePanel(p);

		// Create or Update's panel as a Chinese-reading analyst sees it (n8n runs with N8N_DEFAULT_LOCALE=zh-CN).
		const upsertOperation = await timed('uiUpsertPanel', () => openPanel(p, names.upsert));
		const bilingual = await p.locator('[data-test-id="ndv"]').getByText('匹配方式', { exact: false }).count();
		check(`Create or Update panel: operation "${upsertOperation}", Chinese labels shown`, upsertOperation === 'Create or Update / 新建或更新' && bilingual > 0, { bilingual });
		await clearToasts(p, 'in the upsert panel');
		await shot(p, SHOTS_DIR, 'editor-upsert-panel.png');
		await closePanel(p);

		// The Yunke node's parameter panel, with the run's output beside it.
		const operation = await timed('uiNodePanel', () => openPanel(p, names.calls));
		const panelIcons = await packageIcons(p, '[data-test-id="ndv"]');
		const noOutput = await p.locator('[data-test-id="output-panel"]').getByText('No output data').count();
		check(`node panel: operation "${operation}", icon loaded, output shown`, operation === 'Get Many / 获取多条' && panelIcons.loaded > 0 && panelIcons.broken.length === 0 && noOutput === 0, { operation, panelIcons, noOutput });
		await clearToasts(p, 'in the node panel');
		await shot(p, SHOTS_DIR, 'editor-node-panel.png');
		await closePanel(p);

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
		await shot(p, SHOTS_DIR, 'editor-node-search.png');

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
		await shot(p, SHOTS_DIR, 'editor-node-actions.png');
		await p.keyboard.press('Escape');

		await checkCustomerLocator(p, new URL(p.url()).origin, sims, SHOTS_DIR);

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
		n8n = await timed('cliReady', () => N8nInstance.create({ env: { ...EXAMPLES_N8N_ENV, N8N_DEFAULT_LOCALE: 'zh-CN' } }));
		sims = await startSimulators();
		const workflows = await timed('import', () => loadExamples(n8n!, sims!, (line) => say(`  ${line}`)));
		const workflow1 = workflows.find((w) => w.id === WORKFLOW_1_ID);
		if (!workflow1) throw new Error('workflow 1 was not imported');
		const names = workflow1Nodes(workflow1);
		await importLocatorWorkflow(n8n, workflow1);

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
