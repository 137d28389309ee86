import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeForEachItem } from '../../../shared/items';
import { invalidParameter } from '../../../shared/validation';
import { groupOutput, usersXml } from '../../helpers/xml';
import { expertApiRequest } from '../../transport';
import { groupLocator, groupReference, simplifyField, userIdsParameter } from '../common.descriptions';

const userIdsField: INodeProperties = {
	displayName: 'User IDs',
	name: 'userIds',
	type: 'string',
	default: '',
	placeholder: '3, 4',
	description: 'IDs of the users, separated by commas, or a list from an expression',
};

const allowEmptyField: INodeProperties = {
	displayName: 'Allow Removing All Members',
	name: 'allowEmpty',
	type: 'boolean',
	default: false,
	description: 'Whether an empty User IDs list may empty the group. Off, an empty list is refused before any request.',
};

/**
 * Add (POST, appends) and Set (PUT, replaces) send the same <users> document. An empty Set would
 * empty the group, so it needs an explicit switch.
 */
export function memberChangeOperation(operation: 'add' | 'set') {
	const replace = operation === 'set';
	const description = updateDisplayOptions({ show: { resource: ['member'], operation: [operation] } }, [
		groupLocator,
		{ ...userIdsField, required: !replace },
		...(replace ? [allowEmptyField] : []),
		simplifyField,
	]);

	async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await executeForEachItem.call(this, items, async (i) => {
			const group = groupReference(this, i);
			const userIds = userIdsParameter(this, this.getNodeParameter('userIds', i, ''), 'User IDs', i);
			if (userIds.length === 0 && !(replace && this.getNodeParameter('allowEmpty', i, false))) {
				throw invalidParameter(
					this,
					'User IDs',
					i,
					replace
						? 'is empty: that would remove every member of the group (switch on "Allow Removing All Members" if that is meant)'
						: 'must list at least one user ID',
				);
			}
			const document = await expertApiRequest.call(this, replace ? 'PUT' : 'POST', `groups/${group.segment}/users`, {
				body: usersXml(userIds),
				itemIndex: i,
				subject: group.subject,
			});
			return groupOutput(document, this.getNodeParameter('simplify', i, true) as boolean);
		});
	}

	return { description, execute };
}
