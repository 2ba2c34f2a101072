/** HyperDbg v0.23 kernel-debugger wire protocol: enums, constants, framing, struct codecs, status codes. */
export * from './generated/enums';
export * from './generated/constants';
export * from './frame';
export * from './struct';
export * from './structs';
export * from './payloads';
export * from './errors';
