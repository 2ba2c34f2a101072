// The one Content-Security-Policy of the renderer, used as an HTTP header in browser mode and as
// a response header (plus the meta tag of index.html) in Electron. Monaco injects style elements
// and runs its language workers from same-origin scripts, hence style 'unsafe-inline' and
// worker-src blob:; nothing else may load code or talk to anywhere but the host.

export function rendererContentSecurityPolicy(socketOrigin: string | null): string {
  const connect = socketOrigin === null ? "'self'" : `'self' ${socketOrigin}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
