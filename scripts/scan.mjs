// Runs n8n's community-package scanner (@n8n/scan-community-package, its own rule set) on the
// package exactly as `npm pack` would publish it. Passes when the only findings are the two that
// our one runtime dependency, fast-xml-parser, causes by design, and the author's missing email
// (no real maintainer address is known yet).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

const ACCEPTED = new Map([
	['@n8n/community-nodes/no-runtime-dependencies', 'package.json'],
	['@n8n/community-nodes/no-restricted-imports', 'fast-xml-parser'],
	// package.json's author has no email until the maintainers give a real one (README, "Versioning").
	[
		'@n8n/community-nodes/valid-author',
		'package.json The "author" field must include a non-empty email',
	],
]);

const workDir = mkdtempSync(join(tmpdir(), 'n8n-scan-'));
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', workDir], {
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', join(workDir, tarball), '-C', workDir]);
	const packageDir = join(workDir, 'package');
	const files = glob.sync(['**/*.js', 'package.json'], {
		cwd: packageDir,
		absolute: true,
		ignore: ['node_modules/**'],
	});
	const eslint = new ESLint({
		cwd: packageDir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const results = await eslint.lintFiles(files);

	let unexpected = 0;
	console.log(`n8n scanner on ${tarball} (${files.length} files):`);
	for (const result of results) {
		for (const message of result.messages.filter((m) => m.severity === 2)) {
			const file = result.filePath.slice(packageDir.length + 1);
			const accepted =
				ACCEPTED.has(message.ruleId) &&
				`${file} ${message.message}`.includes(ACCEPTED.get(message.ruleId));
			if (!accepted) unexpected++;
			console.log(
				`  ${accepted ? 'accepted' : 'FINDING '}  ${file}:${message.line}  ${message.ruleId}: ${message.message.split('\n')[0].slice(0, 140)}`,
			);
		}
	}
	console.log(
		unexpected === 0
			? "scan: nothing but the accepted findings (fast-xml-parser, the author's email)"
			: `scan: ${unexpected} unexpected finding(s)`,
	);
	process.exitCode = unexpected === 0 ? 0 : 1;
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
