// shared/ is compiled without DOM or Node typings so that it cannot lean on either
// runtime. These few globals exist in both (browser and Node >= 11) and are declared here.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
