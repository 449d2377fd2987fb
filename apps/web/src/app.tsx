import { Route, Router } from '@solidjs/router';
import { AppShell } from './components/app-shell';
import { TenantLayout } from './components/tenant-layout';
import { CalculatorPage } from './pages/calculator.page';
import { EmployeePage } from './pages/employee.page';
import { EmployeesPage } from './pages/employees.page';
import { HirePage } from './pages/hire.page';
import { HomePage } from './pages/home.page';
import { InboxPage } from './pages/inbox.page';
import { NotFoundPage } from './pages/not-found.page';
import { PoliciesPage } from './pages/policies.page';
import { SecurityPage } from './pages/security.page';
import { SignInPage } from './pages/sign-in.page';
import { SmsOutboxPage } from './pages/sms-outbox.page';
import { TasksPage } from './pages/tasks.page';
import { TenantHomePage } from './pages/tenant-home.page';
import { TenantsPage } from './pages/tenants.page';
import { SessionProvider } from './session';

export function App() {
  return (
    <SessionProvider>
      <Router root={AppShell}>
        <Route path="/" component={HomePage} />
        <Route path="/tenants" component={TenantsPage} />
        <Route path="/sign-in" component={SignInPage} />
        <Route path="/t/:slug" component={TenantLayout}>
          <Route path="/" component={TenantHomePage} />
          <Route path="/employees" component={EmployeesPage} />
          <Route path="/employees/new" component={HirePage} />
          <Route path="/employees/:id" component={EmployeePage} />
          <Route path="/tasks" component={TasksPage} />
          <Route path="/inbox" component={InboxPage} />
          <Route path="/sms-outbox" component={SmsOutboxPage} />
          <Route path="*404" component={NotFoundPage} />
        </Route>
        <Route path="/security" component={SecurityPage} />
        <Route path="/policies" component={PoliciesPage} />
        <Route path="/calculator" component={CalculatorPage} />
        <Route path="*404" component={NotFoundPage} />
      </Router>
    </SessionProvider>
  );
}
