/**
 * Writes are never retried blindly. When a save fails with a transport error (timeout, dropped
 * connection, HTTP 5xx) the write may or may not have been applied — the response was lost. We
 * look first: if the record is there, we adopt it; only if it is absent do we save again.
 */
import { findServiceError, ServiceError } from '../../shared/errors';

export function isTransportFailure(error: unknown): boolean {
	return findServiceError(error)?.kind === 'transport';
}

export interface CheckedSave<T> {
	/** What `check` found after a lost response (the write had been applied), if that happened. */
	adopted?: T;
	/** Save attempts made (1 when the first one answered). */
	attempts: number;
	/** Whether a transport failure was recovered from. */
	recovered: boolean;
}

/**
 * Run `save`; after a transport failure run `check` (resolves with the record when the write is
 * visible, undefined when not) and save again only when the check says it was not applied.
 */
export async function saveChecked<T>(
	what: { zh: string; en: string },
	save: () => Promise<unknown>,
	check: () => Promise<T | undefined>,
	maxAttempts = 2,
): Promise<CheckedSave<T>> {
	let lastFailure: unknown;
	for (let attempt = 1; attempt <= maxAttempts; attempt++) {
		let failure: unknown;
		let failed = false;
		try {
			await save();
		} catch (error) {
			failure = error;
			failed = true;
		}
		if (!failed) return { attempts: attempt, recovered: attempt > 1 };
		if (!isTransportFailure(failure)) throw failure;
		lastFailure = failure;
		const found = await check();
		if (found !== undefined) return { adopted: found, attempts: attempt, recovered: true };
	}
	const cause = findServiceError(lastFailure);
	throw new ServiceError(
		`${what.zh}失败：连接中断 ${maxAttempts} 次，且复查确认未写入 / Could not ${what.en}: the connection failed ${maxAttempts} times and a re-check confirmed nothing was written`,
		{
			service: 'Zhibang',
			kind: 'transport',
			// Not the network code (nor its text in the message): n8n would replace the message by its generic one.
			serviceCode: 'not-saved',
			description: `重新运行是安全的：写入前会先查重 / Re-running is safe: the node looks the record up before writing again. Last failure: ${cause?.message ?? String(lastFailure)}`,
		},
	);
}

/**
 * A write that cannot be checked afterwards (a follow-up) failed with a transport error: say that
 * it may or may not have been stored, so nobody re-runs it blindly. Other errors pass unchanged.
 */
export function uncertainWrite(what: { zh: string; en: string }, error: unknown): unknown {
	if (!isTransportFailure(error)) return error;
	const cause = findServiceError(error);
	return new ServiceError(
		`${what.zh}时连接中断，无法确认是否已写入 / The connection failed while trying to ${what.en}; it may or may not have been stored`,
		{
			service: 'Zhibang',
			kind: 'transport',
			serviceCode: 'write-unconfirmed',
			description: `${cause?.message ?? ''} — check the ERP before running this item again, or it may be added twice (重跑前请先在 ERP 中确认，以免重复)`,
		},
	);
}

/** Run a write that cannot be checked afterwards; see `uncertainWrite`. */
export async function writeUnchecked<T>(what: { zh: string; en: string }, write: () => Promise<T>): Promise<T> {
	let result: T | undefined;
	let failure: unknown;
	let failed = false;
	try {
		result = await write();
	} catch (error) {
		failure = error;
		failed = true;
	}
	if (failed) throw uncertainWrite(what, failure);
	return result as T;
}
