import { createSignal, For, Show } from 'solid-js';
import { createLoaded, query } from '../../data';
import { ErrorNotice } from '../../components/status';
import { ResourceTable } from '../../components/resource-table';
import { errorMessage } from '../../api';
import { lang, t } from '../../i18n';
import { formatYuan, yuanFromFen } from '../../money-format';
import { getEmployeeContributions, type EmployeeContributions } from './people.api';

// The employee page's contribution lines: per month and insurance the base, the employer's and the
// employee's amounts, priced by the policy engine from the coverage periods and the wage.

type Line = EmployeeContributions['lines'][number];
const contributionsQuery = query((slug: string, id: string, _lang: string) => getEmployeeContributions(slug, id), 'people.employeeContributions');
const yuan = (fen: number) => formatYuan(yuanFromFen(fen));
/** Months shown before HR asks for the whole range (the lines come newest first). */
const FIRST_MONTHS = 6;

function latestMonths(lines: readonly Line[], count: number): Line[] {
  const months = [...new Set(lines.map((l) => l.month))].slice(0, count);
  return lines.filter((l) => months.includes(l.month));
}

export function EmployeeContributionLines(props: { slug: string; employeeId: string; cityLabel: (code: string) => string }) {
  const loaded = createLoaded(() => contributionsQuery(props.slug, props.employeeId, lang()));
  const [all, setAll] = createSignal(false);
  const monthCount = (d: EmployeeContributions) => new Set(d.lines.map((l) => l.month)).size;
  return (
    <section class="section" data-testid="employee-contributions">
      <h2>{t('employee.contributions.title')}</h2>
      <Show when={loaded.error() && !loaded.value()}>
        <ErrorNotice title={t('employee.contributions.loadFailed')} message={errorMessage(loaded.error())} testId="employee-contributions-error" />
      </Show>
      <Show when={loaded.value()}>
        {(d) => (
          <>
            <p class="hint" data-testid="employee-contributions-totals">
              {t('employee.contributions.totals', { from: d().from, to: d().to, employer: yuan(d().totals.employerFen), employee: yuan(d().totals.employeeFen) })}
            </p>
            <Show when={d().unpriced.length > 0}>
              <ul class="notice notice-info" data-testid="employee-contributions-unpriced">
                <For each={d().unpriced.slice(0, 3)}>{(u) => <li>{u.month} · {props.cityLabel(u.cityCode)}: {u.reason[lang()]}</li>}</For>
              </ul>
            </Show>
            <ResourceTable<Line>
              rows={all() ? d().lines : latestMonths(d().lines, FIRST_MONTHS)}
              testId="employee-contribution-lines"
              rowTestId="employee-contribution-line"
              rowAttributes={(l) => ({ 'data-month': l.month, 'data-insurance': l.insurance, 'data-employer-fen': l.employerFen, 'data-employee-fen': l.employeeFen })}
              empty={t('employee.contributions.empty')}
              caption={t('employee.contributions.title')}
              columns={[
                { header: t('employee.contributions.col.month'), rowHeader: true, cell: (l) => l.month },
                { header: t('employee.contributions.col.city'), cell: (l) => props.cityLabel(l.cityCode) },
                { header: t('employee.contributions.col.insurance'), cell: (l) => t(`insurance.${l.insurance as 'pension'}`) },
                { header: t('employee.contributions.col.base'), class: 'num', cell: (l) => yuan(l.baseFen) },
                { header: t('employee.contributions.col.employer'), class: 'num', cell: (l) => yuan(l.employerFen) },
                {
                  header: t('employee.contributions.col.employee'), class: 'num',
                  cell: (l) => (
                    <>
                      {yuan(l.employeeFen)}
                      <Show when={l.provisional}>
                        {' '}
                        <span class="badge badge-warning" title={t('employee.contributions.provisionalHint')}>{t('employee.contributions.provisional')}</span>
                      </Show>
                    </>
                  ),
                },
              ]}
            />
            <Show when={!all() && monthCount(d()) > FIRST_MONTHS}>
              <button type="button" class="button button-secondary" data-testid="employee-contributions-all" onClick={() => setAll(true)}>
                {t('employee.contributions.showAll', { count: String(monthCount(d())) })}
              </button>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
