import { For, Show, type JSX } from 'solid-js';
import { errorMessage } from '../../api';
import { LoadedView } from '../../components/status';
import { ErrorNotice } from '../../components/status';
import { createLoaded, query, reload } from '../../data';
import { usePageTitle } from '../../document-title';
import { lang, t, type MessageKey } from '../../i18n';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { safeHttpUrl } from './external-link';
import { LeaveEstimateForm } from './leave-estimate';
import {
  getMyContinuity,
  getMyContributions,
  getMyCoverage,
  getMyNotifications,
  getMyOfficialPortal,
  getMyProfile,
  listMyRequests,
  myStatementHref,
} from './me.api';
import { MyContinuity } from './my-continuity';
import { MyContributions } from './my-contributions';
import { MyNotificationsView } from './my-notifications';
import { MyRequestForm, MyRequestList } from './my-requests';
import { MyTimelineView } from './my-timeline-view';
import './me.css';

// One query per section, each keyed by the language too: the API's texts (error messages) follow it.
const profileQuery = query((slug: string, _lang: string) => getMyProfile(slug), 'me.profile');
const coverageQuery = query((slug: string, _lang: string) => getMyCoverage(slug), 'me.coverage');
const contributionsQuery = query((slug: string, _lang: string) => getMyContributions(slug), 'me.contributions');
const continuityQuery = query((slug: string, _lang: string) => getMyContinuity(slug), 'me.continuity');
const requestsQuery = query((slug: string, _lang: string) => listMyRequests(slug), 'me.requests');
const notificationsQuery = query((slug: string, _lang: string) => getMyNotifications(slug), 'me.notifications');
// No portal is no reason to show an error: the page simply has no link then.
const portalQuery = query(async (slug: string) => getMyOfficialPortal(slug).catch(() => undefined), 'me.portal');

const SECTIONS = [
  ['me-timeline-section', 'me.timeline.title'],
  ['me-contributions-section', 'me.contrib.title'],
  ['me-continuity-section', 'me.rules.nav'],
  ['me-leave-section', 'me.leave.title'],
  ['me-requests-section', 'me.requests.title'],
  ['me-notices-section', 'me.notices.nav'],
] as const satisfies readonly (readonly [string, MessageKey])[];

