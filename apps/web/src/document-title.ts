import { createEffect } from 'solid-js';
import { t } from './i18n';

/** Keeps document.title in step with the page and the language. */
export function usePageTitle(page: () => string): void {
  createEffect(() => {
    document.title = t('common.pageTitle', { page: page() });
  });
}
