import { Route, Router } from '@solidjs/router';
import { AppShell } from './components/app-shell';
import { CalculatorPage } from './pages/calculator.page';
import { HomePage } from './pages/home.page';
import { NotFoundPage } from './pages/not-found.page';
import { PoliciesPage } from './pages/policies.page';
import { SecurityPage } from './pages/security.page';
import { SignInPage } from './pages/sign-in.page';
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
        <Route path="/t/:slug" component={TenantHomePage} />
        <Route path="/security" component={SecurityPage} />
        <Route path="/policies" component={PoliciesPage} />
        <Route path="/calculator" component={CalculatorPage} />
        <Route path="*404" component={NotFoundPage} />
      </Router>
    </SessionProvider>
  );
}
