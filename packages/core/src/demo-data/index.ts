// Demo data: the deterministic demo history a demo tenant gets on its first start in demo mode.
export { DEMO_SEED, demoDataOf, seedDemoData, type DemoCounts, type DemoDataDeps, type DemoSeedOptions, type DemoSeedResult } from './demo-data.service';
export { planDemoHistory, demoIdNumber, type DemoPlan, type DemoPlanInput } from './demo-history.plan';
