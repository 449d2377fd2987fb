import { query } from '../../data';
import { listCustomFields } from '../custom-fields/custom-fields.api';
import { listEntities } from './people.api';

// Router queries the people pages share (the hire form, the employee list and page): one cache
// entry per tenant and language, revalidated by `reload(theQuery)` or after an action.

/** The tenant's employing entities with their registrations. */
export const entitiesQuery = query((slug: string, _lang: string) => listEntities(slug), 'people.entities');

/** The tenant's custom field definitions (where each shows: form, list, filter). */
export const customFieldsQuery = query((slug: string, _lang: string) => listCustomFields(slug), 'people.customFields');
