import { Show } from 'solid-js';
import { lang, t } from '../../i18n';
import { createLoaded, query, reload } from '../../data';
import { listRiskFindings } from './risk.api';
import { RiskFindingsTable } from './risk-findings';

/** The findings section of the employee page: this employee's open and acknowledged risks. */
const employeeFindingsQuery = query((slug: string, employeeId: string, _lang: string) => listRiskFindings(slug, { employeeId, limit: 100 }), 'risk.employeeFindings');

export function EmployeeRisks(props: { slug: string; employeeId: string; canAcknowledge: boolean }) {
  const findings = createLoaded(() => employeeFindingsQuery(props.slug, props.employeeId, lang()));
  return (
    <section class="section" data-testid="employee-risks">
      <h2>{t('risk.employeeSection')}</h2>
      <Show when={findings.value()}>
        {(d) => (
          <RiskFindingsTable
            slug={props.slug}
            rows={d().items.filter((f) => f.state !== 'resolved')}
            canAcknowledge={props.canAcknowledge}
            onChanged={() => void reload(employeeFindingsQuery)}
            testId="employee-risk-findings"
            empty={t('risk.employeeNone')}
            showEmployee={false}
          />
        )}
      </Show>
    </section>
  );
}
