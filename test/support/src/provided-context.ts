// What the run's global setup hands to every test file through provide/inject.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    superuserUrl: string;
    ownerUrl: string;
    appUrl: string;
    appRole: string;
    temporalAddress: string;
    workflowBundlePath: string;
    workDir: string;
  }
}
