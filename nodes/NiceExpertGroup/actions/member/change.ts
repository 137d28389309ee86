import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inTurn } from '../../../shared/router';
import { booleanParameter, invalidParameter } from '../../../shared/validation';
import { groupReference, userIdsValue } from '../../helpers/parameters';
import { groupOutput, usersXml } from '../../helpers/xml';
import { expertApiRequest } from '../../transport';
import { groupLocator, simplifyField } from '../common.descriptions';

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
		groupLocator(),
		{ ...userIdsField, required: !replace },
		...(replace ? [allowEmptyField] : []),
		simplifyField,
	]);

	async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
		const group = groupReference(this, i);
		const userIds = userIdsValue(this, this.getNodeParameter('userIds', i, ''), 'User IDs', i);
		// Read strictly: the text "false" from a sheet must never empty a group.
		const allowEmpty = replace && booleanParameter(this, 'allowEmpty', 'Allow Removing All Members', i, false);
		if (userIds.length === 0 && !allowEmpty) {
			throw invalidParameter(
				this,
				'User IDs',
				i,
				replace
					? 'is empty: that would remove every member of the group (switch on "Allow Removing All Members" if that is meant)'
					: 'must list at least one user ID',
			);
		}
		const simplify = booleanParameter(this, 'simplify', 'Simplify', i, true);
		const document = await inTurn(
			this,
			`group ${group.segment}`,
			async () =>
				await expertApiRequest.call(this, replace ? 'PUT' : 'POST', `groups/${group.segment}/users`, {
					body: usersXml(userIds),
					expect: 'group',
					itemIndex: i,
					subject: group.subject,
				}),
		);
		return groupOutput(document, simplify);
	}

	return { description, execute };
}
