import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { loadOptionsContext, runWorkflow } from '../harness/engine';
import { searchGroups } from '../../nodes/HuaweiCmsGroup/methods/listSearch';
import { RESULT_CODES } from '../../nodes/HuaweiCmsGroup/helpers/resultCodes';
import { HUAWEI_AK, HUAWEI_SK, byId, huaweiCredentials, huaweiNode } from './fixtures';
import { useEmulator } from './lifecycle';

describe('Huawei CMS Group: groups and inspection relations, in the n8n engine against the CMS emulator', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const credentials = () => huaweiCredentials(cms);
	const calls = () =>
		cms.requests.map(
			(request) =>
				`${request.method} ${request.url.replace('/rest/cmsapp/v1/openapi/qcrelationconf/', '')}`,
		);

	describe('Group: Create', () => {
		it.each([
			['empty text', ''],
			['separators only', ' , '],
			['an empty list', '={{ [] }}'],
		])(
			'creates a group without members when Initial Members is %s (createusergroup adds, it never removes)',
			async (_case, workNos) => {
				const result = await runWorkflow(
					huaweiNode({
						operation: 'create',
						vdn: 113,
						groupName: 'Empty',
						groupType: 2,
						additionalFields: { workNos },
					}),
					credentials(),
				);
				expect(result.error).toBeUndefined();
				const creates = cms.requests.filter((request) => request.url.endsWith('/createusergroup'));
				expect(creates.map((request) => request.body)).toEqual([
					'{"ccId":1,"vdn":113,"groupName":"Empty","groupType":2}',
				]);
				expect(result.output('Huawei CMS Group')).toEqual([
					expect.objectContaining({ success: true, groupName: 'Empty' }),
				]);
			},
		);

		it('creates the group, then finds and outputs its new ID by name', async () => {
			cms.addAgents(113, 57005, 2);
			cms.addGroup({ vdn: 113, groupName: 'Other' });
			const result = await runWorkflow(
				huaweiNode({
					operation: 'create',
					vdn: 113,
					groupName: 'QA Night',
					groupType: 3,
					additionalFields: { remark: 'night shift', workNos: '57005, 57006, 57005' },
				}),
				credentials(),
			);
			expect(result.error).toBeUndefined();
			const created = [...cms.groups.values()].find((group) => group.groupName === 'QA Night')!;
			expect(result.output('Huawei CMS Group')).toEqual([
				{
					success: true,
					resultCode: '0100000',
					resultDesc: 'Created successfully',
					id: created.id,
					ccId: 1,
					vdn: 113,
					groupName: 'QA Night',
					groupType: 3,
					remark: 'night shift',
					workNos: [57005, 57006],
				},
			]);
			expect(cms.membersOf(created.id)).toEqual([57005, 57006]);
			expect(calls()).toEqual([
				'GET queryallccgroup/1/113',
				'POST createusergroup',
				'GET queryallccgroup/1/113',
			]);
			expect(cms.requests[1].body).toBe(
				'{"ccId":1,"vdn":113,"groupName":"QA Night","groupType":3,"remark":"night shift","workNos":[57005,57006]}',
			);
		});

		it('refuses to create a second group of the same name (so a re-run makes no twin)', async () => {
			const existing = cms.addGroup({ vdn: 113, groupName: 'QA Night' });
			const result = await runWorkflow(
				huaweiNode({ operation: 'create', vdn: 113, groupName: 'QA Night', groupType: 2 }),
				credentials(),
			);
			expect(result.error?.message).toBe(
				`A group named "QA Night" already exists in VDN 113 (ID ${existing.id}): nothing was created (input item 1)`,
			);
			expect(calls()).toEqual(['GET queryallccgroup/1/113']);
			expect(cms.groups.size).toBe(1);
		});

		it('with "Use the Existing Group", outputs the group of that name and sends no write (a safe re-run)', async () => {
			cms.addAgents(113, 57005, 2);
			const existing = cms.addGroup({ vdn: 113, groupName: 'QA Night', groupType: 2 });
			cms.join(existing, [57005]);
			const parameters = {
				operation: 'create',
				vdn: 113,
				groupName: 'QA Night',
				groupType: 3,
				ifNameTaken: 'useExisting',
				additionalFields: { workNos: '57006' },
			};
			const result = await runWorkflow(huaweiNode(parameters), credentials());
			expect(result.error).toBeUndefined();
			expect(result.output('Huawei CMS Group')).toEqual([
				{
					success: true,
					resultCode: '0100000',
					resultDesc: 'A group of this name exists: nothing was created',
					id: existing.id,
					ccId: 1,
					vdn: 113,
					groupName: 'QA Night',
					groupType: 2,
					remark: '',
					alreadyExisted: true,
				},
			]);
			expect(calls()).toEqual(['GET queryallccgroup/1/113']);
			expect(cms.membersOf(existing.id)).toEqual([57005]);

			// A name not taken yet is created as usual, and says so.
			cms.requests.length = 0;
			const fresh = await runWorkflow(
				huaweiNode({ ...parameters, groupName: 'QA Day' }),
				credentials(),
			);
			expect(fresh.output('Huawei CMS Group')).toEqual([
				expect.objectContaining({ groupName: 'QA Day', workNos: [57006], alreadyExisted: false }),
			]);
			expect(calls()).toEqual([
				'GET queryallccgroup/1/113',
				'POST createusergroup',
				'GET queryallccgroup/1/113',
			]);
			expect(cms.groups.size).toBe(2);
		});

		it("lists in the credential's Default Call Center ID when the node sets none", async () => {
			const result = await runWorkflow(
				huaweiNode({ operation: 'create', vdn: 5, groupName: 'Traffic', groupType: 2 }),
				huaweiCredentials(cms, { defaultCcId: 7 }),
			);
			expect(result.error).toBeUndefined();
			expect(calls()[0]).toBe('GET queryallccgroup/7/5');
			expect([...cms.groups.values()][0]).toMatchObject({ ccId: 7, vdn: 5, groupType: 2 });
		});
	});

	describe('Group: Delete', () => {
		it('deletes the group; the server drops its members and relations with it', async () => {
			cms.addAgents(113, 1, 3);
			const inspector = cms.addGroup({ vdn: 113, groupName: 'QA', groupType: 3 });
			const doomed = cms.addGroup({ vdn: 113, groupName: 'Doomed', groupType: 2 });
			const kept = cms.addGroup({ vdn: 113, groupName: 'Kept', groupType: 2 });
			cms.join(doomed, [1]);
			cms.join(kept, [2]);
			cms.relations.push(
				{ vdn: 113, qcGroupId: inspector.id, inspectedGroupId: doomed.id },
				{ vdn: 113, qcGroupId: inspector.id, inspectedGroupId: kept.id },
			);
			const result = await runWorkflow(
				huaweiNode({ operation: 'delete', vdn: 113, groupId: byId(doomed.id) }),
				credentials(),
			);
			expect(result.output('Huawei CMS Group')).toEqual([
				{
					success: true,
					resultCode: '0100000',
					resultDesc: 'Deleted successfully',
					vdn: 113,
					id: doomed.id,
				},
			]);
			expect(cms.groups.has(doomed.id)).toBe(false);
			expect(cms.agents.get('113:1')!.groupId).toBeUndefined();
			expect(cms.membersOf(kept.id)).toEqual([2]);
			expect(cms.relations).toEqual([
				{ vdn: 113, qcGroupId: inspector.id, inspectedGroupId: kept.id },
			]);
		});
	});

	describe('Group: Get Many', () => {
		beforeEach(() => {
			cms.addGroup({ vdn: 113, groupName: 'QA Day', groupType: 3, remark: 'day' });
			cms.addGroup({ vdn: 113, groupName: 'QA Night', groupType: 3 });
			cms.addGroup({ vdn: 113, groupName: 'Inbound', groupType: 2 });
			cms.addGroup({ vdn: 200, groupName: 'Elsewhere', groupType: 3 });
		});

		it('returns one item per group of the VDN', async () => {
			const result = await runWorkflow(
				huaweiNode({ operation: 'getAll', vdn: 113, returnAll: true }),
				credentials(),
			);
			expect(result.output('Huawei CMS Group')!.map((group) => group.groupName)).toEqual([
				'QA Day',
				'QA Night',
				'Inbound',
			]);
			expect(result.output('Huawei CMS Group')![0]).toEqual({
				id: expect.stringMatching(/^\d{30}$/),
				groupName: 'QA Day',
				groupType: 3,
				groupTypeName: 'Quality inspection group',
				remark: 'day',
				ccId: 1,
				vdn: 113,
			});
			expect(
				result
					.items('Huawei CMS Group')!
					.every((item) => (item.pairedItem as { item: number }).item === 0),
			).toBe(true);
		});

		it('filters by name and type in the node, and honours Limit', async () => {
			const byName = await runWorkflow(
				huaweiNode({
					operation: 'getAll',
					vdn: 113,
					returnAll: true,
					filters: { nameContains: 'qa', groupType: 3 },
				}),
				credentials(),
			);
			expect(byName.output('Huawei CMS Group')!.map((group) => group.groupName)).toEqual([
				'QA Day',
				'QA Night',
			]);
			const limited = await runWorkflow(
				huaweiNode({ operation: 'getAll', vdn: 113, returnAll: false, limit: 1 }),
				credentials(),
			);
			expect(limited.output('Huawei CMS Group')!.map((group) => group.groupName)).toEqual([
				'QA Day',
			]);
			const traffic = await runWorkflow(
				huaweiNode({ operation: 'getAll', vdn: 113, returnAll: true, filters: { groupType: 2 } }),
				credentials(),
			);
			expect(traffic.output('Huawei CMS Group')!.map((group) => group.groupName)).toEqual([
				'Inbound',
			]);
		});

		it("uses the node's Call Center ID, or else the credential's default, in the path", async () => {
			await runWorkflow(
				huaweiNode({ operation: 'getAll', vdn: 113, returnAll: true, options: { ccId: 42 } }),
				credentials(),
			);
			await runWorkflow(
				huaweiNode({ operation: 'getAll', vdn: 113, returnAll: true }),
				huaweiCredentials(cms, { defaultCcId: 9 }),
			);
			expect(calls()).toEqual(['GET queryallccgroup/42/113', 'GET queryallccgroup/9/113']);
		});

		it('reads servers of 8.13 and earlier (returnCode and description only)', async () => {
			cms.legacyEnvelope = true;
			const result = await runWorkflow(
				huaweiNode({ operation: 'getAll', vdn: 113, returnAll: true }),
				credentials(),
			);
			expect(result.error).toBeUndefined();
			expect(result.output('Huawei CMS Group')).toHaveLength(3);
		});
	});

	describe('results and errors', () => {
		it("outputs the short result with the request fields, never the envelope's older repeats", async () => {
			const group = cms.addGroup({ vdn: 113, groupName: 'a' });
			const result = await runWorkflow(
				huaweiNode({ operation: 'update', vdn: 113, groupId: byId(group.id), groupName: 'b' }),
				credentials(),
			);
			expect(result.output('Huawei CMS Group')).toEqual([
				{
					success: true,
					resultCode: '0100000',
					resultDesc: 'Updated successfully',
					vdn: 113,
					id: group.id,
					groupName: 'b',
				},
			]);
		});

		it('accepts success from a server of 8.13 and earlier (returnCode "0")', async () => {
			cms.legacyEnvelope = true;
			const group = cms.addGroup({ vdn: 113, groupName: 'a' });
			const result = await runWorkflow(
				huaweiNode({ operation: 'update', vdn: 113, groupId: byId(group.id), groupName: 'b' }),
				credentials(),
			);
			expect(result.output('Huawei CMS Group')).toEqual([
				{
					success: true,
					resultCode: '0100000',
					resultDesc: 'Updated successfully',
					vdn: 113,
					id: group.id,
					groupName: 'b',
				},
			]);
		});

		it.each(Object.entries(RESULT_CODES).filter(([code]) => code !== '0100000'))(
			'reports resultCode %s as "%s" with the server\'s text',
			async (code, meaning) => {
				cms.forcedResult = { resultCode: code, resultDesc: `server text for ${code}` };
				const result = await runWorkflow(
					huaweiNode({ operation: 'delete', vdn: 113, groupId: byId('1') }),
					credentials(),
				);
				// The server's cause and what was tried first, the code and its meaning after.
				expect(result.error?.message).toBe(
					`The CMS refused to delete group 1 in VDN 113: server text for ${code} (CMS error ${code}: ${meaning})`,
				);
				expect(result.error?.description).toBe(
					`CMS error ${code} means: ${meaning}. The cause above is the server's own text.`,
				);
			},
		);

		it('reports an error code from a server of 8.13 and earlier (returnCode only)', async () => {
			cms.legacyEnvelope = true;
			const result = await runWorkflow(
				huaweiNode({ operation: 'delete', vdn: 113, groupId: byId('404') }),
				credentials(),
			);
			expect(result.error?.message).toBe(
				'The CMS refused to delete group 404 in VDN 113: The user group does not exist (CMS error 0100002: Invalid parameter)',
			);
		});
	});

	describe('Inspection Relation', () => {
		it('sets and deletes the groups an inspection group inspects', async () => {
			const inspector = cms.addGroup({ vdn: 113, groupName: 'QA', groupType: 3 });
			const [a, b] = [
				cms.addGroup({ vdn: 113, groupName: 'A', groupType: 2 }),
				cms.addGroup({ vdn: 113, groupName: 'B', groupType: 2 }),
			];
			const set = await runWorkflow(
				huaweiNode({
					operation: 'set',
					resource: 'inspectionRelation',
					vdn: 113,
					qcGroupId: byId(inspector.id),
					inspectedGroupIds: `${a.id}, ${b.id}`,
				}),
				credentials(),
			);
			expect(set.output('Huawei CMS Group')).toEqual([
				{
					success: true,
					resultCode: '0100000',
					resultDesc: 'Configured successfully',
					vdn: 113,
					qcGroupId: inspector.id,
					inspectedGroupIds: [a.id, b.id],
				},
			]);
			expect(cms.relations.map((relation) => relation.inspectedGroupId)).toEqual([a.id, b.id]);

			const removed = await runWorkflow(
				huaweiNode({
					operation: 'delete',
					resource: 'inspectionRelation',
					vdn: 113,
					qcGroupId: byId(inspector.id),
					inspectedGroupIds: [a.id] as never,
				}),
				credentials(),
			);
			expect(removed.error).toBeUndefined();
			expect(cms.relations.map((relation) => relation.inspectedGroupId)).toEqual([b.id]);
			expect(cms.requests.at(-1)!.body).toBe(
				`{"vdn":113,"qcGroupId":"${inspector.id}","inspectedGroupIds":["${a.id}"]}`,
			);
		});

		it('passes on 0101001 when the inspection group is not a quality inspection group', async () => {
			const traffic = cms.addGroup({ vdn: 113, groupName: 'T', groupType: 2 });
			const result = await runWorkflow(
				huaweiNode({
					operation: 'set',
					resource: 'inspectionRelation',
					vdn: 113,
					qcGroupId: byId(traffic.id),
					inspectedGroupIds: traffic.id,
				}),
				credentials(),
			);
			// The server's cause names the API field: its label on screen follows it.
			expect(result.error?.message).toBe(
				`The CMS refused to make inspection group ${traffic.id} inspect groups ${traffic.id} in VDN 113: qcGroupId ("Inspection Group") is not a quality inspection group (CMS error 0101001: Quality-inspection relation interface error)`,
			);
		});

		it('refuses an empty list of inspected groups before any request', async () => {
			const result = await runWorkflow(
				huaweiNode({
					operation: 'set',
					resource: 'inspectionRelation',
					vdn: 113,
					qcGroupId: byId('1'),
					inspectedGroupIds: '={{ "" }}',
				}),
				credentials(),
			);
			expect(result.error?.message).toBe(
				'Parameter "Inspected Groups" must list at least one group ID (got "") (input item 1)',
			);
			expect(cms.requests).toHaveLength(0);
		});
	});

	it('lists the groups of the VDN set in the node for the Group list search', async () => {
		cms.addGroup({ vdn: 113, groupName: 'QA Day', groupType: 3 });
		const inbound = cms.addGroup({ vdn: 113, groupName: 'Inbound', groupType: 2 });
		cms.addGroup({ vdn: 114, groupName: 'Inbound 114', groupType: 2 });
		const context = await loadOptionsContext(
			huaweiNode({ operation: 'update', vdn: 113 }),
			'Huawei CMS Group',
			credentials(),
		);
		expect(await searchGroups.call(context, 'in')).toEqual({
			results: [{ name: 'Inbound (Traffic group)', value: inbound.id }],
		});
		expect((await searchGroups.call(context)).results).toHaveLength(2);
	});
});