/** `/t/:slug/me` (employee role): my record, timeline, contributions, continuity, what if I leave, requests and filings. */
export function MePage() {
  const tenant = useTenant();
  usePageTitle(() => t('me.title'));
  const isEmployee = () => tenant.role() === 'employee';
  const profile = createLoaded(() => (isEmployee() ? profileQuery(tenant.slug(), lang()) : undefined));
  // The sections load once the record is there: an account not linked yet gets one message, not six.
  const linked = () => isEmployee() && profile.value() !== undefined;
  const load = <T,>(q: (slug: string, lang: string) => Promise<T>) => createLoaded(() => (linked() ? q(tenant.slug(), lang()) : undefined));
  const coverage = load(coverageQuery);
  const contributions = load(contributionsQuery);
  const continuity = load(continuityQuery);
  const requests = load(requestsQuery);
  const notifications = load(notificationsQuery);
  const portal = createLoaded(() => (linked() ? portalQuery(tenant.slug()) : undefined));

  const failure = (error: unknown, retry: { key: string }) => (
    <ErrorNotice title={t('me.loadFailed')} message={errorMessage(error)} onRetry={() => void reload(retry)} testId="me-load-error" />
  );

  return (
    <section class="me-page" data-testid="me-page">
      <h1 data-testid="page-title">{t('me.title')}</h1>
      <p class="lead">{t('me.intro')}</p>
      <Show when={isEmployee()} fallback={<RoleNotice />}>
        <LoadedView failed={profile.error() && !profile.value()} failure={failure(profile.error(), profileQuery)} data={profile.value()}>
          {(p) => (
            <div class="card me-profile" data-testid="me-profile" data-employee-id={p().id}>
              <dl class="facts">
                <div>
                  <dt>{t('me.profile.name')}</dt>
                  <dd data-testid="me-name">{p().name}</dd>
                </div>
                <div>
                  <dt>{t('me.profile.idNumber')}</dt>
                  <dd data-testid="me-id-number">{p().idNumberMasked}</dd>
                </div>
                <div>
                  <dt>{t('me.profile.city')}</dt>
                  <dd data-testid="me-city" data-city={p().workCity}>{tenant.cityLabel(p().workCity)}</dd>
                </div>
                <div>
                  <dt>{t('me.profile.hireDate')}</dt>
                  <dd>{p().hireDate}</dd>
                </div>
              </dl>
              <div class="me-documents">
                <a class="button button-secondary" href={myStatementHref(tenant.slug(), 'zh-CN')} download="" data-testid="me-statement-zh">
                  {t('me.statement.download')}
                </a>{' '}
                <a class="button button-link" href={myStatementHref(tenant.slug(), 'en')} download="" data-testid="me-statement-en">
                  {t('me.statement.downloadEn')}
                </a>
                <p class="field-hint">{t('me.statement.hint')}</p>
                <Show when={portal.value()}>
                  {(o) => (
                    <Show when={safeHttpUrl(o().url)}>
                      {(url) => (
                        <p class="me-portal">
                          <a href={url()} target="_blank" rel="noopener noreferrer" data-testid="me-portal" data-sourced={o().sourced ? 'true' : 'false'}>
                            {t('me.portal.link', { name: o().name })}
                          </a>
                          <span class="field-hint"> {t('me.portal.hint')}</span>
                          <Show when={!o().sourced}>
                            <span class="field-hint"> {t('me.portal.unverified')}</span>
                          </Show>
                        </p>
                      )}
                    </Show>
                  )}
                </Show>
              </div>
            </div>
          )}
        </LoadedView>

        <Show when={linked()}>
          <nav class="me-sections" aria-label={t('me.sections')}>
            <ul>
              <For each={SECTIONS}>
                {([id, key]) => (
                  <li>
                    <a href={`#${id}`}>{t(key)}</a>
                  </li>
                )}
              </For>
            </ul>
          </nav>

          <Section id="me-timeline-section" title={t('me.timeline.title')}>
            <LoadedView failed={coverage.error() && !coverage.value()} failure={failure(coverage.error(), coverageQuery)} data={coverage.value()}>
              {(c) => <MyTimelineView coverage={c()} cityLabel={tenant.cityLabel} />}
            </LoadedView>
          </Section>

          <Section id="me-contributions-section" title={t('me.contrib.title')} intro={t('me.contrib.intro')}>
            <LoadedView failed={contributions.error() && !contributions.value()} failure={failure(contributions.error(), contributionsQuery)} data={contributions.value()}>
              {(c) => <MyContributions months={c().months} cityLabel={tenant.cityLabel} />}
            </LoadedView>
          </Section>

          <Section
            id="me-continuity-section"
            title={t('me.rules.title', { city: continuity.value() ? tenant.cityLabel(continuity.value()!.cityCode) : profile.value() ? tenant.cityLabel(profile.value()!.workCity) : '' })}
            intro={t('me.rules.intro')}
          >
            <LoadedView failed={continuity.error() && !continuity.value()} failure={failure(continuity.error(), continuityQuery)} data={continuity.value()}>
              {(c) => <MyContinuity rules={c().rules} />}
            </LoadedView>
          </Section>

          <Section id="me-leave-section" title={t('me.leave.title')} intro={t('me.leave.intro')}>
            <LeaveEstimateForm slug={tenant.slug()} cityLabel={tenant.cityLabel} />
          </Section>

          <Section id="me-requests-section" title={t('me.requests.title')} intro={t('me.requests.intro')}>
            <MyRequestForm slug={tenant.slug()} onSent={() => void reload(requestsQuery)} />
            <LoadedView failed={requests.error() && !requests.value()} failure={failure(requests.error(), requestsQuery)} data={requests.value()}>
              {(r) => <MyRequestList requests={r().items} />}
            </LoadedView>
          </Section>

          <Section id="me-notices-section" title={t('me.notices.title')}>
            <LoadedView failed={notifications.error() && !notifications.value()} failure={failure(notifications.error(), notificationsQuery)} data={notifications.value()}>
              {(n) => <MyNotificationsView data={n()} cityLabel={tenant.cityLabel} />}
            </LoadedView>
          </Section>
        </Show>
      </Show>
    </section>
  );
}

function Section(props: { id: string; title: string; intro?: string; children: JSX.Element }) {
  return (
    <section class="me-section" id={props.id} data-testid={props.id} aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <Show when={props.intro}>{(intro) => <p class="hint">{intro()}</p>}</Show>
      {props.children}
    </section>
  );
}
