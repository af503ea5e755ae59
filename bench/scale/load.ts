/**
 * The load `npm run scale` sends: a seeded mix of lead webhooks (new, repeated, rejected) and Yunke
 * look-ups, fired a fixed number at a time, each answer checked against what it must say.
 */
import { stopwatch } from '../../scripts/timing';
import { CONCURRENCY } from './args';
import { leadWebhookPath, YUNKE_WEBHOOK_PATH } from './workflows';

interface Lead {
	name: string;
	mobile: string;
	company?: string;
	score: number;
}

type Expect = 'created' | 'repeat' | 'rejected';

interface Job {
	kind: 'lead' | 'yunke';
	/** For leads: what the answer must say. A 'repeat' re-sends a lead whose first request was answered. */
	expect?: Expect;
	lead?: Lead;
	phone?: string;
}

interface Outcome {
	kind: Job['kind'];
	expect?: Expect;
	status: number;
	ms: number;
	/** When the answer came, in ms since the first request. */
	at: number;
	ok: boolean;
	problem?: string;
	action?: string;
	customerId?: string;
	mobile?: string;
}

/** A small seeded PRNG (mulberry32), so every run sends the same mix. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Mobiles no seeded ERP customer has (199 + 8 digits from a bench-only range). */
function benchMobile(n: number): string {
	return `1990${String(7_000_000 + n).padStart(7, '0')}`;
}

/**
 * The job list: `leads` lead webhooks — 60 % new admitted leads, 15 % repeats of an earlier lead
 * (sent only after that lead was answered: a person resubmitting the form), 25 % rejected (score
 * below 60, a malformed mobile, no name) — and `yunke` call-log look-ups spread evenly among them.
 */
export function planJobs(leads: number, yunke: number, seed: number): Job[] {
	const random = rng(seed);
	const repeats = Math.round(leads * 0.15);
	const rejected = Math.round(leads * 0.25);
	const fresh = leads - repeats - rejected;
	const kinds: Expect[] = [...Array<Expect>(fresh).fill('created'), ...Array<Expect>(rejected).fill('rejected')];
	for (let i = kinds.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[kinds[i], kinds[j]] = [kinds[j], kinds[i]];
	}
	// Repeats go after the first 2×concurrency leads, so earlier answers exist to repeat.
	const earliest = Math.min(kinds.length, 2 * CONCURRENCY);
	for (let r = 0; r < repeats; r++) kinds.splice(earliest + Math.floor(random() * (kinds.length - earliest + 1)), 0, 'repeat');

	let n = 0;
	let rejects = 0;
	const jobs: Job[] = kinds.map((expect) => {
		if (expect === 'repeat') return { kind: 'lead', expect };
		n++;
		const company = random() < 0.5 ? `压测样例科技${n}号有限公司` : undefined;
		if (expect === 'created') return { kind: 'lead', expect, lead: { name: `压测客户${n}`, mobile: benchMobile(n), company, score: 60 + Math.floor(random() * 41) } };
		const why = rejects++ % 5;
		if (why === 0) return { kind: 'lead', expect, lead: { name: `压测客户${n}`, mobile: `1234${n}`, company, score: 80 } };
		if (why === 1) return { kind: 'lead', expect, lead: { name: '', mobile: benchMobile(n), score: 75 } };
		return { kind: 'lead', expect, lead: { name: `压测客户${n}`, mobile: benchMobile(n), company, score: Math.floor(random() * 60) } };
	});
	if (yunke > 0) {
		const every = jobs.length / yunke;
		for (let y = yunke - 1; y >= 0; y--) jobs.splice(Math.floor(y * every), 0, { kind: 'yunke', phone: y % 2 ? '' : '138' });
	}
	return jobs;
}

interface LoadResult {
	outcomes: Outcome[];
	/** Date.now() at the first request. */
	startedAt: number;
	wallMs: number;
	faultAt?: number;
	faultAfterAnswers?: number;
	expired?: { yunke: number; zhibang: number };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown; ms: number }> {
	const elapsed = stopwatch();
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(120_000),
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: res.status, json, ms: elapsed() };
}

