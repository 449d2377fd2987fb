import { createSignal, Match, Show, Switch } from 'solid-js';
import { MANUFACTURING_SHIFTS } from './plugin-id';
import { attendanceContentType, headcountOfMonth, headcountReportHref, importAttendance, importProblem, overtimeOfMonth, type ImportResult } from './shifts.api';
import { ApiError, ErrorNotice, Loading, ResourceTable, PluginGate, RoleNotice, canManagePeople, currentMonth, errorMessage, lang, createLoaded, query, reload, t, usePageTitle, useTenant } from '@lianxu/web/plugin-kit';
import { tp } from './messages';

/** `/t/:slug/shifts` (manufacturing-shifts): attendance import, overtime per month, the 用工备案 headcount report. */
export function ShiftsPage() {
  usePageTitle(() => tp('shifts.title'));
  return (
    <PluginGate pluginId={MANUFACTURING_SHIFTS}>
      <Shifts />
    </PluginGate>
  );
}

const overtimeQuery = query((slug: string, month: string, _lang: string) => overtimeOfMonth(slug, month), 'shifts.overtime');
const headcountQuery = query((slug: string, month: string, _lang: string) => headcountOfMonth(slug, month), 'shifts.headcount');

function Shifts() {
  const tenant = useTenant();
  const [month, setMonth] = createSignal(currentMonth());
  const readable = () => tenant.role() !== 'employee' && /^\d{4}-\d{2}$/.test(month());
  const overtime = createLoaded(() => (readable() ? overtimeQuery(tenant.slug(), month(), lang()) : undefined));
  const headcount = createLoaded(() => (readable() ? headcountQuery(tenant.slug(), month(), lang()) : undefined));
  const overtimeData = overtime.value;
  const headcountData = headcount.value;
  const refetchOvertime = () => reload(overtimeQuery);
  const refetchHeadcount = () => reload(headcountQuery);

  return (
    <section data-testid="shifts-page">
      <h1 data-testid="page-title">{tp('shifts.title')}</h1>
      <p class="lead">{tp('shifts.intro')}</p>
      <Show when={tenant.role() !== 'employee'} fallback={<RoleNotice />}>
        <Show when={canManagePeople(tenant.role())}>
          <AttendanceImport
            onImported={(result) => {
              const months = [...new Set(result.months.map((m) => m.month))].sort();
              // Show the month the file was about (its latest), with its new totals.
              if (months.length && !months.includes(month())) setMonth(months[months.length - 1]!);
              else {
                void refetchOvertime();
                void refetchHeadcount();
              }
            }}
          />
        </Show>

        <div class="card filter-bar section">
          <div class="field">
            <label for="shifts-month">{tp('shifts.month')}</label>
            <input id="shifts-month" type="month" data-testid="shifts-month" value={month()} onInput={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)} />
          </div>
          <div class="filter-actions">
            <a class="button button-secondary" href={headcountReportHref(tenant.slug(), month())} download="" data-testid="shifts-headcount-download">
              {tp('shifts.headcount.download')}
            </a>
          </div>
        </div>

        <h2>{tp('shifts.overtime.title')}</h2>
        <Switch fallback={<Loading />}>
          <Match when={overtime.error() && !overtimeData()}>
            <ErrorNotice message={errorMessage(overtime.error())} onRetry={() => void refetchOvertime()} testId="shifts-overtime-error" />
          </Match>
          <Match when={overtimeData()}>
            {(data) => (
              <ResourceTable
                testId="shifts-overtime"
                tableAttributes={{ 'data-month': data().month }}
                rows={data().items}
                empty={tp('shifts.overtime.empty')}
                rowTestId="overtime-row"
                rowAttributes={(row) => ({ 'data-employee-id': row.employeeId })}
                columns={[
                  { header: t('employees.col.name'), rowHeader: true, cell: (row) => row.name },
                  { header: tp('shifts.overtime.days'), class: 'num', cell: (row) => row.days },
                  { header: tp('shifts.overtime.regular'), class: 'num', cell: (row) => row.regularHours },
                  { header: tp('shifts.overtime.overtime'), class: 'num', cell: (row) => row.overtimeHours, cellAttributes: () => ({ 'data-testid': 'overtime-hours' }) },
                ]}
              />
            )}
          </Match>
        </Switch>

        <h2>{tp('shifts.headcount.title')}</h2>
        <p class="hint">{tp('shifts.headcount.intro')}</p>
        <Switch fallback={<Loading />}>
          <Match when={headcount.error() && !headcountData()}>
            <ErrorNotice message={errorMessage(headcount.error())} onRetry={() => void refetchHeadcount()} testId="shifts-headcount-error" />
          </Match>
          <Match when={headcountData()}>
            {(data) => (
              <ResourceTable
                testId="shifts-headcount"
                rows={data().items}
                empty={tp('shifts.headcount.empty')}
                rowTestId="headcount-row"
                columns={[
                  {
                    header: tp('shifts.headcount.entity'),
                    rowHeader: true,
                    cell: (line) => (
                      <>
                        {line.entityName}
                        <span class="cell-sub">{line.creditCode}</span>
                      </>
                    ),
                  },
                  { header: t('employees.col.city'), cell: (line) => line.cityName ?? tenant.cityLabel(line.cityCode) },
                  { header: tp('shifts.headcount.headcount'), class: 'num', cell: (line) => line.headcount },
                  { header: tp('shifts.headcount.hired'), class: 'num', cell: (line) => line.hired },
                  { header: tp('shifts.headcount.left'), class: 'num', cell: (line) => line.left },
                ]}
              />
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}

type Problem = { row: number | null; column: string; message: string };

/** Upload a CSV or .xlsx attendance file: all rows or none, with each problem at its row and column. */
function AttendanceImport(props: { onImported: (result: ImportResult) => void }) {
  const tenant = useTenant();
  const [file, setFile] = createSignal<File>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [problems, setProblems] = createSignal<Problem[]>([]);
  const [result, setResult] = createSignal<ImportResult>();
  let input!: HTMLInputElement;

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const chosen = file();
    if (busy()) return;
    setError(undefined);
    setProblems([]);
    setResult(undefined);
    if (!chosen) {
      setError(tp('shifts.import.chooseFile'));
      return;
    }
    const contentType = attendanceContentType(chosen);
    if (!contentType) {
      setError(tp('shifts.import.wrongType'));
      return;
    }
    setBusy(true);
    try {
      const imported = await importAttendance(tenant.slug(), chosen, contentType);
      setResult(imported);
      setFile(undefined);
      input.value = '';
      props.onImported(imported);
    } catch (caught) {
      setError(errorMessage(caught));
      if (caught instanceof ApiError) {
        setProblems(
          Object.entries(caught.fields)
            .map(([field, message]) => ({ ...importProblem(field), message }))
            .sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
        );
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card card-form section" data-testid="attendance-import" novalidate onSubmit={(e) => void onSubmit(e)}>
      <h2>{tp('shifts.import.title')}</h2>
      <p class="hint">{tp('shifts.import.intro')}</p>
      <div class="field">
        <label for="attendance-file">{tp('shifts.import.file')}</label>
        <input
          ref={input}
          id="attendance-file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          data-testid="attendance-file"
          onChange={(e) => setFile(e.currentTarget.files?.[0])}
        />
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" data-testid="attendance-submit" disabled={busy()}>
          {busy() ? tp('shifts.import.importing') : tp('shifts.import.submit')}
        </button>
      </div>
      <Show when={error()}>
        {(message) => (
          <div class="notice notice-error" role="alert" data-testid="attendance-error">
            <p class="notice-message">{problems().length ? tp('shifts.import.nothingImported') : message()}</p>
            <Show when={problems().length > 0}>
              <ResourceTable
                testId="attendance-problems"
                caption={tp('shifts.import.problem')}
                rows={problems()}
                rowTestId="attendance-problem"
                rowAttributes={(p) => ({ 'data-row': p.row ?? '', 'data-column': p.column })}
                columns={[
                  { header: tp('shifts.import.row'), rowHeader: true, cell: (p) => p.row ?? tp('shifts.import.wholeFile') },
                  { header: tp('shifts.import.column'), cell: (p) => <code>{p.column}</code> },
                  { header: tp('shifts.import.problem'), cell: (p) => p.message },
                ]}
              />
            </Show>
          </div>
        )}
      </Show>
      <Show when={result()}>
        {(r) => (
          <p class="notice notice-success" role="status" data-testid="attendance-imported" data-rows={r().rows}>
            {tp('shifts.import.done', { rows: r().rows, employees: r().employees })}
          </p>
        )}
      </Show>
    </form>
  );
}
