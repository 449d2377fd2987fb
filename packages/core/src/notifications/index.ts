// Notifications: in-app inbox, the SMS outbox provider, SMTP e-mail.
export * from './notifier';
export * from './smtp.provider';
export * from './inbox.service';
