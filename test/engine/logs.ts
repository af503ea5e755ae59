/**
 * Capture everything n8n-core and the nodes log (the nodes log through `this.logger`, which is
 * n8n's Logger from the DI container), so tests can scan it for secrets and phone numbers.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

export interface CapturedLogs {
	lines: string[];
	restore(): void;
}

export function captureLogs(): CapturedLogs {
	const previous = Container.get(Logger);
	const lines: string[] = [];
	const record = (level: string) => (message: string, metadata?: unknown) => {
		lines.push(`${level} ${message} ${metadata === undefined ? '' : JSON.stringify(metadata)}`);
	};
	const capture = {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		scoped: () => capture,
	};
	Container.set(Logger, capture as unknown as Logger);
	return { lines, restore: () => Container.set(Logger, previous) };
}

/**
 * Every mainland mobile number written out in full, in any spelling people use: separators between
 * the digits (spaces, dashes, dots, brackets), full-width digits, a +86 / 0086 / 86 prefix
 * (masked ones look like 138****8000).
 */
export function unmaskedMobiles(text: string): string[] {
	const ascii = text.replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\uff0b/g, '+');
	const sep = '[\\s\\-\u2013\u2014.()\uff08\uff09\u00a0\u3000]*';
	const digits = Array.from({ length: 9 }, () => `${sep}\\d`).join('');
	const pattern = new RegExp(`(?<!\\d)(?:(?:\\+|00)?86${sep})?1${sep}[3-9]${digits}(?!\\d)`, 'g');
	return ascii.match(pattern) ?? [];
}
