import { Show } from 'solid-js';
import { t } from '../../i18n';
import { TaskStatusBadge } from './filing';
import { fundDue, fundKind } from './fund-filings';
import type { Employee, Entity } from './people.api';

/**
 * Social insurance and the housing fund as two tracks of the employee: social insurance with its
 * filing (增员/减员 through Lianxu) and coverage; the housing fund with the entity's registration in
 * the work city and its own filing with the fund centre (缴存登记 or 封存: the one to make, with its
 * 30-day deadline, else the last one made with the centre's receipt).
 */
export function InsuranceTracks(props: { employee: Employee; entity: Entity | undefined; cityLabel: (code: string) => string }) {
  const e = () => props.employee;
  const covered = () => e().coverage.find((c) => c.cityCode === e().workCity && c.endMonth === null);
  // The filing still to make (the earliest due), else the last one made.
  const latestFund = () => e().housingFund.filter((f) => f.status === 'to_file').sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0] ?? e().housingFund.at(-1);
  const fundRegistration = () => props.entity?.registrations.find((r) => r.agency === 'housing_fund' && r.cityCode === e().workCity);
  return (
    <section class="insurance-tracks" data-testid="insurance-tracks" aria-label={t('tracks.label')}>
      <div class="card track" data-testid="track-social-insurance">
        <h3>{t('tracks.socialInsurance')}</h3>
        <Show when={e().enrollment} fallback={<p class="muted">{t('tracks.noFiling')}</p>}>
          {(en) => (
            <p>
              {t('tracks.enrollment', { city: props.cityLabel(en().cityCode), month: en().month })} <TaskStatusBadge status={en().status} testId="track-social-insurance-status" />
            </p>
          )}
        </Show>
        <p class="hint" data-testid="track-social-insurance-coverage">
          {covered() ? t('tracks.coveredSince', { month: covered()!.startMonth, city: props.cityLabel(e().workCity) }) : t('tracks.notCovered')}
        </p>
      </div>
      <div class="card track" data-testid="track-housing-fund">
        <h3>{t('tracks.housingFund')}</h3>
        <Show when={fundRegistration()} fallback={<p class="field-error" data-testid="track-housing-fund-none">{t('tracks.fundNotRegistered', { city: props.cityLabel(e().workCity) })}</p>}>
          {(r) => (
            <>
              <p data-testid="track-housing-fund-registration">{t('tracks.fundRegistration', { city: props.cityLabel(r().cityCode), no: r().registrationNo })}</p>
              <Show when={latestFund()} fallback={<p data-testid="track-housing-fund-filing">{t('tracks.fundNone')}</p>}>
                {(f) => (
                  <p data-testid="track-housing-fund-filing" data-status={f().status} classList={{ 'field-error': (f().daysLeft ?? 0) < 0 }}>
                    {t('tracks.fundFiling', { city: props.cityLabel(f().cityCode), filing: fundKind(f()), due: fundDue(f()) })}
                  </p>
                )}
              </Show>
              <p class="hint">{t('tracks.fundByHand')}</p>
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
