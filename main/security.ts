/**
 * Security policy of the desktop shell (architecture.md: sandbox, context isolation, CSP,
 * navigation and new windows denied). Pure functions, tested under Node; index.ts wires
 * them into Electron.
 */

/** webPreferences for every window: no Node in the renderer, sandboxed, isolated. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  } as const;
}

export function contentSecurityPolicy(platformOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${platformOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The window may only show the workstation itself: the packaged renderer (file://…/renderer/dist)
 * or the platform origin that serves it. Everything else — including links in drug
 * monographs — is denied; external http(s) links open in the system browser.
 */
export function isAllowedNavigation(target: string, allowed: { rendererFileUrl: string; platformOrigin: string }): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') return target.startsWith(new URL('.', allowed.rendererFileUrl).href);
  return url.origin === allowed.platformOrigin;
}

export function shouldOpenExternally(target: string): boolean {
  try {
    const u = new URL(target);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** yaodun://prescription/<id> deep links from a HIS. Returns the prescription id or null. */
export function parseDeepLink(link: string): { kind: 'prescription'; id: string } | null {
  const m = /^yaodun:\/\/prescription\/([A-Za-z0-9._-]{1,64})\/?$/.exec(link.trim());
  return m ? { kind: 'prescription', id: m[1]! } : null;
}
