import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { paginate } from '../../shared/paginate';
import { type Context, runState } from '../../shared/runState';
import { integerValue } from '../../shared/validation';
import { resultList } from './envelope';
import { CMS, cmsApiRequest } from '../transport';
import { CMS_CALLS } from '../transport/calls';

export interface CmsGroupRecord {
	id: string;
	groupName: string;
	groupType: number;
	remark?: string;
}

/** The credential's Default Call Center ID, for the calls whose path needs one (from the run's one decryption). */
export async function defaultCallCenterId(this: Context, itemIndex = 0): Promise<number> {
	const credentials = await runState(this).credentialsOf(CMS.credentialType);
	return integerValue(
		this,
		credentials.defaultCcId ?? 1,
		'Default Call Center ID (credential)',
		itemIndex,
		1,
		65535,
	);
}

/** Every group of a VDN (GET queryallccgroup/{ccId}/{vdn}). */
export async function listGroups(
	this: Context,
	ccId: number,
	vdn: number,
	itemIndex?: number,
): Promise<CmsGroupRecord[]> {
	const groups = resultList(
		await cmsApiRequest.call(this, CMS_CALLS.listGroups, { ccId, vdn }, itemIndex),
	);
	if (!groups) {
		throw new NodeApiError(this.getNode(), {} as JsonObject, {
			itemIndex,
			message: `The CMS answered success but no list of groups when asked to ${CMS_CALLS.listGroups.attempt({ ccId, vdn })}`,
			description:
				'The answer is not what this API documents: check the Base URL of the credential.',
		});
	}
	return groups.map((group) => ({
		id: String(group.id),
		groupName: String(group.groupName ?? ''),
		groupType: Number(group.groupType),
		remark: group.remark === undefined ? undefined : String(group.remark),
	}));
}

/** The member query's largest page. */
export const MEMBER_PAGE_SIZE = 100;

/**
 * Up to `wanted` members of a group (POST querygroupmemberbycondition, walked by offset), each with
 * its group and VDN. `query`: { ccId?, vdn, groupId, workNo? }.
 */
export async function listMembers(
	this: Context,
	query: IDataObject,
	wanted: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const { records } = await paginate<IDataObject>(this, {
		wanted,
		pageSize: MEMBER_PAGE_SIZE,
		what: 'members',
		itemIndex,
		key: (member) => String(member.workNo ?? member.id ?? JSON.stringify(member)),
		fetchPage: async (offset, limit) => {
			const members = resultList(
				await cmsApiRequest.call(
					this,
					CMS_CALLS.listMembers,
					{ ...query, limit, offset },
					itemIndex,
				),
			);
			if (!members) {
				throw new NodeApiError(this.getNode(), {} as JsonObject, {
					itemIndex,
					message: `The CMS answered success but no list of members when asked to ${CMS_CALLS.listMembers.attempt(query)}`,
					description:
						'The answer is not what this API documents: check the Base URL of the credential.',
				});
			}
			return { records: members };
		},
	});
	return records.map((member) => ({ ...member, groupId: query.groupId, vdn: query.vdn }));
}
