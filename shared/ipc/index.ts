// Public surface of the IPC contract (shared by main, preload, browser-mode host and renderer).
export * from './limits';
export * from './model';
export * from './channels';
export * from './envelope';
export * from './validate';
export * from './bridge';
export * from './client';
export * from './ws-transport';
