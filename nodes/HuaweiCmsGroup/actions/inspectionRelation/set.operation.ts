import { CMS_CALLS } from '../../transport/calls';
import { relationOperation } from './relation';

/** Make a quality inspection group inspect the given groups (configqcrelation). */
export const { description, execute } = relationOperation('set', CMS_CALLS.setInspection);
