/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The example workflows and their simulator credentials, prepared for a real n8n CLI instance
 * (`npm run editor`, `npm run test:e2e`):
 *
 *   const sims = await startSimulators(EDITOR_PORTS);            // or {} for free ports
 *   const n8n = await N8nInstance.create({ port: 5678 });
 *   await loadExamples(n8n, sims);                               // package, credentials, workflows
 *
 * The workflow JSON files in examples/workflows carry no `id` (so an import in the editor creates a
 * new workflow); `n8n import:workflow` needs one to address them, so each gets a fixed id here
 * (EXAMPLE_IDS). The credentials get the ids the JSON references (`yunke-simulator`,
 * `zhibang-simulator`), with the data scripts/story.ts gives them. (story.ts itself is not imported:
 * it loads n8n-core, which this CLI-driven side does not need.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { startYunkeSimulator, type YunkeSimulator } from '../../simulators/yunke';
import { startZhibangSimulator, type ZhibangSimulator } from '../../simulators/zhibang';
import { PACKAGE_NAME, packRepo, type CredentialJson, type N8nInstance, type WorkflowImportJson } from './cli';

/** The simulators' documented ports (as `npm run simulate` uses by default). */
export const EDITOR_PORTS = { yunke: 18080, yunkeCrm2: 18081, zhibang: 18090 };
/** The editor's documented port (n8n's default). */
export const EDITOR_N8N_PORT = 5678;

/**
 * Extra n8n settings for the editor and the e2e check: the services' own time zone (China Standard
 * Time), so `$now` and the dates in the editor read as the Yunke/Zhibang users see them.
 */
export const EXAMPLES_N8N_ENV: Record<string, string> = { GENERIC_TIMEZONE: 'Asia/Shanghai' };

/** Fixed workflow ids, by file name: the editor opens workflow 1 at /workflow/<id>. */
export const EXAMPLE_IDS: Record<string, string> = {
	'1-call-logs-to-erp.json': 'yzExample1CallsToErp',
	'2-webhook-lead-to-erp.json': 'yzExample2WebhookLead',
	'3-new-call-recordings.json': 'yzExample3Recordings',
	'4-sync-health-alert.json': 'yzExample4HealthAlert',
	'5-new-calls-to-erp.json': 'yzExample5TriggerToErp',
};
export const WORKFLOW_1_ID = EXAMPLE_IDS['1-call-logs-to-erp.json'];
export const EXAMPLES_DIR = path.resolve(__dirname, '../../examples/workflows');

export interface Simulators {
	yunke: YunkeSimulator;
	zhibang: ZhibangSimulator;
	close(): Promise<void>;
}

/** Both simulators on 127.0.0.1, on the given ports (0 or missing: free ports). */
export async function startSimulators(ports: Partial<typeof EDITOR_PORTS> = {}): Promise<Simulators> {
	const yunke = await startYunkeSimulator({ ports: [ports.yunke ?? 0, ports.yunkeCrm2 ?? 0], host: '127.0.0.1' });
	let zhibang: ZhibangSimulator;
	try {
		zhibang = await startZhibangSimulator({ port: ports.zhibang ?? 0, host: '127.0.0.1' });
	} catch (error) {
		await yunke.close();
		throw error;
	}
	return { yunke, zhibang, close: async () => void (await Promise.all([yunke.close(), zhibang.close()])) };
}

/** Every example workflow with its fixed id (node types as in the files: `n8n-nodes-yunke-zhibang.*`). */
export function exampleWorkflows(): WorkflowImportJson[] {
	const files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();
	return files.map((file) => {
		const id = EXAMPLE_IDS[file];
		if (!id) throw new Error(`no fixed id for examples/workflows/${file}: add it to EXAMPLE_IDS in scripts/n8n/examples.ts`);
		const workflow = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowImportJson;
		return { ...workflow, id, active: false };
	});
}

/** The first credential reference of each type in the workflows: { yunkeApi: { id, name }, … }. */
function credentialRefs(workflows: WorkflowImportJson[]): Record<string, { id: string; name: string }> {
	const refs: Record<string, { id: string; name: string }> = {};
	for (const workflow of workflows) {
		for (const node of workflow.nodes as Array<{ credentials?: Record<string, { id: string; name: string }> }>) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) refs[type] ??= { id: String(ref.id), name: ref.name };
		}
	}
	return refs;
}

/** Credentials for both simulators, under the ids and names the example workflows reference. */
export function simulatorCredentials(sims: Simulators, workflows = exampleWorkflows()): CredentialJson[] {
	const refs = credentialRefs(workflows);
	if (!refs.yunkeApi || !refs.zhibangApi) throw new Error('the example workflows reference no yunkeApi/zhibangApi credential');
	const { yunke, zhibang } = sims;
	return [
		{
			...refs.yunkeApi,
			type: 'yunkeApi',
			data: { phone: yunke.demo.phone, password: yunke.demo.password, companyCode: yunke.demo.companyCode, domain: yunke.baseUrl },
		},
		{
			...refs.zhibangApi,
			type: 'zhibangApi',
			data: { baseUrl: zhibang.baseUrl, username: zhibang.demo.username, password: zhibang.demo.password, serialNumber: 'N8NDEMO0001' },
		},
	];
}

/**
 * Install this package (its current dist/, packed as npm publishes it) the way Settings → Community
 * Nodes does, then import the simulator credentials and every example workflow. Needs `npm run
 * build` first. Returns the imported workflows.
 */
export async function loadExamples(n8n: N8nInstance, sims: Simulators, log: (line: string) => void = () => {}): Promise<WorkflowImportJson[]> {
	const pkg = await n8n.installPackage(packRepo(path.join(n8n.userFolder, 'pack')));
	log(`installed ${pkg.name}@${pkg.version} as a community package (node types ${PACKAGE_NAME}.*)`);
	const workflows = exampleWorkflows();
	await n8n.importCredentials(simulatorCredentials(sims, workflows));
	log('imported the simulator credentials');
	await n8n.importWorkflow(workflows);
	log(`imported ${workflows.length} example workflows`);
	return workflows;
}
