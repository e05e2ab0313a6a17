import { z } from 'zod';
import type { HostInfo, StoredSession, WorkstationHost } from '../../../app/contracts/host';

const SESSION_KEY = 'yaodun.session';

const storedSessionSchema = z.object({ token: z.string().min(1), expiresAt: z.string(), userId: z.string() });

function isExpired(session: StoredSession, now: number): boolean {
  const expires = Date.parse(session.expiresAt);
  return Number.isFinite(expires) && expires <= now;
}

function readSession(): StoredSession | null {
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(SESSION_KEY);
  } catch {
    return null; // storage disabled (privacy mode): behave as logged out
  }
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = storedSessionSchema.safeParse(json);
  if (!parsed.success || isExpired(parsed.data, Date.now())) {
    window.localStorage.removeItem(SESSION_KEY);
    return null;
  }
  return parsed.data;
}

async function notify(title: string, body: string): Promise<boolean> {
  if (typeof window.Notification === 'undefined') return false;
  let permission = window.Notification.permission;
  if (permission === 'default') permission = await window.Notification.requestPermission();
  if (permission !== 'granted') return false;
  const n = new window.Notification(title, { body, tag: 'yaodun-task', lang: 'zh-CN' });
  n.onclick = () => {
    window.focus();
    n.close();
  };
  return true;
}

/** The host when the renderer runs in a plain browser, served by the platform. */
export const webHost = {
  async info(): Promise<HostInfo> {
    return { kind: 'web', version: '0.1.0', platform: navigator.userAgent };
  },
  async platformBaseUrl() {
    return '';
  },
  async loadSession() {
    return readSession();
  },
  async saveSession(session: StoredSession | null) {
    if (session === null) window.localStorage.removeItem(SESSION_KEY);
    else window.localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  },
  notify,
} satisfies WorkstationHost;
