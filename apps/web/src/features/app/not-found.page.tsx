import { A } from '@solidjs/router';
import { usePageTitle } from '../../document-title';
import { t } from '../../i18n';

export function NotFoundPage() {
  usePageTitle(() => t('notFound.title'));
  return (
    <section class="page page-narrow">
      <h1 data-testid="page-title">{t('notFound.title')}</h1>
      <p class="lead">{t('notFound.body')}</p>
      <A href="/" class="button button-primary">
        {t('notFound.back')}
      </A>
    </section>
  );
}
