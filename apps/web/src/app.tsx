import { lazy } from 'solid-js';
import { Route, Router } from '@solidjs/router';
import { AppShell } from './components/app-shell';
import { TenantLayout } from './components/tenant-layout';
import { CalculatorPage } from './pages/calculator.page';
import { HomePage } from './pages/home.page';
import { NotFoundPage } from './pages/not-found.page';
import { PoliciesPage } from './pages/policies.page';
import { SecurityPage } from './pages/security.page';
import { SignInPage } from './pages/sign-in.page';
import { TenantHomePage } from './pages/tenant-home.page';
import { TenantsPage } from './pages/tenants.page';
import { SessionProvider } from './session';
import { BranchesPage, BranchPage, ShiftsPage } from './plugins/web-panels';

// The people pages are separate chunks (same origin, so the CSP allows them): signing in or
// using the calculator does not load them.
const EmployeesPage = lazy(() => import('./pages/employees.page').then((m) => ({ default: m.EmployeesPage })));
const HirePage = lazy(() => import('./pages/hire.page').then((m) => ({ default: m.HirePage })));
const EmployeePage = lazy(() => import('./pages/employee.page').then((m) => ({ default: m.EmployeePage })));
const TasksPage = lazy(() => import('./pages/tasks.page').then((m) => ({ default: m.TasksPage })));
const InboxPage = lazy(() => import('./pages/inbox.page').then((m) => ({ default: m.InboxPage })));
const SmsOutboxPage = lazy(() => import('./pages/sms-outbox.page').then((m) => ({ default: m.SmsOutboxPage })));
// Tenant administration and the consultant console, likewise; plugin pages come from plugins/web-panels.
const PluginsPage = lazy(() => import('./pages/plugins.page').then((m) => ({ default: m.PluginsPage })));
const CustomFieldsPage = lazy(() => import('./pages/custom-fields.page').then((m) => ({ default: m.CustomFieldsPage })));
const MembersPage = lazy(() => import('./pages/members.page').then((m) => ({ default: m.MembersPage })));
const InvitePage = lazy(() => import('./pages/invite.page').then((m) => ({ default: m.InvitePage })));
const AccessPage = lazy(() => import('./pages/access.page').then((m) => ({ default: m.AccessPage })));
const ConsolePage = lazy(() => import('./pages/console.page').then((m) => ({ default: m.ConsolePage })));

export function App() {
  return (
    <SessionProvider>
      <Router root={AppShell}>
        <Route path="/" component={HomePage} />
        <Route path="/tenants" component={TenantsPage} />
        <Route path="/sign-in" component={SignInPage} />
        <Route path="/invite/:token" component={InvitePage} />
        <Route path="/t/:slug" component={TenantLayout}>
          <Route path="/" component={TenantHomePage} />
          <Route path="/employees" component={EmployeesPage} />
          <Route path="/employees/new" component={HirePage} />
          <Route path="/employees/:id" component={EmployeePage} />
          <Route path="/tasks" component={TasksPage} />
          <Route path="/inbox" component={InboxPage} />
          <Route path="/sms-outbox" component={SmsOutboxPage} />
          <Route path="/plugins" component={PluginsPage} />
          <Route path="/custom-fields" component={CustomFieldsPage} />
          <Route path="/members" component={MembersPage} />
          <Route path="/access" component={AccessPage} />
          <Route path="/branches" component={BranchesPage} />
          <Route path="/branches/:id" component={BranchPage} />
          <Route path="/shifts" component={ShiftsPage} />
          <Route path="*404" component={NotFoundPage} />
        </Route>
        <Route path="/console" component={ConsolePage} />
        <Route path="/security" component={SecurityPage} />
        <Route path="/policies" component={PoliciesPage} />
        <Route path="/calculator" component={CalculatorPage} />
        <Route path="*404" component={NotFoundPage} />
      </Router>
    </SessionProvider>
  );
}
