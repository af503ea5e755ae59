/**
 * Call logs → Get Many (Return All, Simplify) over 20,000 rows, against a bare loop that replays
 * the node's own requests (captured at n8n's HTTP client) through the same client. Every run is a
 * fresh worker process against fresh simulators; node and baseline alternate.
 */
import { startYunkeSimulator, type YunkeSimulator } from '../simulators/yunke';
import { inWorker } from './lib/child';
import { alternate, checkBaseline } from './lib/baseline';
import type { Fidelity } from './lib/fidelity';
import { round, rounded, spread, type Spread } from './lib/measure';
import type { Mode, TaskResult, Templates, YunkeAccount } from './worker';

export interface CallLogFigures {
	rows: number;
	/** List requests of the node's run (the most any repeat made). */
	requests: number;
	/** Logins of the node's run (the most any repeat made). */
	logins: number;
	repeats: number;
	/** Median over repeats of node time ÷ bare-loop time, at `latencyMs`. */
	ratioToBareLoop: number;
	/** The same with no simulated latency: the node's own CPU cost shows. */
	ratioAtZeroLatency: number;
	/** Median over the node's runs at `latencyMs` of the worker process's peak RSS. */
	peakRssMb: number;
	/** Median of (peak RSS − RSS before the run). */
	rssGrowthMb: number;
	latencyMs: number;
	spread: Record<string, Spread>;
	/** The baseline's requests against the node's (see lib/fidelity). */
	fidelity: Fidelity;
}

export interface CallLogOptions {
	rows: number;
	repeats: number;
	latencyMs: number;
	now: number;
	log: (line: string) => void;
}

async function yunke(callCount: number, latencyMs: number, now: number): Promise<YunkeSimulator> {
	const sim = await startYunkeSimulator({ knobs: { callCount, days: 30, latencyMs }, now });
	// Generate the call history now, not inside a timed run.
	void sim.calls.length;
	return sim;
}

function accountOf(sim: YunkeSimulator): YunkeAccount {
	return { phone: sim.demo.phone, password: sim.demo.password, companyCode: sim.demo.companyCode };
}

interface Run {
	result: TaskResult;
	baseUrl: string;
	requests: number;
	logins: number;
}

/** One run on fresh simulators: the measured one with `rows` calls, and a small one to warm up on. */
async function once(mode: Mode, options: CallLogOptions, latencyMs: number, extra: { capture?: boolean; templates?: Templates } = {}): Promise<Run> {
	const warm = await yunke(400, 0, options.now);
	const sim = await yunke(options.rows, latencyMs, options.now);
	try {
		const result = await inWorker({ kind: 'callLogs', mode, baseUrl: sim.baseUrl, warmUrl: warm.baseUrl, account: accountOf(sim), ...extra });
		if (result.count !== options.rows) throw new Error(`call logs (${mode}): ${result.count} rows, expected ${options.rows}`);
		return { result, baseUrl: sim.baseUrl, requests: sim.requestCount('/pc/calllog/list'), logins: sim.counters.logins };
	} finally {
		await Promise.all([warm.close(), sim.close()]);
	}
}

export async function benchCallLogs(options: CallLogOptions): Promise<CallLogFigures> {
	// 1. What the node sends, and proof that the baseline sends the same.
	const { templates, fidelity } = await checkBaseline('call logs', async (mode, extra) => await once(mode, options, 0, extra), options.log);

	// 2. Repeats at the latency, then at zero latency; node and baseline alternate which goes first.
	const series = async (latencyMs: number) => {
		const { node, bare } = await alternate(
			options.repeats,
			async (mode) => await once(mode, options, latencyMs, { templates }),
			({ result: n }, { result: b }, r) =>
				options.log(
					`call logs @${latencyMs} ms, repeat ${r + 1}/${options.repeats}: node ${(n.ms / 1000).toFixed(2)} s, bare ${(b.ms / 1000).toFixed(2)} s, ${(n.ms / b.ms).toFixed(3)}×, node peak RSS ${n.peakRssMb.toFixed(0)} MB`,
				),
		);
		return { node, bare, ratios: node.map((run, i) => run.result.ms / bare[i].result.ms) };
	};
	const main = await series(options.latencyMs);
	const zero = await series(0);

	const ratio = spread(main.ratios);
	const ratioZero = spread(zero.ratios);
	const peak = spread(main.node.map((r) => r.result.peakRssMb));
	const growth = spread(main.node.map((r) => r.result.rssGrowthMb));
	const all = [...main.node, ...zero.node];
	return {
		rows: options.rows,
		requests: Math.max(...all.map((r) => r.requests)),
		logins: Math.max(...all.map((r) => r.logins)),
		repeats: options.repeats,
		ratioToBareLoop: round(ratio.median),
		ratioAtZeroLatency: round(ratioZero.median),
		peakRssMb: round(peak.median, 1),
		rssGrowthMb: round(growth.median, 1),
		latencyMs: options.latencyMs,
		spread: {
			ratioToBareLoop: rounded(ratio),
			ratioAtZeroLatency: rounded(ratioZero),
			nodeSeconds: rounded(spread(main.node.map((r) => r.result.ms / 1000))),
			bareLoopSeconds: rounded(spread(main.bare.map((r) => r.result.ms / 1000))),
			nodeSecondsAtZeroLatency: rounded(spread(zero.node.map((r) => r.result.ms / 1000))),
			bareLoopSecondsAtZeroLatency: rounded(spread(zero.bare.map((r) => r.result.ms / 1000))),
			peakRssMb: rounded(peak, 1),
			rssGrowthMb: rounded(growth, 1),
			bareLoopPeakRssMb: rounded(spread(main.bare.map((r) => r.result.peakRssMb)), 1),
		},
		fidelity,
	};
}
