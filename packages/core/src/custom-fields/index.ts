// Custom fields: definitions (custom_field_definitions), the schema values are checked with, and
// the shared search index custom_field_search. Values live in employees.custom_fields (people writes them).
export type * from './custom-field.spec';
export * from './custom-field.definition';
export * from './custom-field.values';
export * from './custom-field.pattern';
export * from './custom-fields.service';
export * from './custom-field.plan';
