/** Cookie headers in tests, read and written with tough-cookie (one cookie library for the whole suite). */
import { Cookie } from 'tough-cookie';

/** The cookies of a Cookie request header (`a=1; b=2`), each pair parsed by tough-cookie. */
export function requestCookies(header: string | undefined): Cookie[] {
	return (header ?? '')
		.split(';')
		.map((pair) => Cookie.parse(pair.trim()))
		.filter((cookie): cookie is Cookie => cookie !== undefined);
}

/** A Cookie request header as `name=value` strings, in the order sent. */
export function cookiePairs(header: string | undefined): string[] {
	return requestCookies(header).map((cookie) => cookie.cookieString());
}

/** Set-Cookie response headers by cookie name: each cookie's attributes that differ from the defaults. */
export function responseCookies(setCookie: string[] | undefined): Record<string, Record<string, unknown>> {
	const out: Record<string, Record<string, unknown>> = {};
	for (const header of setCookie ?? []) {
		const cookie = Cookie.parse(header);
		if (!cookie) throw new Error(`not a Set-Cookie header: ${header}`);
		const attributes: Record<string, unknown> = { ...cookie.toJSON() };
		delete attributes.creation;
		out[cookie.key] = attributes;
	}
	return out;
}

/** The Cookie header a client sends back for these Set-Cookie headers. */
export function cookieHeaderFor(setCookie: string[] | undefined): string {
	return (setCookie ?? []).map((header) => Cookie.parse(header)?.cookieString() ?? '').join('; ');
}

/** A Set-Cookie header for the whole site (`Path=/`). */
export function setCookie(key: string, value: string, options: { httpOnly?: boolean } = {}): string {
	return new Cookie({ key, value, path: '/', httpOnly: options.httpOnly ?? false }).toString();
}
