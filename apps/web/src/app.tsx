import { lazy, type Component } from 'solid-js';
import { Route, Router, type RouteSectionProps } from '@solidjs/router';
import { AppShell } from './features/app/app-shell';
import { loadMessages, type Feature } from './i18n';
import { SessionProvider } from './session';
import { PLUGIN_WEBS } from './plugin-kit/registry';

/**
 * A page as its own chunk (same origin, so the CSP allows it), shown once its code and the current
 * language's messages of its features are loaded: signing in loads neither the people pages nor
 * their messages.
 */
function page<K extends string>(features: readonly Feature[], load: () => Promise<Record<K, Component<RouteSectionProps>>>, name: K) {
  return lazy(() => Promise.all([load(), loadMessages(features)]).then(([m]) => ({ default: m[name] })));
}

const SignInPage = page(['sign-in'], () => import('./features/sign-in/sign-in.page'), 'SignInPage');
const HomePage = page(['home'], () => import('./features/home/home.page'), 'HomePage');
const TenantsPage = page(['home'], () => import('./features/home/tenants.page'), 'TenantsPage');
const NotFoundPage = page([], () => import('./features/app/not-found.page'), 'NotFoundPage');
const SecurityPage = page(['security', 'sign-in'], () => import('./features/security/security.page'), 'SecurityPage');
const PoliciesPage = page(['policies'], () => import('./features/policies/policies.page'), 'PoliciesPage');
const CalculatorPage = page(['calculator', 'policies'], () => import('./features/calculator/calculator.page'), 'CalculatorPage');
const InvitePage = page(['members'], () => import('./features/members/invite.page'), 'InvitePage');
const ConsolePage = page(['console', 'tenant'], () => import('./features/console/console.page'), 'ConsolePage');
// The tenant frame and its pages.
const TenantLayout = page(['tenant', 'people'], () => import('./features/tenant/tenant-layout'), 'TenantLayout');
const TenantHomePage = page(['tenant', 'policies'], () => import('./features/tenant/tenant-home.page'), 'TenantHomePage');
const EmployeesPage = page(['people'], () => import('./features/people/employees.page'), 'EmployeesPage');
const HirePage = page(['people'], () => import('./features/people/hire.page'), 'HirePage');
const EmployeePage = page(['people', 'verify', 'risk', 'policies'], () => import('./features/people/employee.page'), 'EmployeePage');
const TasksPage = page(['people'], () => import('./features/people/tasks.page'), 'TasksPage');
const InboxPage = page(['people'], () => import('./features/people/inbox.page'), 'InboxPage');
const SmsOutboxPage = page(['people'], () => import('./features/people/sms-outbox.page'), 'SmsOutboxPage');
const PluginsPage = page(['plugins'], () => import('./features/plugins/plugins.page'), 'PluginsPage');
const ReportsPage = page(['reports'], () => import('./features/reports/reports.page'), 'ReportsPage');
const CustomFieldsPage = page(['custom-fields'], () => import('./features/custom-fields/custom-fields.page'), 'CustomFieldsPage');
const MembersPage = page(['members'], () => import('./features/members/members.page'), 'MembersPage');
const AccessPage = page(['access', 'custom-fields'], () => import('./features/access/access.page'), 'AccessPage');
const VerifyPage = page(['verify'], () => import('./features/verify/verify.page'), 'VerifyPage');
const IntakeFormPage = page(['intake'], () => import('./features/intake/intake-form.page'), 'IntakeFormPage');
const IntakesPage = page(['intake'], () => import('./features/intake/intakes.page'), 'IntakesPage');
const IntakePage = page(['intake'], () => import('./features/intake/intake.page'), 'IntakePage');
const RiskPage = page(['risk'], () => import('./features/risk/risk.page'), 'RiskPage');
const MePage = page(['me', 'policies'], () => import('./features/me/me.page'), 'MePage');
const ClosesPage = page(['close', 'policies'], () => import('./features/close/closes.page'), 'ClosesPage');
const CloseMonthPage = page(['close', 'policies'], () => import('./features/close/close-month.page'), 'CloseMonthPage');
const BaseAdjustmentsPage = page(['base-adjustment'], () => import('./features/base-adjustment/base-adjustments.page'), 'BaseAdjustmentsPage');
const BaseAdjustmentPage = page(['base-adjustment'], () => import('./features/base-adjustment/base-adjustments.page'), 'BaseAdjustmentPage');
const DualRunPage = page(['dual-run'], () => import('./features/dual-run/dual-run.page'), 'DualRunPage');
const IntegrationsPage = page(['integrations'], () => import('./features/integrations/integrations.page'), 'IntegrationsPage');
const MigrationsPage = page(['migrations'], () => import('./features/migrations/migrations.page'), 'MigrationsPage');
const MigrationPage = page(['migrations'], () => import('./features/migrations/migration.page'), 'MigrationPage');

export function App() {
  return (
    <SessionProvider>
      <Router root={AppShell}>
        <Route path="/" component={HomePage} />
        <Route path="/tenants" component={TenantsPage} />
        <Route path="/sign-in" component={SignInPage} />
        <Route path="/invite/:token" component={InvitePage} />
        <Route path="/intake/:slug/:token" component={IntakeFormPage} />
        <Route path="/t/:slug" component={TenantLayout}>
          <Route path="/" component={TenantHomePage} />
          <Route path="/employees" component={EmployeesPage} />
          <Route path="/employees/new" component={HirePage} />
          <Route path="/employees/:id" component={EmployeePage} />
          <Route path="/tasks" component={TasksPage} />
          <Route path="/inbox" component={InboxPage} />
          <Route path="/sms-outbox" component={SmsOutboxPage} />
          <Route path="/reports" component={ReportsPage} />
          <Route path="/plugins" component={PluginsPage} />
          <Route path="/custom-fields" component={CustomFieldsPage} />
          <Route path="/members" component={MembersPage} />
          <Route path="/access" component={AccessPage} />
          <Route path="/intakes" component={IntakesPage} />
          <Route path="/intakes/:id" component={IntakePage} />
          <Route path="/risk" component={RiskPage} />
          <Route path="/me" component={MePage} />
          <Route path="/close" component={ClosesPage} />
          <Route path="/close/:entityId/:city/:month" component={CloseMonthPage} />
          <Route path="/base-adjustments" component={BaseAdjustmentsPage} />
          <Route path="/base-adjustments/:id" component={BaseAdjustmentPage} />
          <Route path="/integrations" component={IntegrationsPage} />
          <Route path="/migrations" component={MigrationsPage} />
          <Route path="/migrations/:id" component={MigrationPage} />
          <Route path="/migrations/:id/dual-run" component={DualRunPage} />
          {/* Plugins' pages, declared by each plugin's web/index.tsx. */}
          {PLUGIN_WEBS.flatMap((plugin) => plugin.routes ?? []).map((route) => (
            <Route path={route.path} component={route.component} />
          ))}
          <Route path="*404" component={NotFoundPage} />
        </Route>
        <Route path="/console" component={ConsolePage} />
        <Route path="/security" component={SecurityPage} />
        <Route path="/policies" component={PoliciesPage} />
        <Route path="/calculator" component={CalculatorPage} />
        <Route path="/verify" component={VerifyPage} />
        <Route path="*404" component={NotFoundPage} />
      </Router>
    </SessionProvider>
  );
}
