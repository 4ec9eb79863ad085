/** Keys of the route metadata that the auth decorators write and both the auth guard and the OpenAPI document read. */
export const IS_PUBLIC = 'townhall:public';
export const ROLES = 'townhall:roles';
