import { execFileSync } from 'child_process';
import { randomUUID } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, selectors, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { readExample } from '../examples';
import { PACKAGE_ROOT } from '../packageRoot';
import { CREDENTIAL_IDS, OWNER, type N8nSandbox } from '../sandbox/n8nSandbox';

const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(PACKAGE_ROOT, 'test-output/e2e');

/** Debian's Chromium (playwright's own browser download cannot be fetched here). */
function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update'], { stdio: 'ignore', env });
	execFileSync(
		'apt-get',
		['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation'],
		{ stdio: 'ignore', env },
	);
}

export function browserChecks(sandbox: N8nSandbox): void {
	let context: BrowserContext;
	let page: Page;
	let profile: string;
	let step = 0;
	/** A full-page screenshot, or with `panel` only the node's parameter panel (and its open dropdown). */
	const screenshot = async (name: string, panel?: Locator) => {
		const path = join(SCREENSHOTS, `${String(++step).padStart(2, '0')}-${name}.png`);
		const box = panel ? await panel.boundingBox() : null;
		await page.screenshot({
			path,
			clip: box ? { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: 600 } : undefined,
		});
	};
	const ndv = () => page.getByTestId('ndv');
	const visibleOptions = () => page.locator('.el-select-dropdown__item:visible');
	/** Clicks a dropdown until the option shows (a click during the panel's opening animation can be lost). */
	const openDropdown = async (field: Locator, option: string) => {
		for (let attempt = 1; ; attempt++) {
			await field.click();
			try {
				await visibleOptions().filter({ hasText: option }).first().waitFor({ timeout: 5000 });
				return;
			} catch (error) {
				if (attempt === 3) throw error;
				await page.keyboard.press('Escape');
			}
		}
	};
	const openNode = async (name: string) => {
		if (await ndv().isVisible()) await page.getByTestId('ndv-close-button').click();
		await page.getByTestId('canvas-node').filter({ hasText: name }).dblclick();
		await ndv().getByTestId('node-parameters').waitFor();
	};

	/** Imports a workflow of a Manual Trigger and `node` (by n8n's CLI), opens it in the editor and opens the node. */
	const openInNewWorkflow = async (
		id: string,
		node: Record<string, unknown> & { name: string },
	) => {
		const workflow = {
			id,
			name: `${node.name} (e2e)`,
			nodes: [
				{
					id: randomUUID(),
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{ id: randomUUID(), position: [220, 0], ...node },
			],
			connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		const file = join(tmpdir(), `${id}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		await sandbox.cli('import:workflow', `--input=${file}`);
		rmSync(file);
		await page.goto(`${sandbox.url}/workflow/${id}`);
		await page.getByTestId('canvas-node').filter({ hasText: node.name }).waitFor();
		await openNode(node.name);
	};

	beforeAll(
		async () => {
			ensureChromium();
			mkdirSync(SCREENSHOTS, { recursive: true });
			selectors.setTestIdAttribute('data-test-id'); // n8n's attribute
			profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
			context = await chromium.launchPersistentContext(profile, {
				executablePath: CHROMIUM,
				headless: true,
				viewport: { width: 1600, height: 900 },
				// No background traffic: this machine reaches nothing but localhost.
				args: [
					'--no-sandbox',
					'--disable-gpu',
					'--disable-quic',
					'--no-first-run',
					'--disable-background-networking',
					'--disable-component-update',
					'--disable-sync',
				],
			});
			page = context.pages()[0] ?? (await context.newPage());
		},
		10 * 60 * 1000,
	);

	// What the page showed when a check failed (the passing ones leave their own screenshots).
	afterEach(async () => {
		await page.screenshot({
			path: join(SCREENSHOTS, `last-state-${String(step).padStart(2, '0')}.png`),
		});
	});

	afterAll(async () => {
		await context?.close();
		rmSync(profile, { recursive: true, force: true });
	});

	it('signs in and opens an example workflow, both nodes on the canvas', async () => {
		await page.goto(`${sandbox.url}/signin`);
		await page.locator('input[name="emailOrLdapLoginId"]').fill(OWNER.email);
		await page.locator('input[name="password"]').fill(OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.includes('signin'));
		await page.goto(`${sandbox.url}/workflow/${readExample('rename-groups.json').id}`);
		await page.getByTestId('canvas-node').filter({ hasText: 'Rename Expert group' }).waitFor();
		expect(
			await page.getByTestId('canvas-node').filter({ hasText: 'Rename CMS group' }).count(),
		).toBe(1);
		await screenshot('workflow');
	});

	it.each([
		['Huawei', 'Huawei CMS Group'],
		['NICE Expert', 'NICE Expert Group'],
	])('finds the node in the node panel by searching "%s"', async (query, nodeName) => {
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill(query);
		await page.getByTestId('node-creator').getByText(nodeName, { exact: true }).first().waitFor();
		await screenshot(`node-panel-${query.replace(' ', '-').toLowerCase()}`);
		await page.keyboard.press('Escape');
		await page.getByTestId('node-creator').waitFor({ state: 'hidden' });
	});

	it("fills the NICE node's Role dropdown from the site", async () => {
		await openNode('Rename Expert group');
		await openDropdown(ndv().getByTestId('parameter-input-role'), 'Contributor');
		expect(await visibleOptions().allTextContents()).toEqual([
			'Keep Current Role',
			...sandbox.expert.roles.map((role) => role.name),
		]);
		await screenshot('nice-role-dropdown', ndv().getByTestId('node-parameters'));
		await page.keyboard.press('Escape');
	});

	it("answers the NICE node's group list search from the site", async () => {
		await openDropdown(ndv().getByTestId('rlc-mode-selector'), 'From list');
		await visibleOptions().filter({ hasText: 'From list' }).click();
		await ndv().getByTestId('rlc-input').click();
		const items = page.getByTestId('rlc-item');
		await items.first().waitFor();
		// Each group with its role, and "external" for a group of another authentication service (LDAP).
		const label = (group: (typeof sandbox.expert.groups)[number]) =>
			`${group.name} (${sandbox.expert.roles.find((role) => role.id === group.roleId)!.name}${group.serviceId === 1 ? '' : ', external'})`;
		expect(await items.allTextContents()).toEqual(sandbox.expert.groups.map(label).sort());
		await page
			.locator('input[data-test-id="rlc-search"], [data-test-id="rlc-search"] input')
			.first()
			.fill('tier');
		await page.waitForFunction(
			'document.querySelectorAll(\'[data-test-id="rlc-item"]\').length === 1',
		);
		expect(await items.allTextContents()).toEqual(['Support Tier 1 (Viewer)']);
		await screenshot('nice-group-list', ndv().getByTestId('node-parameters'));
		await page.keyboard.press('Escape');
	});

	it("shows the Huawei node's operations", async () => {
		await openNode('Rename CMS group');
		await openDropdown(ndv().getByTestId('parameter-input-operation'), 'Get Many');
		// Each option shows the operation's name, then its description.
		expect(await visibleOptions().allTextContents()).toEqual([
			expect.stringMatching(/^Create/),
			expect.stringMatching(/^Delete/),
			expect.stringMatching(/^Get Many/),
			expect.stringMatching(/^Sync/),
			expect.stringMatching(/^Update/),
		]);
		await screenshot('huawei-operations', ndv().getByTestId('node-parameters'));
		await page.keyboard.press('Escape');
		await page.getByTestId('ndv-close-button').click();
	});

	it('the Huawei node: the inspection group list shows only inspection groups, the inspected groups are picked from the traffic groups', async () => {
		const groups = [...sandbox.cms.groups.values()].filter((group) => group.vdn === 113);
		const label = (type: number) =>
			groups
				.filter((group) => group.groupType === type)
				.map((group) => group.groupName)
				.sort();
		await openInNewWorkflow('inspectionPicker', {
			name: 'Inspect',
			type: 'n8n-nodes-huawei-nice-groups.huaweiCmsGroup',
			typeVersion: 1,
			parameters: { resource: 'inspectionRelation', operation: 'set', vdn: 113 },
			credentials: {
				huaweiCmsApi: { id: CREDENTIAL_IDS.huaweiCmsApi, name: 'Huawei CMS (local emulator)' },
			},
		});
		await ndv().getByTestId('rlc-input').click();
		const items = page.getByTestId('rlc-item');
		await items.first().waitFor();
		expect(
			(await items.allTextContents())
				.map((text) => text.replace(/ \(Quality inspection group\)$/, ''))
				.sort(),
		).toEqual(label(3));
		await screenshot('huawei-inspection-group-list', ndv().getByTestId('node-parameters'));
		await page.keyboard.press('Escape');

		await openDropdown(ndv().getByTestId('parameter-input-inspectedGroupIds'), '(Traffic group)');
		expect(
			(await visibleOptions().allTextContents())
				.map((text) => text.replace(/ \(Traffic group\)$/, ''))
				.sort(),
		).toEqual(label(2));
		await screenshot('huawei-inspected-groups', ndv().getByTestId('node-parameters'));
		await page.keyboard.press('Escape');
		await page.getByTestId('ndv-close-button').click();
	});

	it("the NICE node: Member Add picks users from the site's users", async () => {
		await openInNewWorkflow('expertUserPicker', {
			name: 'Add members',
			type: 'n8n-nodes-huawei-nice-groups.niceExpertGroup',
			typeVersion: 1,
			parameters: {
				resource: 'member',
				operation: 'add',
				group: { __rl: true, mode: 'id', value: '2' },
			},
			credentials: {
				niceExpertApi: { id: CREDENTIAL_IDS.niceExpertApi, name: 'NICE Expert (local emulator)' },
			},
		});
		await openDropdown(ndv().getByTestId('parameter-input-userIds'), 'admin (ID 1)');
		const expected = sandbox.expert.users.map((user) => `${user.username} (ID ${user.id})`);
		expect((await visibleOptions().allTextContents()).map((text) => text.trim()).sort()).toEqual(
			expected.sort(),
		);
		await screenshot('nice-user-picker', ndv().getByTestId('node-parameters'));
		await page.keyboard.press('Escape');
		await page.getByTestId('ndv-close-button').click();
	});

	it('the MCP example: the MCP Server Trigger with its four tools; a tool shows its automatic description, its $fromAI() arguments and Preview Only', async () => {
		await page.goto(`${sandbox.url}/workflow/mcpGroupTools01`);
		const tools = [
			'list_cms_groups',
			'rename_cms_group',
			'rename_expert_group',
			'add_expert_members',
		];
		for (const name of ['MCP Server Trigger', ...tools])
			await page.getByTestId('canvas-node').filter({ hasText: name }).first().waitFor();
		await screenshot('mcp-tools');
		await openNode('rename_cms_group');
		const parameters = ndv().getByTestId('node-parameters');
		await parameters.getByText('Preview Only (Send Nothing)').waitFor();
		// The tool variant n8n made of the node: its Tool Description from the operation, the model's arguments as $fromAI().
		await expect(
			ndv().getByTestId('parameter-input-descriptionType').locator('input').first().inputValue(),
		).resolves.toBe('Set Automatically');
		await expect(ndv().getByTestId('parameter-input-groupName').textContent()).resolves.toContain(
			"$fromAI('newName', 'The new name of the group', 'string')",
		);
		await screenshot('mcp-tool-rename-cms-group', parameters);
		await page.getByTestId('ndv-close-button').click();
	});

	it.each([
		['CMS groups', 'Huawei AICC CMS API', 'Huawei CMS (local emulator)'],
		['Expert groups', 'NICE CXone Expert API', 'NICE Expert (local emulator)'],
	])(
		"n8n's HTTP Request node (%s) uses the %s credential type as a Predefined Credential Type",
		async (nodeName, credentialType, credential) => {
			// The workflow the HTTP Request test above imported and ran.
			if (!page.url().endsWith('/workflow/httpRequestCred1'))
				await page.goto(`${sandbox.url}/workflow/httpRequestCred1`);
			await page.getByTestId('canvas-node').filter({ hasText: nodeName }).waitFor();
			await openNode(nodeName);
			await expect(
				ndv()
					.getByTestId('parameter-input-nodeCredentialType')
					.locator('input')
					.first()
					.inputValue(),
			).resolves.toBe(credentialType);
			await expect(
				ndv().getByTestId('node-credentials-select').locator('input').first().inputValue(),
			).resolves.toBe(credential);
			await screenshot(
				`http-request-${credentialType.split(' ')[0].toLowerCase()}-credential`,
				ndv().getByTestId('node-parameters'),
			);
			await page.getByTestId('ndv-close-button').click();
		},
	);
}
