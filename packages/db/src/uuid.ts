const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value is a UUID in its text form (any version): the repository's one check, used before an id reaches a query. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
