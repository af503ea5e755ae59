/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The README's Chinese and English halves have the same structure (the same headings at the same
 * levels, in the same order), and both have the analysts' quick start right after "what it does".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const README = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

/** The headings below a `## ` section, as their levels ('###', '####' …), and their texts. */
function section(title: string): { levels: string[]; texts: string[] } {
	const start = README.indexOf(`\n## ${title}\n`);
	expect(start).toBeGreaterThan(-1);
	const end = README.indexOf('\n## ', start + 1);
	const body = README.slice(start, end === -1 ? undefined : end).replace(/```[\s\S]*?```/g, '');
	const headings = [...body.matchAll(/^(#{3,6})\s+(.+)$/gm)];
	return { levels: headings.map((h) => h[1]), texts: headings.map((h) => h[2]) };
}

test('the Chinese and English halves have the same headings at the same levels', () => {
	const zh = section('中文');
	const en = section('English');
	expect(zh.levels.length).toBeGreaterThan(10);
	expect(zh.levels).toEqual(en.levels);
});

test('both halves have the quick start right after "what it does": install → credentials → import → replace IDs → run', () => {
	const zh = section('中文').texts;
	const en = section('English').texts;
	expect(zh[1]).toMatch(/快速上手/);
	expect(en[1]).toMatch(/Quick start/);
	expect(zh.slice(2, 7)).toEqual(['1. 安装', '2. 凭证', '3. 导入示例', '4. 替换 ID', '5. 运行']);
	expect(en.slice(2, 7)).toEqual(['1. Install', '2. Credentials', '3. Import an example', '4. Replace the IDs', '5. Run']);
});
