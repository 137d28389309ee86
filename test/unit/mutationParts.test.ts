import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { PACKAGE_ROOT } from '../packageRoot';

// The mutation run's parts (test/mutation/parts.json, docs/testing.md) must add up to its scope, or a
// file moved or added would silently drop out of every part's score.

const { scope, parts } = JSON.parse(
	readFileSync(join(PACKAGE_ROOT, 'test/mutation/parts.json'), 'utf8'),
) as { scope: string[]; parts: Record<string, { mutate: string[]; tests: string[] }> };

function filesUnder(folder: string): string[] {
	return readdirSync(join(PACKAGE_ROOT, folder), { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
	);
}

/** The files a `mutate` entry names: "folder/**\/*.ts" or one file's path (the only two forms used). */
function expand(pattern: string): string[] {
	const folder = /^(.+)\/\*\*\/\*\.ts$/.exec(pattern)?.[1];
	if (folder) return filesUnder(folder).filter((file) => file.endsWith('.ts'));
	if (pattern.includes('*')) throw new Error(`A pattern of another form: ${pattern}`);
	return [pattern];
}

describe('the mutation run in parts', () => {
	const inScope = scope.flatMap(expand);
	const inParts = Object.values(parts).flatMap(({ mutate }) => mutate.flatMap(expand));

	it('mutates every file of the scope in exactly one part, and nothing else', () => {
		expect(inScope.length).toBeGreaterThan(10);
		for (const file of inScope) expect(existsSync(join(PACKAGE_ROOT, file))).toBe(true);
		expect([...inParts].sort()).toEqual([...inScope].sort());
	});

	it.each(Object.entries(parts))('%s: runs test files that exist', (_name, { tests }) => {
		expect(tests.length).toBeGreaterThan(0);
		for (const test of tests)
			expect(existsSync(join(PACKAGE_ROOT, 'test', `${test}.test.ts`))).toBe(true);
	});
});
