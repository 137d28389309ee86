/** CC-CMS resultCode reference (Huawei AICC "Error Code Reference", cec_07_2631). */
export const SUCCESS_CODE = '0100000';
/** What the CMS answers for a group (or relation) that does not exist, among other invalid values. */
export const INVALID_PARAMETER_CODE = '0100002';

export const RESULT_CODES: Record<string, string> = {
	'0100000': 'Success',
	'0100001': 'The call failed',
	'0100002': 'Invalid parameter',
	'0100003': 'The interface supports only CTI V3R8',
	'0100999': 'Unknown error',
	'0101001': 'Quality-inspection relation interface error',
	'0101002': 'The number does not exist in UAP',
	'0101003': 'Insufficient permission',
};

export function resultCodeMeaning(code: string): string {
	return Object.hasOwn(RESULT_CODES, code) ? RESULT_CODES[code] : 'Undocumented result code';
}
