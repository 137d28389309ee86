import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

import { PACKAGE_ROOT } from '../packageRoot';

// The code's layering, read from its import lines: every road goes downward (node -> router ->
// operation -> transport), so nothing imports a node file or the router, and no modules import
// each other in a circle.

function sourceFiles(folder: string): string[] {
	return readdirSync(join(PACKAGE_ROOT, folder), { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? sourceFiles(join(folder, entry.name))
			: entry.name.endsWith('.ts')
				? [join(folder, entry.name)]
				: [],
	);
}

const files = [...sourceFiles('nodes'), ...sourceFiles('credentials')];

/** Relative imports that name no source file (none should: each would be a road the test cannot see). */
const unresolved: string[] = [];

/** Each file's imports of the package's own modules, as paths like the keys (a folder: its index.ts). */
const imports = new Map(
	files.map((file) => {
		const text = readFileSync(join(PACKAGE_ROOT, file), 'utf8');
		const targets = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map(
			([, target]) => {
				const path = relative(PACKAGE_ROOT, resolve(PACKAGE_ROOT, dirname(file), target));
				const found = [`${path}.ts`, join(path, 'index.ts')].find((name) => files.includes(name));
				if (!found) unresolved.push(`${file}: ${target}`);
				return found;
			},
		);
		return [file, targets.filter((target): target is string => target !== undefined)];
	}),
);

describe('the layering of nodes/ and credentials/', () => {
	it('reads every file, and sees the imports it has', () => {
		expect(unresolved).toEqual([]);
		expect(imports.get('nodes/NiceExpertGroup/actions/group/update.operation.ts')).toContain(
			'nodes/NiceExpertGroup/transport/index.ts',
		);
		expect(files).toContain('nodes/shared/router.ts');
		expect(imports.get('nodes/NiceExpertGroup/NiceExpertGroup.node.ts')).toContain(
			'nodes/shared/router.ts',
		);
	});

	it('only the node files import the router, and nothing imports a node file', () => {
		const importers = (target: (file: string) => boolean) =>
			files.filter((file) => imports.get(file)!.some(target));
		expect(importers((target) => target === 'nodes/shared/router.ts').sort()).toEqual([
			'nodes/HuaweiCmsGroup/HuaweiCmsGroup.node.ts',
			'nodes/NiceExpertGroup/NiceExpertGroup.node.ts',
		]);
		expect(importers((target) => target.endsWith('.node.ts'))).toEqual([]);
	});

	it('no modules import each other in a circle', () => {
		const circles: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const visit = (file: string, path: string[]) => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'open')
				return void circles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
			state.set(file, 'open');
			for (const target of imports.get(file)!) visit(target, [...path, file]);
			state.set(file, 'done');
		};
		for (const file of files) visit(file, []);
		expect(circles).toEqual([]);
	});
});
