// Filing: how a filing reaches the bureau (HTTP gateway) or HR (the filing-file spreadsheet).
export * from './bureau.gateway';
export * from './filing-file.gateway';
export * from './filing-sheet.service';
export * from './base-change-sheet';
export * from './held-back';
