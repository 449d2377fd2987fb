export * from './auth.service';
export * from './password';
export * from './session-token';
export * from './totp';
export * from './platform-audit';
export * from './members';
export * from './invitations';
export * from './session-cache';
