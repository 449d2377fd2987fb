import { t } from '../../i18n';
import { statementHref } from './verify.api';

/** The employee page's download of the coverage statement (HR and tenant admins), in Chinese or English. */
export function StatementDownload(props: { slug: string; employeeId: string }) {
  return (
    <div class="statement-download" data-testid="statement-download">
      <a class="button button-secondary" href={statementHref(props.slug, props.employeeId, 'zh-CN')} download="" data-testid="statement-download-zh">
        {t('statement.download')}
      </a>{' '}
      <a class="button button-link" href={statementHref(props.slug, props.employeeId, 'en')} download="" data-testid="statement-download-en">
        {t('statement.downloadEn')}
      </a>
      <p class="field-hint">{t('statement.hint')}</p>
    </div>
  );
}
