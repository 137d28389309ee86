import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { paginate } from '../../shared/paginate';
import { type Context, runState } from '../../shared/runState';
import { integerValue } from '../../shared/validation';
import { GROUP_ID } from './parameters';
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
	const malformed = (problem: string) =>
		new NodeApiError(this.getNode(), {} as JsonObject, {
			itemIndex,
			message: `The CMS listed ${problem} when asked to ${CMS_CALLS.listGroups.attempt({ ccId, vdn })}`,
			description:
				'Nothing was output, so that no list is taken for whole that is not: the answer is not a list of distinct groups. Check the Base URL of the credential, or try again.',
		});
	const seen = new Set<string>();
	return groups.map((group) => {
		const id = groupIdOf(group?.id);
		if (id === undefined)
			throw malformed(`a group without a valid ID (${JSON.stringify(group?.id) ?? 'none'})`);
		if (seen.has(id)) throw malformed(`group ${id} twice`);
		seen.add(id);
		return {
			id,
			groupName: String(group.groupName ?? ''),
			groupType: Number(group.groupType),
			remark: group.remark === undefined ? undefined : String(group.remark),
		};
	});
}

/** A group ID from the server: text of digits or letters, or a JSON number only while it is exact. */
function groupIdOf(value: unknown): string | undefined {
	if (typeof value === 'number')
		return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
	return typeof value === 'string' && GROUP_ID.test(value) ? value : undefined;
}

/** A member's work number from the server (0 to 999999, a number or its digits). */
function workNoOf(value: unknown): string | undefined {
	const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
	return typeof text === 'string' && /^\d{1,6}$/.test(text) ? String(Number(text)) : undefined;
}

/** The member query's largest page. */
export const MEMBER_PAGE_SIZE = 100;

/**
 * Up to `wanted` members of a group (POST querygroupmemberbycondition, walked by offset until an
 * empty page: the answer carries no total, and a server may give fewer than asked), each with its
 * group and VDN. `query`: { ccId?, vdn, groupId, workNo? }.
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
		key: (member) => workNoOf(member?.workNo),
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
	return records.map((member) => ({
		...member,
		workNo: Number(workNoOf(member.workNo)),
		groupId: query.groupId,
		vdn: query.vdn,
	}));
}