/** Fire the jobs `concurrency` at a time; with `onHalf`, call it once half of them are answered. */
export async function fire(baseUrl: string, jobs: Job[], concurrency: number, seed: number, onHalf?: () => void): Promise<LoadResult> {
	const random = rng(seed ^ 0x5eed);
	const answered: Array<{ lead: Lead; customerId: string }> = [];
	const outcomes: Outcome[] = [];
	const result: LoadResult = { outcomes, startedAt: Date.now(), wallMs: 0 };
	let next = 0;
	let done = 0;
	const half = Math.ceil(jobs.length / 2);
	const elapsed = stopwatch();

	const runOne = async (job: Job): Promise<Outcome> => {
		if (job.kind === 'yunke') {
			try {
				const res = await postJson(`${baseUrl}/webhook/${YUNKE_WEBHOOK_PATH}`, { phone: job.phone });
				const ok = res.status === 200 && (Array.isArray(res.json) || typeof res.json === 'object');
				return { kind: 'yunke', status: res.status, ms: res.ms, at: 0, ok, problem: ok ? undefined : `HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 200)}` };
			} catch (error) {
				return { kind: 'yunke', status: 0, ms: 0, at: 0, ok: false, problem: (error as Error).message };
			}
		}
		let lead = job.lead;
		let original: string | undefined;
		if (job.expect === 'repeat') {
			const pick = answered[Math.floor(random() * answered.length)];
			if (!pick) return { kind: 'lead', expect: job.expect, status: 0, ms: 0, at: 0, ok: false, problem: 'no lead had been answered yet to repeat' };
			// Half the repeats change the score (→ updated), half send the same lead again (→ unchanged).
			lead = random() < 0.5 ? { ...pick.lead } : { ...pick.lead, score: pick.lead.score === 100 ? 61 : pick.lead.score + 1 };
			original = pick.customerId;
		}
		const body = { name: lead!.name, mobile: lead!.mobile, ...(lead!.company ? { company: lead!.company } : {}), score: lead!.score };
		let res: Awaited<ReturnType<typeof postJson>>;
		try {
			res = await postJson(`${baseUrl}/webhook/${leadWebhookPath()}`, body);
		} catch (error) {
			return { kind: 'lead', expect: job.expect, status: 0, ms: 0, at: 0, ok: false, problem: (error as Error).message, mobile: lead!.mobile };
		}
		const answer = (res.json ?? {}) as { ok?: boolean; customerId?: string; action?: string; rules?: string[] };
		const out: Outcome = { kind: 'lead', expect: job.expect, status: res.status, ms: res.ms, at: 0, ok: false, action: answer.action, customerId: answer.customerId, mobile: lead!.mobile };
		if (job.expect === 'rejected') {
			out.ok = res.status === 422 && answer.ok === false && Array.isArray(answer.rules) && answer.rules.length > 0;
		} else if (job.expect === 'created') {
			out.ok = res.status === 200 && answer.ok === true && answer.action === 'created' && !!answer.customerId;
			if (out.ok) answered.push({ lead: lead!, customerId: String(answer.customerId) });
		} else {
			out.ok = res.status === 200 && answer.ok === true && (answer.action === 'updated' || answer.action === 'unchanged') && String(answer.customerId) === original;
		}
		if (!out.ok) out.problem = `expected ${job.expect}, got HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`;
		return out;
	};

	const lane = async () => {
		while (next < jobs.length) {
			const job = jobs[next++];
			const outcome = await runOne(job);
			outcome.at = Date.now() - result.startedAt;
			outcomes.push(outcome);
			done++;
			if (onHalf && done === half && result.faultAt === undefined) {
				result.faultAt = Date.now();
				result.faultAfterAnswers = done;
				onHalf();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
	result.wallMs = Math.round(elapsed());
	return result;
}
