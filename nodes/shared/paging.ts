/**
 * Paging that cannot run away, whatever the server claims. Every page loop of the nodes asks a
 * PageGuard before it reads the next page:
 *
 * - a page that brings no row not seen before ends the walk (a server that ignores the page number
 *   sends the same rows again);
 * - the first page's counts cap the walk: at most ceil(total / pageSize) + 1 pages (one more for
 *   rows that arrive while we read; pageSize as the server used it, i.e. the first page's row count
 *   when the server sent fewer rows than asked for), or the page count + 1 when only that is given;
 * - an absolute ceiling caps it in any case;
 * - a count that is not a plain non-negative number (text, NaN, negative, 1e400) counts as unknown.
 *
 * Pure logic, no n8n types.
 */
import { ServiceError } from './errors';

/** No page loop reads more pages than this (200 000 rows at 200 per page). */
export const MAX_PAGES = 1000;

/** A count the server sent, if it is a plain non-negative integer (number or digits); else undefined. */
export function countOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
	if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return Number(value);
	return undefined;
}

export type StopReason = 'noNewRows' | 'cap' | 'ceiling';

export class PageGuard {
	private readonly seen = new Set<string>();
	private maxPages: number;
	/** Pages read so far. */
	pages = 0;
	/** Why the guard stopped the walk, if it did. */
	stopped?: StopReason;

	constructor(
		private readonly pageSize: number,
		private readonly ceiling = MAX_PAGES,
	) {
		this.maxPages = ceiling;
	}

	/**
	 * Record a page just read; true when another page may be read. `ids` identify its rows;
	 * `totalCount` / `pageCount` are the server's counts as sent (read from the first page only).
	 */
	accept(ids: string[], counts: { totalCount?: unknown; pageCount?: unknown } = {}): boolean {
		this.pages++;
		if (this.pages === 1) {
			const total = countOf(counts.totalCount);
			const pageCount = countOf(counts.pageCount);
			// The page size the server really used (it may cap ours): the first page's row count.
			const size = Math.max(1, Math.floor(ids.length > 0 && ids.length < this.pageSize ? ids.length : this.pageSize));
			const cap = total !== undefined ? Math.ceil(total / size) + 1 : pageCount !== undefined ? pageCount + 1 : this.ceiling;
			this.maxPages = Math.max(1, Math.min(this.ceiling, cap));
		}
		let fresh = 0;
		for (const id of ids) {
			if (this.seen.has(id)) continue;
			this.seen.add(id);
			fresh++;
		}
		if (ids.length > 0 && fresh === 0) {
			this.stopped = 'noNewRows';
			return false;
		}
		if (this.pages >= this.maxPages) {
			this.stopped = this.maxPages >= this.ceiling ? 'ceiling' : 'cap';
			return false;
		}
		return true;
	}

	/**
	 * Throw when the walk ended at the absolute ceiling: the list may go on, and returning part of it
	 * as if it were all would lose rows silently.
	 */
	assertComplete(service: 'Yunke' | 'Zhibang', what: string): void {
		if (this.stopped !== 'ceiling') return;
		throw new ServiceError(
			`${service} 列表（${what}）超过 ${this.ceiling} 页，已停止读取，请缩小筛选范围 / The ${service} list (${what}) goes beyond ${this.ceiling} pages; reading stopped. Narrow the filters (e.g. a shorter time range)`,
			{ service, kind: 'business', serviceCode: 'too-many-pages' },
		);
	}

	/** Whether a row id was seen on an earlier page (or earlier on this one). */
	has(id: string): boolean {
		return this.seen.has(id);
	}
}

/** A row's identity for the guard: its id field when it has one, else the whole row. */
export function rowKey(row: Record<string, unknown>, idField?: string): string {
	const id = idField ? row[idField] : undefined;
	return id !== undefined && id !== null && String(id) !== '' ? `id:${String(id)}` : `row:${JSON.stringify(row)}`;
}
