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
 * Every mainland mobile number written out in full, also with separators or a +86 / 0086 / 86 prefix
 * (masked ones look like 138****8000).
 */
export function unmaskedMobiles(text: string): string[] {
	return text.match(/(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g) ?? [];
}
