import { createSignal, Match, Show, Switch } from 'solid-js';
import { createLoaded, query } from '../../data';
import { useNavigate, useParams } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { Field, fieldAria } from '../../components/form-field';
import { ErrorNotice, Loading } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { t } from '../../i18n';
import { acceptInvitation, previewInvitation } from './members.api';
import { useSession } from '../../session';

/** `/invite/:token` (public): accept an invitation with a new account, or the existing account's password. */
const previewQuery = query((token: string) => previewInvitation(token), 'invite.preview');

export function InvitePage() {
  const params = useParams<{ token: string }>();
  const navigate = useNavigate();
  const session = useSession();
  usePageTitle(() => t('invite.title'));
  const preview = createLoaded(() => previewQuery(params.token));
  const [name, setName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [fields, setFields] = createSignal<Readonly<Record<string, string>>>({});
  const [error, setError] = createSignal<string>();

  async function onAccept(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    setFields({});
    try {
      const accepted = await acceptInvitation(params.token, { name: preview.value()?.hasAccount ? undefined : name().trim(), password: password() });
      const home = `/t/${encodeURIComponent(accepted.tenantSlug)}`;
      if (accepted.signedIn && !accepted.twoFactorRequired) {
        await session.refresh();
        navigate(home, { replace: true });
      } else {
        navigate(`/sign-in?next=${encodeURIComponent(home)}`, { replace: true });
      }
    } catch (caught) {
      if (caught instanceof ApiError && Object.keys(caught.fields).length) setFields(caught.fields);
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="narrow" data-testid="invite-page">
      <h1 data-testid="page-title">{t('invite.title')}</h1>
      <Switch fallback={<Loading label={t('invite.loading')} />}>
        <Match when={preview.error()}>
          <ErrorNotice message={preview.error() instanceof ApiError && (preview.error() as ApiError).status === 404 ? t('invite.invalid') : errorMessage(preview.error())} testId="invite-invalid" />
        </Match>
        <Match when={preview.value()}>
          {(p) => (
            <form class="card card-form" data-testid="invite-accept-form" novalidate onSubmit={(e) => void onAccept(e)}>
              <p data-testid="invite-intro">{t('invite.intro', { tenant: p().tenantName, email: p().email, role: t(`role.${p().role}`) })}</p>
              <Show when={error()}>{(message) => <ErrorNotice message={message()} testId="invite-error" />}</Show>
              <Show when={p().hasAccount}>
                <p class="notice notice-info" data-testid="invite-existing">{t('invite.existing')}</p>
              </Show>
              <Show when={!p().hasAccount}>
                <Field for="invite-name" label={t('invite.name')} error={fields().name} testId="invite-name">
                  <input id="invite-name" data-testid="invite-name" autocomplete="name" value={name()} onInput={(e) => setName(e.currentTarget.value)} {...fieldAria('invite-name', fields().name)} />
                </Field>
              </Show>
              <Field for="invite-password" label={t('invite.password')} error={fields().password} hint={p().hasAccount ? undefined : t('invite.newPasswordHint')} testId="invite-password">
                <input
                  id="invite-password"
                  type="password"
                  data-testid="invite-password"
                  autocomplete={p().hasAccount ? 'current-password' : 'new-password'}
                  value={password()}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                  {...fieldAria('invite-password', fields().password, !p().hasAccount)}
                />
              </Field>
              <div class="form-actions">
                <button type="submit" class="button button-primary" data-testid="invite-accept" disabled={busy()}>
                  {t('invite.accept')}
                </button>
              </div>
            </form>
          )}
        </Match>
      </Switch>
    </section>
  );
}
