/**
 * Recording → Download of a 50 MB recording into n8n's filesystem binary store, against a bare
 * loop replaying the node's two requests (record URL, then the file streamed to disk) through
 * n8n's HTTP client. Each run: a fresh worker and simulator, one warm-up download, one measured.
 */
import { startYunkeSimulator } from '../simulators/yunke';
import { inWorker } from './lib/child';
import { compareRequests } from './lib/fidelity';
import { round, rounded, spread, type Spread } from './lib/measure';
import type { TaskResult, Templates } from './worker';

export interface RecordingFigures {
	bytes: number;
	/** Median over repeats of the node's peak RSS − RSS before the download. */
	rssGrowthMb: number;
	ratioToBareLoop: number;
	repeats: number;
	latencyMs: number;
	spread: Record<string, Spread>;
	fidelity: { requests: number; identicalBodies: number; differences: string[] };
}

export const RECORDING_BYTES = 50 * 1024 * 1024;

async function once(mode: 'node' | 'bare', latencyMs: number, now: number, extra: { capture?: boolean; templates?: Templates } = {}) {
	const sim = await startYunkeSimulator({ knobs: { recordingBytes: RECORDING_BYTES, callCount: 200, latencyMs }, now });
	try {
		const call = sim.calls.find((c) => c.recordFile)!;
		const account = { phone: sim.demo.phone, password: sim.demo.password, companyCode: sim.demo.companyCode };
		const result: TaskResult = await inWorker({ kind: 'recording', mode, baseUrl: sim.baseUrl, callId: call.id, account, ...extra });
		if (result.count !== RECORDING_BYTES) throw new Error(`recording (${mode}): ${result.count} bytes, expected ${RECORDING_BYTES}`);
		return { result, baseUrl: sim.baseUrl };
	} finally {
		await sim.close();
	}
}

export async function benchRecording(options: { repeats: number; latencyMs: number; now: number; log: (line: string) => void }): Promise<RecordingFigures> {
	const captured = await once('node', 0, options.now, { capture: true });
	const templates: Templates = { baseUrl: captured.baseUrl, requests: captured.result.captured! };
	const check = await once('bare', 0, options.now, { capture: true, templates });
	const fidelity = compareRequests(templates, { baseUrl: check.baseUrl, requests: check.result.captured! });
	options.log(`recording: baseline checked against the node: ${fidelity.requests} requests, ${fidelity.identicalBodies} byte-identical bodies, ${fidelity.differences.length} differences`);

	const node: TaskResult[] = [];
	const bare: TaskResult[] = [];
	for (let r = 0; r < options.repeats; r++) {
		const order: Array<'node' | 'bare'> = r % 2 === 0 ? ['node', 'bare'] : ['bare', 'node'];
		for (const mode of order) (mode === 'node' ? node : bare).push((await once(mode, options.latencyMs, options.now, { templates })).result);
		options.log(`recording, repeat ${r + 1}/${options.repeats}: node ${node[r].ms.toFixed(0)} ms (+${node[r].rssGrowthMb.toFixed(1)} MB RSS), bare ${bare[r].ms.toFixed(0)} ms`);
	}
	const ratio = spread(node.map((n, i) => n.ms / bare[i].ms));
	const growth = spread(node.map((n) => n.rssGrowthMb));
	return {
		bytes: RECORDING_BYTES,
		rssGrowthMb: round(growth.median, 1),
		ratioToBareLoop: round(ratio.median),
		repeats: options.repeats,
		latencyMs: options.latencyMs,
		spread: {
			rssGrowthMb: rounded(growth, 1),
			ratioToBareLoop: rounded(ratio),
			nodeSeconds: rounded(spread(node.map((n) => n.ms / 1000))),
			bareLoopSeconds: rounded(spread(bare.map((n) => n.ms / 1000))),
			bareLoopRssGrowthMb: rounded(spread(bare.map((n) => n.rssGrowthMb)), 1),
		},
		fidelity: { requests: fidelity.requests, identicalBodies: fidelity.identicalBodies, differences: fidelity.differences },
	};
}
