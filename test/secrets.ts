import { Buffer } from 'buffer';

import { DEMO_CMS_KEYS, DEMO_EXPERT_ADMIN, DEMO_EXPERT_TOKEN } from './emulators/demoData';
import {
	EXPERT_PASSWORD,
	EXPERT_TOKEN_SECRET,
	HUAWEI_SK,
	WRONG_SECRET,
} from './integration/fixtures';

// Every secret any test or suite uses, and the shapes of the headers that carry them. The scan that
// uses this runs after every jest test file (test/secretScan.ts) and over the real n8n's logs and
// stored executions in the end-to-end suites.

export const SECRETS = [
	HUAWEI_SK,
	EXPERT_PASSWORD,
	EXPERT_TOKEN_SECRET,
	WRONG_SECRET,
	...Object.values(DEMO_CMS_KEYS),
	DEMO_EXPERT_ADMIN.password,
	DEMO_EXPERT_TOKEN.secret,
	'benchSK',
	'agent-password',
	'wrong-SK',
	'wrong-but-secret-SK',
	'secret-SK-9f1c',
	'secret-password-77d2',
	'secret-token-51aa',
	'Sandbox-Passw0rd',
];

const BASIC = [
	`${DEMO_EXPERT_ADMIN.username}:${DEMO_EXPERT_ADMIN.password}`,
	`admin:${WRONG_SECRET}`,
	'agent:agent-password',
	'admin:secret-password-77d2',
].map((pair) => Buffer.from(pair).toString('base64'));

const HEADER_VALUES = [
	/auth-v2\/[^/\s"]+\/\d{4}-\d\d-\d\dT/,
	/tkn_[^_\s"]+_\d{9,}_/,
	/Basic [A-Za-z0-9+/]{12,}={0,2}/,
];

/** Any value as text, whole: nested objects with every key, errors with message, stack and own fields. */
export function serialise(value: unknown): string {
	if (typeof value === 'string') return value;
	const seen = new WeakSet<object>();
	try {
		return (
			JSON.stringify(value, (_key, field: unknown) => {
				if (typeof field === 'bigint') return String(field);
				if (typeof field !== 'object' || field === null) return field;
				if (seen.has(field)) return '[circular]';
				seen.add(field);
				if (field instanceof Error) {
					return Object.fromEntries(
						[...Object.getOwnPropertyNames(field), 'message', 'stack'].map((name) => [
							name,
							(field as unknown as Record<string, unknown>)[name],
						]),
					);
				}
				return field;
			}) ?? String(value)
		);
	} catch {
		return String(value);
	}
}

/** Where a secret, a Basic encoding of one, or an Authorization / X-Deki-Token value stands in these texts. */
export function findSecrets(texts: Array<[where: string, text: string]>): string[] {
	const hits: string[] = [];
	for (const [where, text] of texts) {
		for (const secret of [...SECRETS, ...BASIC])
			if (text.includes(secret)) hits.push(`${where}: ${secret.slice(0, 4)}…`);
		for (const pattern of HEADER_VALUES)
			if (pattern.test(text)) hits.push(`${where}: ${pattern.source}`);
	}
	return hits;
}
