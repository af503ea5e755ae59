/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Every documentation link of a node or credential lands on an existing heading of the README
 * (the page n8n opens from the node panel and the credential dialog), and the README points at
 * nothing outside the repository.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const HOMEPAGE = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { homepage: string }).homepage;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const out = new Set<string>();
	for (const line of markdown.replace(/```[\s\S]*?```/g, '').split('\n')) {
		const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
		if (!heading) continue;
		const text = heading.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
		const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		out.add(count ? `${base}-${count}` : base);
	}
	return out;
}

function files(dir: string, suffix: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? files(full, suffix) : full.endsWith(suffix) ? [full] : [];
	});
}

/** documentationUrl of every credential, and the codex documentation links of every node. */
function documentationLinks(): Array<{ where: string; url: string }> {
	const links: Array<{ where: string; url: string }> = [];
	for (const file of files(path.join(ROOT, 'credentials'), '.credentials.ts')) {
		for (const match of readFileSync(file, 'utf8').matchAll(/documentationUrl\s*=\s*'([^']+)'/g)) {
			links.push({ where: path.relative(ROOT, file), url: match[1] });
		}
	}
	for (const file of files(path.join(ROOT, 'nodes'), '.node.json')) {
		const codex = JSON.parse(readFileSync(file, 'utf8')) as { resources?: Record<string, Array<{ url: string }>> };
		for (const list of Object.values(codex.resources ?? {})) for (const { url } of list) links.push({ where: path.relative(ROOT, file), url });
	}
	return links;
}

test('every node and credential has documentation links, and each lands on a README heading', () => {
	const links = documentationLinks();
	const where = new Set(links.map((l) => l.where));
	expect(where.size).toBe(files(path.join(ROOT, 'credentials'), '.credentials.ts').length + files(path.join(ROOT, 'nodes'), '.node.json').length);
	const headings = anchors(README);
	const broken = links.filter(({ url }) => {
		const [page, anchor] = url.split('#');
		return page !== HOMEPAGE || !anchor || !headings.has(decodeURIComponent(anchor));
	});
	expect(broken).toEqual([]);
});

test('the anchor rule matches GitHub’s for our bilingual headings', () => {
	expect([...anchors('### Yunke credential / 云客凭证\n## 中文\n## 中文\n#### Namesakes / 重名客户')]).toEqual([
		'yunke-credential--云客凭证',
		'中文',
		'中文-1',
		'namesakes--重名客户',
	]);
});

test('the README stands alone: no link or path outside the repository', () => {
	expect(README).not.toMatch(/\.\.\/shared|shared\/(specs|notes|seeds|conventions)/);
	for (const [, target] of README.matchAll(/\]\(([^)]+)\)/g)) {
		if (/^(https?:|#)/.test(target)) continue;
		expect(statSync(path.join(ROOT, target.split('#')[0])).isFile() || statSync(path.join(ROOT, target)).isDirectory()).toBe(true);
	}
});
