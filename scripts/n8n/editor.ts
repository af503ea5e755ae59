/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run editor` — the full n8n editor on http://localhost:5678 with this package, both
 * simulators and every example workflow, until Ctrl+C.
 *
 *   npm run editor
 *   npm run editor -- --locale zh-CN   # n8n's N8N_DEFAULT_LOCALE
 *
 * 1. installs the pinned n8n CLI on first use (scripts/n8n/ensure-cli.sh: ~6–7 min, 2.6 GB, into
 *    .cache/n8n-cli/; a few seconds afterwards);
 * 2. starts the Yunke simulator on 127.0.0.1:18080 (+18081, its "crm2" host) and the Zhibang
 *    simulator on 127.0.0.1:18090 (the ports `npm run simulate` uses);
 * 3. creates a fresh n8n instance in a temp folder: installs this package's current build the way
 *    Settings → Community Nodes does (node types `n8n-nodes-yunke-zhibang.*`, as in the example
 *    JSON), imports credentials for both simulators and every examples/workflows/*.json;
 * 4. `n8n start` on 127.0.0.1:5678, creates the owner account and prints its demo-only login;
 * 5. on Ctrl+C (or SIGTERM) stops n8n and the simulators and deletes the temp folder.
 *
 * Nothing is kept between runs: the simulators start from their seed data, and n8n from an empty
 * database. n8n's own warnings and errors are shown prefixed with [n8n].
 */
import net from 'node:net';

import { stopwatch } from '../timing';
import { DEMO_OWNER, N8N_CLI_VERSION, N8nInstance, type N8nServer } from './cli';
import { EDITOR_N8N_PORT, EDITOR_PORTS, EXAMPLES_N8N_ENV, loadExamples, startSimulators, WORKFLOW_1_ID, type Simulators } from './examples';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** `npm run editor -- --locale zh-CN` sets n8n's N8N_DEFAULT_LOCALE (default en). */
const LOCALE = process.argv.includes('--locale') ? process.argv[process.argv.indexOf('--locale') + 1] : 'en';

/** Fails early with a clear message when a fixed port is taken (e.g. a second `npm run editor`). */
async function assertPortFree(port: number, what: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', () =>
			reject(new Error(`port ${port} (${what}) is already in use: stop whatever listens there (another \`npm run editor\` or \`npm run simulate\`?)`)),
		);
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

async function main(): Promise<void> {
	const elapsed = stopwatch();
	await assertPortFree(EDITOR_N8N_PORT, 'n8n editor');
	await assertPortFree(EDITOR_PORTS.yunke, 'Yunke simulator');
	await assertPortFree(EDITOR_PORTS.yunkeCrm2, 'Yunke simulator, crm2');
	await assertPortFree(EDITOR_PORTS.zhibang, 'Zhibang simulator');

	let sims: Simulators | undefined;
	let n8n: N8nInstance | undefined;
	let server: N8nServer | undefined;
	let stopping: Promise<void> | undefined;
	const stop = (reason: string) =>
		(stopping ??= (async () => {
			say(`\n${reason}: stopping n8n and the simulators… / 正在停止 n8n 与模拟器…`);
			await server?.stop().catch(() => {});
			await n8n?.dispose().catch(() => {});
			await sims?.close().catch(() => {});
		})());
	// `on`, not `once`: Ctrl+C reaches this process twice (from the terminal, and relayed by tsx's
	// parent process); a second signal must not kill it halfway through the clean-up.
	process.on('SIGINT', () => void stop('Ctrl+C').then(() => process.exit(0)));
	process.on('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));

	try {
		say(`Preparing n8n ${N8N_CLI_VERSION} (first use only: installs it into .cache/n8n-cli, about 6–7 minutes and 2.6 GB) …`);
		say(`准备 n8n ${N8N_CLI_VERSION}（仅首次：安装到 .cache/n8n-cli，约 6–7 分钟、2.6 GB）…`);
		n8n = await N8nInstance.create({ port: EDITOR_N8N_PORT, env: { ...EXAMPLES_N8N_ENV, N8N_DEFAULT_LOCALE: LOCALE } });
		sims = await startSimulators(EDITOR_PORTS);
		say(`Simulators: Yunke ${sims.yunke.baseUrl} (crm2 ${sims.yunke.baseUrls[1]}), Zhibang ${sims.zhibang.baseUrl}`);
		await loadExamples(n8n, sims, (line) => say(`  ${line}`));
		say(`Starting n8n on http://localhost:${EDITOR_N8N_PORT} (about 10–20 s) …`);
		server = await n8n.start({ timeoutMs: 180_000 });
		const forward = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n')) if (line.trim()) say(`[n8n] ${line}`);
		};
		server.child.stdout?.on('data', forward);
		server.child.stderr?.on('data', forward);
		await n8n.setupOwner();
	} catch (error) {
		await stop('Failed');
		throw error;
	}

	const url = `http://localhost:${EDITOR_N8N_PORT}`;
	say(
		[
			'',
			`n8n editor ready after ${(elapsed() / 1000).toFixed(0)} s / n8n 编辑器已就绪`,
			'',
			`  Open / 打开          ${url}`,
			`  Log in / 登录        ${DEMO_OWNER.email}  /  ${DEMO_OWNER.password}`,
			'                       (demo-only account of this throw-away instance / 仅用于本地演示)',
			`  Workflow 1 / 工作流1 ${url}/workflow/${WORKFLOW_1_ID}  → "Execute workflow"`,
			`  Simulators / 模拟器  Yunke ${sims.yunke.baseUrl}, Zhibang ${sims.zhibang.baseUrl} (control: <url>/__sim/)`,
			'',
			'Ctrl+C stops n8n and the simulators; nothing is kept. / Ctrl+C 停止，数据不保留。',
		].join('\n'),
	);
	const exitCode = await new Promise<number | null>((resolve) => server!.child.once('exit', (code) => resolve(code)));
	if (!stopping) {
		await stop(`n8n exited unexpectedly (code ${exitCode})`);
		process.exit(1);
	}
}

main().catch((error: Error) => {
	say(`npm run editor failed: ${error.message}`);
	process.exit(1);
});
