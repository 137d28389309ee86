import { memberChangeOperation } from './change';

/** Add users to a group, keeping its other members (POST groups/{id}/users). */
export const { description, execute } = memberChangeOperation('add');
