import { createSignal, For, Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createLoaded, query, reload } from '../../data';
import { errorMessage } from '../../api';
import { ErrorNotice, Loading } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { t, type PlainMessageKey } from '../../i18n';
import { confirmIntake, getIntake } from './intake.api';
import { GapNotice } from './intake-form.page';

/** `/t/:slug/intakes/:id` (HR): the candidate's answers (masked numbers), the gap, and the confirmed hire. */
const intakeQuery = query((slug: string, id: string) => getIntake(slug, id), 'intakes.one');

export function IntakePage() {
  const params = useParams<{ slug: string; id: string }>();
  usePageTitle(() => t('intakes.review'));
  const intake = createLoaded(() => intakeQuery(params.slug, params.id));
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  async function onConfirm() {
    setBusy(true);
    setError(undefined);
    try {
      await confirmIntake(params.slug, params.id);
      await reload(intakeQuery);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  const choice = (key: string, value: string) => t(`intake.${key}.${value}` as PlainMessageKey);

  return (
    <section data-testid="intake-page">
      <h1 data-testid="page-title">{t('intakes.review')}</h1>
      <Show when={intake.error()}>{(e) => <ErrorNotice message={errorMessage(e())} />}</Show>
      <Show when={intake.value()} fallback={<Show when={!intake.error()}><Loading /></Show>}>
        {(i) => (
          <div class="card">
            <p data-testid="intake-state">{i().name} · {t(`intakes.state.${i().state}` as PlainMessageKey)} · {i().startDate} · {i().cityCode} · {i().monthlyWage}</p>
            <Show when={i().answers} fallback={<p>{t('intakes.notSubmitted')}</p>}>
              {(a) => (
                <dl class="facts" data-testid="intake-answers">
                  <For
                    each={[
                      ['intake.idType', choice('idType', a().idType)],
                      ['intake.idNumber', a().idNumberMasked],
                      ['intake.sex', choice('sex', a().sex)],
                      ['intake.birthDate', a().birthDate],
                      ['intake.ethnicity', a().ethnicity],
                      ['intake.hukouType', choice('hukouType', a().hukouType)],
                      ['intake.hukouAddress', a().hukouAddress],
                      ['intake.mobile', a().mobile],
                      ['intake.education', choice('education', a().education)],
                      ['intake.maritalStatus', choice('maritalStatus', a().maritalStatus)],
                      ['intake.lastPaidMonth', a().firstInsured ? t('intake.firstInsured.yes') : (a().lastPaidMonth ?? '')],
                      ['intake.bankName', a().bankName],
                      ['intake.bankCard', a().bankCardMasked],
                    ] as [PlainMessageKey, string][]}
                  >
                    {([label, value]) => (<><dt>{t(label)}</dt><dd>{value}</dd></>)}
                  </For>
                </dl>
              )}
            </Show>
            <Show when={i().gap}>{(g) => <GapNotice gap={g()} />}</Show>
            <Show when={error()}>{(m) => <ErrorNotice message={m()} testId="intake-confirm-error" />}</Show>
            <Show when={i().state === 'submitted'}>
              <button type="button" class="primary" data-testid="intake-confirm" disabled={busy()} onClick={() => void onConfirm()}>{t('intakes.confirm')}</button>
            </Show>
            <Show when={i().employeeId}>
              {(id) => (
                <p class="notice notice-info" data-testid="intake-confirmed">
                  {t('intakes.confirmed')} <A href={`/t/${params.slug}/employees/${id()}`} data-testid="intake-employee-link">{t('intakes.employee')}</A>
                </p>
              )}
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
