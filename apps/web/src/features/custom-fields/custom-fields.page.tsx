import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, fieldAria, generalMessage, failureOf, type Failure } from '../../components/form-field';
import { ErrorNotice, Loading } from '../../components/status';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { deleteCustomField, fieldLabel, listCustomFields, updateCustomField, type CustomField, type ShowIn } from './custom-fields.api';
import { usePageTitle } from '../../document-title';
import { formatList, lang, t } from '../../i18n';
import { createLoaded, query, reload } from '../../data';
import { canAdministerTenant } from '../tenant/tenant-nav';
import { Presets, NewFieldForm } from './custom-field-forms';

/**
 * `/t/:slug/custom-fields`: the tenant's own fields on the employee record. Tenant admins add,
 * rename and delete them and add plugin presets; a consultant reads. Values live with each
 * employee; renaming a label keeps them, deleting hides them (kept, audited) after a confirmation.
 */
const fieldsQuery = query((slug: string, _lang: string) => listCustomFields(slug), 'customFields.list');

export function CustomFieldsPage() {
  const tenant = useTenant();
  usePageTitle(() => t('customFields.title'));
  const readable = () => tenant.role() === 'tenant_admin' || tenant.role() === 'consultant';
  const admin = () => canAdministerTenant(tenant.role());
  const fields = createLoaded(() => (readable() ? fieldsQuery(tenant.slug(), lang()) : undefined));
  const fieldsData = fields.value;
  const refetch = () => reload(fieldsQuery);
  const [notice, setNotice] = createSignal<string>();

  return (
    <section data-testid="custom-fields-page">
      <h1 data-testid="page-title">{t('customFields.title')}</h1>
      <p class="lead">{t('customFields.intro')}</p>
      <Show when={readable()} fallback={<RoleNotice />}>
        <Show when={notice()}>
          {(message) => (
            <p class="notice notice-success" role="status" data-testid="cf-notice">
              {message()}
            </p>
          )}
        </Show>
        <Switch fallback={<Loading />}>
          <Match when={fields.error() && !fieldsData()}>
            <ErrorNotice title={t('customFields.loadFailed')} message={errorMessage(fields.error())} onRetry={() => void refetch()} testId="cf-error" />
          </Match>
          <Match when={fieldsData()}>
            {(data) => (
              <div class="card table-scroll">
                <table class="table" data-testid="cf-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('customFields.col.label')}</th>
                      <th scope="col">{t('customFields.col.key')}</th>
                      <th scope="col">{t('customFields.col.type')}</th>
                      <th scope="col">{t('customFields.col.rules')}</th>
                      <th scope="col">{t('customFields.col.showIn')}</th>
                      <Show when={admin()}>
                        <th scope="col">
                          <span class="visually-hidden">{t('customFields.col.actions')}</span>
                        </th>
                      </Show>
                    </tr>
                  </thead>
                  <tbody>
                    <Show
                      when={data().items.length > 0}
                      fallback={
                        <tr>
                          <td colspan="6" class="empty" data-testid="cf-empty">
                            {t('customFields.empty')}
                          </td>
                        </tr>
                      }
                    >
                      <For each={data().items}>
                        {(field) => (
                          <FieldRow
                            field={field}
                            admin={admin()}
                            onChanged={(message) => {
                              setNotice(message);
                              void refetch();
                            }}
                          />
                        )}
                      </For>
                    </Show>
                  </tbody>
                </table>
              </div>
            )}
          </Match>
        </Switch>
        <Show when={admin()}>
          <Presets
            existing={new Set((fieldsData()?.items ?? []).map((f) => f.key))}
            onAdded={(message) => {
              setNotice(message);
              void refetch();
            }}
          />
          <NewFieldForm
            onCreated={(field) => {
              setNotice(t('customFields.created', { label: fieldLabel(field, lang()) }));
              void refetch();
            }}
          />
        </Show>
      </Show>
    </section>
  );
}

function showInList(showIn: ShowIn): string {
  const places = (['form', 'list', 'export'] as const).filter((p) => showIn[p]).map((p) => t(`customFields.showIn.${p}`));
  return places.length ? formatList(places) : t('customFields.showIn.nowhere');
}

