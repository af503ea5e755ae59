/**
 * Typed failures of the two services. Transports throw these; nodes turn them into
 * NodeApiError / NodeOperationError with `toNodeError`. Messages are bilingual
 * ("中文 / English") and never contain secrets or unmasked mobile numbers.
 */
export type ServiceErrorKind =
	/** Login refused: wrong password, locked or disabled account, captcha. Never retried. */
	| 'auth'
	/** The session was refused again right after a fresh login. */
	| 'session'
	/** The service answered with a business error code. */
	| 'business'
	/** HTTP 5xx, timeout, connection error, malformed body. */
	| 'transport'
	/** The service asked us to slow down and the wait budget is used up. */
	| 'throttle'
	/** The account or parameters cannot work (e.g. several companies and none chosen). */
	| 'config';

export interface ServiceErrorDetails {
	service: 'Yunke' | 'Zhibang';
	kind: ServiceErrorKind;
	/** The service's own code (body code, header.status, HTTP status). */
	serviceCode?: string;
	httpStatus?: number;
	/** Extra context for the error panel ("description" in n8n). */
	description?: string;
}

export class ServiceError extends Error {
	readonly service: ServiceErrorDetails['service'];
	readonly kind: ServiceErrorKind;
	readonly serviceCode?: string;
	readonly httpStatus?: number;
	readonly description?: string;

	constructor(message: string, details: ServiceErrorDetails) {
		super(message);
		this.name = 'ServiceError';
		this.service = details.service;
		this.kind = details.kind;
		this.serviceCode = details.serviceCode;
		this.httpStatus = details.httpStatus;
		this.description = details.description;
	}

	/** Whether retrying the same read may help (5xx, timeouts, connection resets). */
	get transient(): boolean {
		return this.kind === 'transport';
	}
}

/** An error and its causes, outermost first, at most 6 deep (n8n wraps errors a few times). */
export function* causeChain(error: unknown): Generator<unknown> {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current; depth++) {
		yield current;
		current = (current as { cause?: unknown }).cause;
	}
}

/** Find a ServiceError in an error's cause chain (n8n wraps errors thrown inside preAuthentication). */
export function findServiceError(error: unknown): ServiceError | undefined {
	for (const current of causeChain(error)) {
		if (current instanceof ServiceError) return current;
		if (typeof current === 'object' && current !== null && (current as { name?: string }).name === 'ServiceError') {
			return current as ServiceError;
		}
	}
	return undefined;
}
