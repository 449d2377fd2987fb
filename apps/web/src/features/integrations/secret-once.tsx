import { createSignal } from 'solid-js';
import { t } from '../../i18n';

/**
 * A secret the API answers once (an API key, a webhook signing secret): a read-only field to copy
 * it from and the warning that it will not be shown again. It lives only in the page's memory.
 */
export function SecretOnce(props: { intro: string; secret: string; onDismiss: () => void; testId: string }) {
  const [copied, setCopied] = createSignal(false);
  return (
    <div class="notice notice-warning" role="status" data-testid={props.testId}>
      <p>{props.intro}</p>
      <div class="inline-form">
        <input
          type="text"
          readonly
          class="input-wide integrations-secret"
          aria-label={props.intro}
          data-testid={`${props.testId}-value`}
          value={props.secret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          class="button button-small"
          data-testid={`${props.testId}-copy`}
          onClick={() => void navigator.clipboard?.writeText(props.secret).then(() => setCopied(true), () => undefined)}
        >
          {copied() ? t('integrations.copied') : t('integrations.copy')}
        </button>
      </div>
      <p>
        <strong data-testid={`${props.testId}-warning`}>{t('integrations.onceWarning')}</strong>
      </p>
      <button type="button" class="button button-quiet button-small" data-testid={`${props.testId}-dismiss`} onClick={() => props.onDismiss()}>
        {t('integrations.dismiss')}
      </button>
    </div>
  );
}
