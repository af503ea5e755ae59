/**
 * Recording → Download of a 50 MB recording into n8n's filesystem binary store, against a bare
 * loop replaying the node's two requests (record URL, then the file streamed to disk) through
 * n8n's HTTP client. Each run: a fresh worker and simulator, one warm-up download, one measured.
 */
import { startYunkeSimulator } from '../simulators/yunke';
import { inWorker } from './lib/child';
import { alternate, checkBaseline } from './lib/baseline';
import type { Fidelity } from './lib/fidelity';
import { round, rounded, spread, type Spread } from './lib/measure';
import type { Mode, TaskResult, Templates } from './worker';

export interface RecordingFigures {
	bytes: number;
	/** Median over repeats of the node's peak RSS − RSS before the download. */
	rssGrowthMb: number;
	ratioToBareLoop: number;
	repeats: number;
	latencyMs: number;
	spread: Record<string, Spread>;
	fidelity: Fidelity;
}

export const RECORDING_BYTES = 50 * 1024 * 1024;

async function once(mode: Mode, latencyMs: number, now: number, extra: { capture?: boolean; templates?: Templates } = {}) {
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
	const { templates, fidelity } = await checkBaseline('recording', async (mode, extra) => await once(mode, 0, options.now, extra), options.log);
	const { node, bare } = await alternate(
		options.repeats,
		async (mode) => (await once(mode, options.latencyMs, options.now, { templates })).result,
		(n, b, r) => options.log(`recording, repeat ${r + 1}/${options.repeats}: node ${n.ms.toFixed(0)} ms (+${n.rssGrowthMb.toFixed(1)} MB RSS), bare ${b.ms.toFixed(0)} ms`),
	);
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
		fidelity,
	};
}
