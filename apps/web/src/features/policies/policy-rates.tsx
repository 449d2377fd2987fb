import { For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { FigureValue, Provenance, SourceLinks, UnverifiedBadge, type SourceLookup } from './policy-figure';
import { t } from '../../i18n';
import { formatPercent, formatYuan } from '../../money-format';
import { gradeBelowB, type PolicyInsurance, type PolicyRate, type PolicySide } from './policies.api';

const money = (v: string) => formatYuan(v);

// One insurance's rates, fixed amounts and rounding, each with its sources.
export function InsuranceRow(props: { insurance: PolicyInsurance; lookup: SourceLookup }) {
  const ins = () => props.insurance;
  const name = () => t(`insurance.${ins().insurance}`);
  return (
    <tr data-insurance={ins().insurance} data-status={ins().status}>
      <th scope="row" class="cell-strong" data-label={t('policies.col.insurance')}>
        {name()}
        <Show when={ins().includesMaternity?.value === 'true'}>
          <span class="cell-sub">
            {t('policies.includesMaternity')} <Provenance {...ins().includesMaternity!} lookup={props.lookup} />
          </span>
        </Show>
      </th>
      <Show
        when={ins().status === 'given'}
        fallback={
          <td colspan="6" data-label={t('policies.col.floor')}>
            <span class="figure-missing">{ins().status === 'notFound' ? t('figure.notFound') : t('figure.notApplicable')}</span>{' '}
            <Show when={ins().status === 'notFound'}>
              <UnverifiedBadge />
            </Show>{' '}
            <SourceLinks ids={ins().sources} lookup={props.lookup} />
            <Show when={ins().note}>{(note) => <span class="cell-sub">{note()}</span>}</Show>
          </td>
        }
      >
        <td data-label={t('policies.col.floor')}>
          <FigureValue figure={ins().floor} format={money} lookup={props.lookup} />
        </td>
        <td data-label={t('policies.col.cap')}>
          <FigureValue figure={ins().cap} format={money} lookup={props.lookup} />
        </td>
        <td data-label={t('policies.col.employerRate')}>
          <RateCell rate={ins().employer!.rate} lookup={props.lookup} />
        </td>
        <td data-label={t('policies.col.employeeRate')}>
          <RateCell rate={ins().employee!.rate} lookup={props.lookup} />
        </td>
        <td data-label={t('policies.col.fixed')}>
          <FixedCell employer={ins().employer!} employee={ins().employee!} lookup={props.lookup} />
        </td>
        <td data-label={t('policies.col.rounding')}>
          <RoundingCell side={ins().employer!} lookup={props.lookup} />
          <span class="cell-divider">/</span>
          <RoundingCell side={ins().employee!} lookup={props.lookup} />
        </td>
      </Show>
    </tr>
  );
}

function RateCell(props: { rate: PolicyRate; lookup: SourceLookup }) {
  return (
    <Switch>
      <Match when={props.rate.kind === 'single' && props.rate}>
        {(rate) => (
          <div class="figure-stack">
            <FigureValue figure={rate().rate} format={formatPercent} lookup={props.lookup} />
            <Show when={rate().parts}>
              {(parts) => (
                <ul class="rate-parts">
                  <For each={parts()}>
                    {(part) => (
                      <li>
                        {part.name} {formatPercent(part.value)} <Provenance {...part} lookup={props.lookup} />
                      </li>
                    )}
                  </For>
                </ul>
              )}
            </Show>
          </div>
        )}
      </Match>
      <Match when={props.rate.kind === 'byHukou' && props.rate}>
        {(rate) => (
          <div class="figure-stack">
            <FigureValue figure={rate().local} format={formatPercent} lookup={props.lookup} label={t('policies.hukouLocal')} />
            <FigureValue figure={rate().nonLocal} format={formatPercent} lookup={props.lookup} label={t('policies.hukouNonLocal')} />
          </div>
        )}
      </Match>
      <Match when={props.rate.kind === 'range' && props.rate}>
        {(rate) => (
          <div class="figure-stack">
            <Show
              when={rate().min.value !== null && rate().max.value !== null}
              fallback={<span class="figure-missing">{t(rate().min.status === 'notApplicable' ? 'figure.notApplicable' : 'figure.notFound')}</span>}
            >
              <span class="figure-value">
                {t('policies.range', { min: formatPercent(rate().min.value!), max: formatPercent(rate().max.value!) })}
              </span>
            </Show>
            <Provenance
              grade={worseGrade(rate().min.grade, rate().max.grade)}
              derived={rate().min.derived || rate().max.derived}
              unverified={rate().min.unverified || rate().max.unverified}
              sources={[...new Set([...rate().min.sources, ...rate().max.sources])]}
              lookup={props.lookup}
            />
          </div>
        )}
      </Match>
    </Switch>
  );
}

const GRADE_ORDER = ['A', 'A/B', 'B', 'B/C', 'C', 'D'];
function worseGrade(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b;
  return GRADE_ORDER.indexOf(a) >= GRADE_ORDER.indexOf(b) ? a : b;
}

function FixedCell(props: { employer: PolicySide; employee: PolicySide; lookup: SourceLookup }) {
  return (
    <Show when={props.employer.fixed || props.employee.fixed} fallback={<span class="muted">—</span>}>
      <div class="figure-stack">
        <Show when={props.employer.fixed}>
          {(f) => <FigureValue figure={f()} format={money} lookup={props.lookup} label={t('policies.employerShort')} />}
        </Show>
        <Show when={props.employee.fixed}>
          {(f) => <FigureValue figure={f()} format={money} lookup={props.lookup} label={t('policies.employeeShort')} />}
        </Show>
      </div>
    </Show>
  );
}

function RoundingCell(props: { side: PolicySide; lookup: SourceLookup }) {
  const rounding = () => props.side.rounding;
  return (
    <span class="figure">
      <span class="figure-value">{t(`rounding.${rounding().rule}`)}</span>
      <Show
        when={!rounding().isDefault}
        fallback={
          <span class="badge" title={t('figure.defaultTitle')}>
            {t('figure.default')}
          </span>
        }
      >
        <Provenance grade={rounding().grade} derived={rounding().derived} unverified={gradeBelowB(rounding().grade)} sources={rounding().sources} lookup={props.lookup} />
      </Show>
    </span>
  );
}