function FieldRow(props: { field: CustomField; admin: boolean; onChanged: (message: string) => void }) {
  const tenant = useTenant();
  const f = () => props.field;
  const [renaming, setRenaming] = createSignal(false);
  const [zh, setZh] = createSignal('');
  const [en, setEn] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<Failure>();
  const [deleting, setDeleting] = createSignal(false);
  const other = () => (lang() === 'en' ? f().labels['zh-CN'] : f().labels.en);

  async function rename(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const updated = await updateCustomField(tenant.slug(), f().key, { labels: { 'zh-CN': zh().trim(), en: en().trim() } });
      setRenaming(false);
      props.onChanged(t('customFields.renamed', { label: fieldLabel(updated, lang()) }));
    } catch (caught) {
      setFailure(failureOf(caught));
    } finally {
      setBusy(false);
    }
  }

  async function remove(): Promise<void> {
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await deleteCustomField(tenant.slug(), f().key, true);
      setDeleting(false);
      props.onChanged(t('customFields.deleted', { label: fieldLabel(f(), lang()), count: result.employeesWithValues }));
    } catch (caught) {
      setFailure(failureOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-testid="cf-row" data-key={f().key} data-type={f().type}>
      <th scope="row" class="cell-strong">
        <Show
          when={renaming()}
          fallback={
            <>
              <span data-testid="cf-label">{fieldLabel(f(), lang())}</span>
              <span class="cell-sub" lang={lang() === 'en' ? 'zh-CN' : 'en'}>
                {other()}
              </span>
            </>
          }
        >
          <form class="inline-form" data-testid="cf-rename-form" novalidate onSubmit={(e) => void rename(e)}>
            <Field for={`cf-${f().key}-zh`} label={t('customFields.labelZh')} error={failure()?.fields['labels.zh-CN']} testId="cf-rename-zh">
              <input id={`cf-${f().key}-zh`} data-testid="cf-rename-zh" value={zh()} onInput={(e) => setZh(e.currentTarget.value)} {...fieldAria(`cf-${f().key}-zh`, failure()?.fields['labels.zh-CN'])} />
            </Field>
            <Field for={`cf-${f().key}-en`} label={t('customFields.labelEn')} error={failure()?.fields['labels.en']} testId="cf-rename-en">
              <input id={`cf-${f().key}-en`} data-testid="cf-rename-en" value={en()} onInput={(e) => setEn(e.currentTarget.value)} {...fieldAria(`cf-${f().key}-en`, failure()?.fields['labels.en'])} />
            </Field>
            <div class="form-actions">
              <button type="submit" class="button button-primary button-small" data-testid="cf-rename-save" disabled={busy()}>
                {t('customFields.save')}
              </button>
              <button type="button" class="button button-quiet button-small" data-testid="cf-rename-cancel" onClick={() => setRenaming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </Show>
      </th>
      <td>
        <code>{f().key}</code>
      </td>
      <td data-testid="cf-type">{t(`customFields.type.${f().type}`)}</td>
      <td>
        <Show when={f().required}>
          <span class="badge">{t('customFields.required')}</span>{' '}
        </Show>
        <Show when={f().searchable}>
          <span class="badge badge-accent" data-testid="cf-searchable">
            {t('customFields.searchable')}
          </span>{' '}
        </Show>
        <Show when={f().options.choices}>{(choices) => <span class="cell-sub">{formatList(choices().map((c) => c.labels[lang()] || c.labels['zh-CN']))}</span>}</Show>
        <Show when={f().options.pattern}>{(p) => <code class="cell-sub">{p().regex}</code>}</Show>
      </td>
      <td data-testid="cf-show-in">{showInList(f().showIn)}</td>
      <Show when={props.admin}>
        <td class="cell-actions">
          <Show when={!renaming()}>
            <button
              type="button"
              class="button button-secondary button-small"
              data-testid="cf-rename"
              onClick={() => {
                setZh(f().labels['zh-CN']);
                setEn(f().labels.en);
                setFailure(undefined);
                setRenaming(true);
              }}
            >
              {t('customFields.rename')}
            </button>{' '}
            <button
              type="button"
              class="button button-danger button-small"
              data-testid="cf-delete"
              onClick={() => {
                setFailure(undefined);
                setDeleting(true);
              }}
            >
              {t('customFields.delete')}
            </button>
          </Show>
          <Show when={failure() && !deleting()}>
            <p class="field-error" role="alert" data-testid="cf-row-error">
              {generalMessage(failure()!.message, failure()!.fields)}
            </p>
          </Show>
          <ConfirmDialog
            open={deleting()}
            title={t('customFields.deleteTitle', { label: fieldLabel(f(), lang()) })}
            confirmLabel={t('customFields.deleteConfirm')}
            danger
            busy={busy()}
            error={deleting() ? failure()?.message : undefined}
            onCancel={() => setDeleting(false)}
            onConfirm={() => void remove()}
            testId="cf-delete-dialog"
          >
            <p>{t('customFields.deleteBody')}</p>
          </ConfirmDialog>
        </td>
      </Show>
    </tr>
  );
}

/** One button per enabled plugin with custom-field presets the tenant does not have yet. */
