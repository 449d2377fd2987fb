import { createEffect, createSignal, Show } from 'solid-js';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, fieldAria } from '../../components/form-field';
import { createSubmission } from '../../components/submission';
import { t } from '../../i18n';
import { businessToday } from '../../now';
import { useTenant } from '../tenant/tenant-layout';
import { enterReceipt, markFiledByHand, type FilingTask } from './people.api';

/** What the panel needs of a task: the tasks page's rows and the workbench's items both have it. */
export interface ByHandTask {
  id: string;
  employeeName: string;
  kind: FilingTask['kind'];
  cityCode: string;
  gateway: FilingTask['gateway'];
}

/**
 * The bureau's receipt of a filing made by hand, in a side panel (over the right edge on a desktop,
 * the whole width on a phone): for an overdue online task filed at the counter instead, the
 * receipt number and the day (the workflow stops waiting for the online filing and closes the
 * task); for a filing made by hand from the start (filing-file gateway), the receipt number.
 * `onDone` gets the task as the API answered, with a sentence for the toast.
 */
export function FiledByHandPanel(props: { task: ByHandTask | undefined; onClose: () => void; onDone: (task: FilingTask, said: string) => void; testId?: string }) {
  const tenant = useTenant();
  const submission = createSubmission();
  const [receiptNo, setReceiptNo] = createSignal('');
  const [filedOn, setFiledOn] = createSignal(businessToday());
  const testId = () => props.testId ?? 'by-hand-panel';
  const counter = () => props.task?.gateway !== 'filing-file';
  // A fresh form each time the panel opens on a task.
  createEffect(() => {
    if (props.task) {
      submission.reset();
      setReceiptNo('');
      setFiledOn(businessToday());
    }
  });
  const kind = () => (props.task ? t(`taskKind.${props.task.kind}`) : '');

  async function save(): Promise<void> {
    const task = props.task;
    if (!task) return;
    const receipt = receiptNo().trim();
    const saved = await submission.run(() =>
      counter() ? markFiledByHand(tenant.slug(), task.id, { receiptNo: receipt, filedOn: filedOn() }) : enterReceipt(tenant.slug(), task.id, receipt),
    );
    if (saved) props.onDone(saved, t(counter() ? 'tasks.byHand.done' : 'tasks.byHand.receiptDone', { name: task.employeeName, kind: kind(), receipt }));
  }

  const fieldId = (name: string) => `${testId()}-${name}`;
  const fieldError = (name: string) => submission.fieldError(name);
  return (
    <ConfirmDialog
      open={props.task !== undefined}
      title={props.task ? t(counter() ? 'tasks.byHand.title' : 'tasks.byHand.receiptTitle', { name: props.task.employeeName, kind: kind() }) : ''}
      confirmLabel={t('tasks.saveReceipt')}
      cancelLabel={t('common.cancel')}
      busy={submission.busy()}
      error={formError(submission, ['receiptNo', 'filedOn'])}
      onConfirm={() => void save()}
      onCancel={props.onClose}
      testId={testId()}
      variant="panel"
    >
      <Show when={props.task}>
        {(task) => (
          <form
            novalidate
            data-testid={`${testId()}-form`}
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <p class="hint">
              {counter()
                ? t('tasks.byHand.intro', { name: task().employeeName, kind: kind(), city: tenant.cityLabel(task().cityCode) })
                : t('tasks.receiptHint', { name: task().employeeName })}
            </p>
            <Field for={fieldId('receipt')} label={t('tasks.receiptNo')} error={fieldError('receiptNo')} testId={`${testId()}-receipt`}>
              <input id={fieldId('receipt')} data-testid={`${testId()}-receipt-input`} autocomplete="off" value={receiptNo()} onInput={(e) => setReceiptNo(e.currentTarget.value)} {...fieldAria(fieldId('receipt'), fieldError('receiptNo'))} />
            </Field>
            <Show when={counter()}>
              <Field for={fieldId('date')} label={t('tasks.byHand.filedOn')} error={fieldError('filedOn')} testId={`${testId()}-filed-on`}>
                <input id={fieldId('date')} data-testid={`${testId()}-filed-on-input`} type="date" value={filedOn()} onInput={(e) => setFiledOn(e.currentTarget.value)} {...fieldAria(fieldId('date'), fieldError('filedOn'))} />
              </Field>
            </Show>
            <button type="submit" hidden tabindex="-1" aria-hidden="true" />
          </form>
        )}
      </Show>
    </ConfirmDialog>
  );
}

/** The failure's message unless every problem is shown beside its field. */
function formError(submission: ReturnType<typeof createSubmission>, shown: string[]): string | undefined {
  const message = submission.error();
  if (!message) return undefined;
  const fields = Object.keys(submission.fields());
  return fields.length > 0 && fields.every((f) => shown.includes(f)) ? undefined : message;
}
