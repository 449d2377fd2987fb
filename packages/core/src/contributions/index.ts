// Contributions: the contribution base of a filing (policy calculator + the plugins' contributionBase hook).
export * from './contribution-base';
