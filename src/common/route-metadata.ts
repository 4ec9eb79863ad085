/** Keys of the route metadata that the auth decorators write and both the identity guard and the OpenAPI document read. */
export const IS_PUBLIC = 'townhall:public';
export const ROLES = 'townhall:roles';
/** Which credential a route takes: 'bearer' (the API's default) or 'session' (the console's cookie). */
export const CREDENTIAL = 'townhall:credential';
