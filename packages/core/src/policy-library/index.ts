// The policy library: shipped policy files plus consultants' stored revisions, and the cities it knows.
export * from './policy-library.service';
export * from './policy-cities';
