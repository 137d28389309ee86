// The same rule sets n8n's community-package scanner applies (@n8n/scan-community-package),
// run on our sources so a lint failure shows up here before it shows up in n8n.
import { defineConfig } from 'eslint/config';
import tsParser from '@typescript-eslint/parser';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default defineConfig(
	{
		ignores: [
			'jest.config.js',
			'dist/**',
			'node_modules/**',
			'.n8n-sandbox/**',
			'test-output/**',
			'.stryker-tmp/**',
			'reports/**',
			'package-lock.json',
		],
	},
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'package.json'],
		extends: [n8nCommunityNodesPlugin.configs.recommended],
	},
	{ files: ['credentials/**/*.ts', 'nodes/**/*.ts'], rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
	{
		files: ['package.json'],
		rules: {
			...n8nNodesPlugin.configs.community.rules,
			// fast-xml-parser is a runtime dependency by choice (README, "Requirements"); n8n's scanner still reports it.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			// No maintainer address is known yet (README, "Versioning"); n8n's scanner still reports it.
			'@n8n/community-nodes/valid-author': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
);
