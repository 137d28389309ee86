import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, NodeApiError } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { IF_NAME_TAKEN, ifNameTakenField } from '../../../shared/descriptions';
import { executeForEachItem } from '../../../shared/items';
import { asApiError, createWithoutTwins } from '../../../shared/retries';
import { optionalText, requiredText } from '../../../shared/validation';
import { nameSegment } from '../../helpers/paths';
import { buildXml, groupOutput } from '../../helpers/xml';
import { expertApiRequest } from '../../transport';
import { roleField, simplifyField, userIdsParameter } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Name of the new group (unique on the site)',
	},
	roleField('getRolesForCreate', "The group's role; without one, Expert gives the site's role for new accounts."),
	ifNameTakenField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Member User IDs',
				name: 'userIds',
				type: 'string',
				default: '',
				placeholder: '3, 4',
				description: 'IDs of users to put into the new group, separated by commas',
			},
		],
	},
	simplifyField,
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const name = requiredText(this, this.getNodeParameter('name', i), 'Name', i);
		const role = optionalText(this, this.getNodeParameter('role', i, ''), 'Role', i);
		const additionalFields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const userIds = userIdsParameter(this, additionalFields.userIds, 'Member User IDs', i);

		const group: IDataObject = { name };
		if (role !== undefined) group['permissions.group'] = { role };
		if (userIds.length > 0) group.users = { user: userIds.map((id) => ({ '@id': id })) };
		const subject = `group named "${name}"`;
		const byName = `groups/${nameSegment(name)}`;
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		const useExisting = this.getNodeParameter('ifNameTaken', i, IF_NAME_TAKEN.error) === IF_NAME_TAKEN.useExisting;
		const answer = await createWithoutTwins(
			this,
			async () => {
				try {
					return await expertApiRequest.call(this, 'POST', 'groups', { body: buildXml({ group }), itemIndex: i, subject, idempotent: false });
				} catch (error) {
					// Expert keeps names unique and answers 409 for a taken one: read that group instead.
					if (!useExisting || (error as NodeApiError).httpCode !== '409') throw asApiError(this, error);
					const existing = await expertApiRequest.call(this, 'GET', byName, { itemIndex: i, subject });
					return { ...existing, alreadyExisted: true };
				}
			},
			async () => {
				try {
					await expertApiRequest.call(this, 'GET', byName, { itemIndex: i, subject });
					return true;
				} catch (error) {
					if ((error as NodeApiError).httpCode === '404') return false;
					throw asApiError(this, error);
				}
			},
		);
		// The answer was lost but the group is there: read it.
		const created = answer ?? (await expertApiRequest.call(this, 'GET', byName, { itemIndex: i, subject }));
		const output = groupOutput(created, simplify);
		return useExisting ? { ...output, alreadyExisted: created.alreadyExisted === true } : output;
	});
}
