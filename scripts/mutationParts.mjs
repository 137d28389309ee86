// npm run test:mutation:parts [-- part ...] [--summary]: the mutation run's scope in parts, each
// against the tests aimed at it (test/mutation/parts.json), one after the other; then the score of
// all parts' reports (reports/mutation/part-*.json) by file, and every surviving mutant.
// A part's score counts only its aimed tests' kills: a lower bound of the whole suite's.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const { parts } = JSON.parse(readFileSync('test/mutation/parts.json', 'utf8'));
const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary');
const named = args.filter((arg) => !arg.startsWith('--'));
for (const name of named) if (!parts[name]) throw new Error(`No part named "${name}"`);
const chosen = named.length ? named : Object.keys(parts);

if (!summaryOnly) {
	for (const name of chosen) {
		console.log(`\n=== part ${name}: ${parts[name].mutate.join(', ')}`);
		const run = spawnSync('npm', ['run', 'test:mutation', '--silent'], {
			stdio: 'inherit',
			env: { ...process.env, MUTATION_PART: name },
		});
		if (run.status !== 0) console.log(`part ${name} ended with status ${run.status}`);
	}
}

const COUNTED = ['Killed', 'Timeout', 'Survived', 'NoCoverage'];
const rows = [];
const survivors = [];
const total = Object.fromEntries(COUNTED.map((status) => [status, 0]));
for (const name of Object.keys(parts)) {
	const file = `reports/mutation/part-${name}.json`;
	if (!existsSync(file)) {
		rows.push(`| (part ${name}: no report yet) | | | | | |`);
		continue;
	}
	const report = JSON.parse(readFileSync(file, 'utf8'));
	for (const [path, { mutants }] of Object.entries(report.files)) {
		const count = Object.fromEntries(COUNTED.map((status) => [status, 0]));
		for (const mutant of mutants) {
			if (!(mutant.status in count)) continue;
			count[mutant.status]++;
			total[mutant.status]++;
			if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
				const at = `${mutant.location.start.line}:${mutant.location.start.column}`;
				const replacement = String(mutant.replacement ?? '')
					.replace(/\s+/g, ' ')
					.slice(0, 80);
				survivors.push(`${path}:${at} ${mutant.status} ${mutant.mutatorName}: ${replacement}`);
			}
		}
		const valid = COUNTED.reduce((sum, status) => sum + count[status], 0);
		const score = valid ? Math.floor((1000 * (count.Killed + count.Timeout)) / valid) / 10 : NaN;
		rows.push(
			`| ${path} (${name}) | ${count.Killed} | ${count.Timeout} | ${count.Survived} | ${count.NoCoverage} | ${valid ? `${score}%` : 'none'} |`,
		);
	}
}
const valid = COUNTED.reduce((sum, status) => sum + total[status], 0);
console.log('\n| file (part) | killed | timeout | survived | no coverage | score |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(
	`| **all** | ${total.Killed} | ${total.Timeout} | ${total.Survived} | ${total.NoCoverage} | ${valid ? `${Math.floor((1000 * (total.Killed + total.Timeout)) / valid) / 10}%` : 'none'} |`,
);
console.log(`\nSurvivors and mutants without coverage (${survivors.length}):`);
for (const line of survivors) console.log(`  ${line}`);
