/**
 * The real server's JSON reader is lenient: the vendor's own C# demos and older Java clients send
 * JavaScript object literals (unquoted keys, single-quoted strings, trailing commas). This parser
 * accepts that superset of JSON; it throws on anything else.
 */
export function parseRelaxedJson(text: string): unknown {
	let pos = 0;
	const fail = (what: string): never => {
		throw new SyntaxError(`${what} at position ${pos}`);
	};
	const skip = (): void => {
		for (;;) {
			const ch = text[pos];
			if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\uFEFF') pos++;
			else if (ch === '/' && text[pos + 1] === '/') {
				while (pos < text.length && text[pos] !== '\n') pos++;
			} else if (ch === '/' && text[pos + 1] === '*') {
				const end = text.indexOf('*/', pos + 2);
				pos = end < 0 ? text.length : end + 2;
			} else return;
		}
	};
	const str = (): string => {
		const quote = text[pos++];
		let out = '';
		while (pos < text.length) {
			const ch = text[pos++];
			if (ch === quote) return out;
			if (ch !== '\\') {
				out += ch;
				continue;
			}
			const esc = text[pos++];
			const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
			if (esc === 'u') {
				const hex = text.slice(pos, pos + 4);
				if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
				out += String.fromCharCode(parseInt(hex, 16));
				pos += 4;
			} else out += simple[esc] ?? esc;
		}
		return fail('unterminated string');
	};
	const ident = (): string => {
		const m = /^[A-Za-z_$@][\w$@.-]*/.exec(text.slice(pos));
		if (!m) fail('unexpected character');
		pos += m![0].length;
		return m![0];
	};
	const value = (): unknown => {
		skip();
		const ch = text[pos];
		if (ch === '{') {
			pos++;
			const obj: Record<string, unknown> = {};
			for (;;) {
				skip();
				if (text[pos] === '}') {
					pos++;
					return obj;
				}
				const key = text[pos] === '"' || text[pos] === "'" ? str() : ident();
				skip();
				if (text[pos++] !== ':') fail('expected ":"');
				obj[key] = value();
				skip();
				if (text[pos] === ',') pos++;
				else if (text[pos] !== '}') fail('expected "," or "}"');
			}
		}
		if (ch === '[') {
			pos++;
			const arr: unknown[] = [];
			for (;;) {
				skip();
				if (text[pos] === ']') {
					pos++;
					return arr;
				}
				arr.push(value());
				skip();
				if (text[pos] === ',') pos++;
				else if (text[pos] !== ']') fail('expected "," or "]"');
			}
		}
		if (ch === '"' || ch === "'") return str();
		const num = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(pos));
		if (num) {
			pos += num[0].length;
			return Number(num[0]);
		}
		const word = ident();
		if (word === 'true') return true;
		if (word === 'false') return false;
		if (word === 'null' || word === 'undefined') return null;
		return fail(`unexpected word "${word}"`);
	};
	const result = value();
	skip();
	if (pos < text.length) fail('trailing characters');
	return result;
}
