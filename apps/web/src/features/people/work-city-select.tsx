import { For } from 'solid-js';
import { Field, fieldAria } from '../../components/form-field';
import { useTenant } from '../tenant/tenant-layout';

/** A work-city field: one option per city given, labelled "name (code)"; `id` is also its test id. */
export function WorkCitySelect(props: {
  id: string;
  label: string;
  error: string | undefined;
  cities: readonly { code: string }[];
  value: string;
  onChange: (code: string) => void;
}) {
  const tenant = useTenant();
  return (
    <Field for={props.id} label={props.label} error={props.error} testId={props.id}>
      <select id={props.id} data-testid={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} {...fieldAria(props.id, props.error)}>
        <For each={props.cities}>
          {(c) => (
            <option value={c.code} selected={c.code === props.value}>
              {tenant.cityLabel(c.code)} ({c.code})
            </option>
          )}
        </For>
      </select>
    </Field>
  );
}
