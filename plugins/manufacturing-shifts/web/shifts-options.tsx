import { createSignal } from 'solid-js';
import { Field, fenFromYuanText, fieldAria, type PluginOptionsFormProps } from '@lianxu/web/plugin-kit';
import { tp } from './messages';

// Mirrors shiftOptionsSchema in plugins/manufacturing-shifts/src/contribution-base.ts.
const BASE_RULES = ['wage_only', 'wage_plus_overtime_avg'] as const;

/** manufacturing-shifts: which rule makes the contribution base, and the overtime hourly rate. */
export function ShiftsOptionsForm(props: PluginOptionsFormProps) {
  const rule = () => (BASE_RULES as readonly unknown[]).includes(props.options.baseRule) ? (props.options.baseRule as string) : 'wage_only';
  const rateFen = () => (typeof props.options.hourlyRateFen === 'number' ? props.options.hourlyRateFen : undefined);
  const [rateText, setRateText] = createSignal(rateFen() === undefined ? '' : (rateFen()! / 100).toFixed(2));
  const rateUnreadable = () => Number.isNaN(fenFromYuanText(rateText()));
  const rateError = () => (rateUnreadable() ? tp('shifts.options.hourlyRateInvalid') : props.fieldError('hourlyRateFen'));

  const update = (next: { baseRule?: string; rateText?: string }) => {
    const options: Record<string, unknown> = { baseRule: next.baseRule ?? rule() };
    const fen = fenFromYuanText(next.rateText ?? rateText());
    // An unreadable rate goes as -1: the message is shown beside the box, and saving it is refused.
    if (fen !== undefined) options.hourlyRateFen = Number.isNaN(fen) ? -1 : fen;
    props.onChange(options);
  };

  return (
    <div class="form-grid">
      <Field for="shifts-base-rule" label={tp('shifts.options.baseRule')} error={props.fieldError('baseRule')} hint={tp('shifts.options.baseRuleHint')} testId="shifts-option-base-rule">
        <select
          id="shifts-base-rule"
          data-testid="shifts-option-base-rule"
          disabled={props.disabled}
          value={rule()}
          onChange={(e) => update({ baseRule: e.currentTarget.value })}
          {...fieldAria('shifts-base-rule', props.fieldError('baseRule'), true)}
        >
          {BASE_RULES.map((r) => (
            <option value={r} selected={r === rule()}>
              {tp(`shifts.options.rule.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field for="shifts-hourly-rate" label={tp('shifts.options.hourlyRate')} error={rateError()} hint={tp('shifts.options.hourlyRateHint')} testId="shifts-option-hourly-rate">
        <input
          id="shifts-hourly-rate"
          data-testid="shifts-option-hourly-rate"
          inputmode="decimal"
          autocomplete="off"
          disabled={props.disabled}
          value={rateText()}
          onInput={(e) => {
            setRateText(e.currentTarget.value);
            update({ rateText: e.currentTarget.value });
          }}
          {...fieldAria('shifts-hourly-rate', rateError(), true)}
        />
      </Field>
    </div>
  );
}
