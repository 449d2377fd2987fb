import { createMemo, createSignal, Match, Show, Switch } from 'solid-js';
import { errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, fieldAria, generalMessage, failureOf, type Failure } from '../../components/form-field';
import { ErrorNotice, Loading } from '../../components/status';
import { ResourceTable, type Column } from '../../components/resource-table';
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
  const rowState = fieldRowStates(tenant.slug, (message) => {
    setNotice(message);
    void refetch();
  });
  const columns = createMemo(() => fieldColumns(rowState, admin()));

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
              <ResourceTable
                testId="cf-table"
                rows={data().items}
                empty={t('customFields.empty')}
                emptyTestId="cf-empty"
                rowTestId="cf-row"
                rowAttributes={(field) => ({ 'data-key': field.key, 'data-type': field.type })}
                columns={columns()}
              />
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
            existing={new Set((fieldsData()?.items ?? []).map((f) => f.key))}
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

/** What one row holds while it is renamed or deleted, kept per field key across reloads. */
type FieldRowState = ReturnType<typeof createFieldRowState>;

function createFieldRowState(slug: () => string, onChanged: (message: string) => void) {
  const [renaming, setRenaming] = createSignal(false);
  const [zh, setZh] = createSignal('');
  const [en, setEn] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<Failure>();
  const [deleting, setDeleting] = createSignal(false);

  async function run(work: () => Promise<string>): Promise<void> {
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onChanged(await work());
    } catch (caught) {
      setFailure(failureOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return {
    renaming, zh, setZh, en, setEn, busy, failure, deleting, setRenaming,
    startRename(f: CustomField) {
      setZh(f.labels['zh-CN']);
      setEn(f.labels.en);
      setFailure(undefined);
      setRenaming(true);
    },
    startDelete() {
      setFailure(undefined);
      setDeleting(true);
    },
    cancelDelete: () => setDeleting(false),
    rename: (f: CustomField) =>
      run(async () => {
        const updated = await updateCustomField(slug(), f.key, { labels: { 'zh-CN': zh().trim(), en: en().trim() } });
        setRenaming(false);
        return t('customFields.renamed', { label: fieldLabel(updated, lang()) });
      }),
    remove: (f: CustomField) =>
      run(async () => {
        const result = await deleteCustomField(slug(), f.key, true);
        setDeleting(false);
        return t('customFields.deleted', { label: fieldLabel(f, lang()), count: result.employeesWithValues });
      }),
  };
}

function fieldRowStates(slug: () => string, onChanged: (message: string) => void): (field: CustomField) => FieldRowState {
  const states = new Map<string, FieldRowState>();
  return (field) => {
    let state = states.get(field.key);
    if (!state) states.set(field.key, (state = createFieldRowState(slug, onChanged)));
    return state;
  };
}

function fieldColumns(stateOf: (field: CustomField) => FieldRowState, admin: boolean): Column<CustomField>[] {
  const columns: Column<CustomField>[] = [
    { header: t('customFields.col.label'), rowHeader: true, class: 'cell-strong', cell: (f) => <LabelCell field={f} state={stateOf(f)} /> },
    { header: t('customFields.col.key'), cell: (f) => <code>{f.key}</code> },
    { header: t('customFields.col.type'), cellAttributes: () => ({ 'data-testid': 'cf-type' }), cell: (f) => t(`customFields.type.${f.type}`) },
    {
      header: t('customFields.col.rules'),
      cell: (f) => (
        <>
          <Show when={f.required}>
            <span class="badge">{t('customFields.required')}</span>{' '}
          </Show>
          <Show when={f.searchable}>
            <span class="badge badge-accent" data-testid="cf-searchable">
              {t('customFields.searchable')}
            </span>{' '}
          </Show>
          <Show when={f.options.choices}>{(choices) => <span class="cell-sub">{formatList(choices().map((c) => c.labels[lang()] || c.labels['zh-CN']))}</span>}</Show>
          <Show when={f.options.pattern}>{(p) => <code class="cell-sub">{p().regex}</code>}</Show>
        </>
      ),
    },
    { header: t('customFields.col.showIn'), cellAttributes: () => ({ 'data-testid': 'cf-show-in' }), cell: (f) => showInList(f.showIn) },
  ];
  if (admin) columns.push({ header: t('customFields.col.actions'), hideHeader: true, class: 'cell-actions', cell: (f) => <ActionsCell field={f} state={stateOf(f)} /> });
  return columns;
}

function LabelCell(props: { field: CustomField; state: FieldRowState }) {
  const f = () => props.field;
  const s = () => props.state;
  const other = () => (lang() === 'en' ? f().labels['zh-CN'] : f().labels.en);
  return (
    <Show
      when={s().renaming()}
      fallback={
        <>
          <span data-testid="cf-label">{fieldLabel(f(), lang())}</span>
          <span class="cell-sub" lang={lang() === 'en' ? 'zh-CN' : 'en'}>
            {other()}
          </span>
        </>
      }
    >
      <form
        class="inline-form"
        data-testid="cf-rename-form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          void s().rename(f());
        }}
      >
        <Field for={`cf-${f().key}-zh`} label={t('customFields.labelZh')} error={s().failure()?.fields['labels.zh-CN']} testId="cf-rename-zh">
          <input id={`cf-${f().key}-zh`} data-testid="cf-rename-zh" value={s().zh()} onInput={(e) => s().setZh(e.currentTarget.value)} {...fieldAria(`cf-${f().key}-zh`, s().failure()?.fields['labels.zh-CN'])} />
        </Field>
        <Field for={`cf-${f().key}-en`} label={t('customFields.labelEn')} error={s().failure()?.fields['labels.en']} testId="cf-rename-en">
          <input id={`cf-${f().key}-en`} data-testid="cf-rename-en" value={s().en()} onInput={(e) => s().setEn(e.currentTarget.value)} {...fieldAria(`cf-${f().key}-en`, s().failure()?.fields['labels.en'])} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="button button-primary button-small" data-testid="cf-rename-save" disabled={s().busy()}>
            {t('customFields.save')}
          </button>
          <button type="button" class="button button-quiet button-small" data-testid="cf-rename-cancel" onClick={() => s().setRenaming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Show>
  );
}

function ActionsCell(props: { field: CustomField; state: FieldRowState }) {
  const f = () => props.field;
  const s = () => props.state;
  return (
    <>
      <Show when={!s().renaming()}>
        <button type="button" class="button button-secondary button-small" data-testid="cf-rename" onClick={() => s().startRename(f())}>
          {t('customFields.rename')}
        </button>{' '}
        <button type="button" class="button button-danger button-small" data-testid="cf-delete" onClick={() => s().startDelete()}>
          {t('customFields.delete')}
        </button>
      </Show>
      <Show when={s().failure() && !s().deleting()}>
        <p class="field-error" role="alert" data-testid="cf-row-error">
          {generalMessage(s().failure()!.message, s().failure()!.fields)}
        </p>
      </Show>
      <ConfirmDialog
        open={s().deleting()}
        title={t('customFields.deleteTitle', { label: fieldLabel(f(), lang()) })}
        confirmLabel={t('customFields.deleteConfirm')}
        danger
        busy={s().busy()}
        error={s().deleting() ? s().failure()?.message : undefined}
        onCancel={() => s().cancelDelete()}
        onConfirm={() => void s().remove(f())}
        testId="cf-delete-dialog"
      >
        <p>{t('customFields.deleteBody')}</p>
      </ConfirmDialog>
    </>
  );
}
