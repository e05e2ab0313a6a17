import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isAllowedNavigation, parseDeepLink, secureWebPreferences, shouldOpenExternally } from './security';

const allowed = { rendererFileUrl: 'file:///opt/yaodun/resources/app/renderer/dist/index.html', platformOrigin: 'http://127.0.0.1:8080' };

describe('desktop security policy', () => {
  it('keeps the renderer sandboxed and isolated', () => {
    const p = secureWebPreferences('/p.js');
    expect(p).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false });
  });
  it('allows only the renderer files and the platform origin', () => {
    expect(isAllowedNavigation('file:///opt/yaodun/resources/app/renderer/dist/index.html#/task/1', allowed)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:8080/api/me', allowed)).toBe(true);
    expect(isAllowedNavigation('file:///etc/passwd', allowed)).toBe(false);
    expect(isAllowedNavigation('https://evil.example/', allowed)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', allowed)).toBe(false);
    expect(isAllowedNavigation('not a url', allowed)).toBe(false);
  });
  it('opens only http(s) externally', () => {
    expect(shouldOpenExternally('https://www.nmpa.gov.cn/')).toBe(true);
    expect(shouldOpenExternally('file:///etc/passwd')).toBe(false);
    expect(shouldOpenExternally('smb://host/share')).toBe(false);
  });
  it('has a CSP without unsafe-eval that allows the platform', () => {
    const csp = contentSecurityPolicy('http://127.0.0.1:8080');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src \'self\' http://127.0.0.1:8080');
  });
  it('parses prescription deep links and refuses anything else', () => {
    expect(parseDeepLink('yaodun://prescription/abc-123')).toEqual({ kind: 'prescription', id: 'abc-123' });
    expect(parseDeepLink('yaodun://prescription/../../etc')).toBeNull();
    expect(parseDeepLink('yaodun://settings')).toBeNull();
  });
});
