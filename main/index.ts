/**
 * Electron main process: one window showing the workstation renderer, locked down
 * (security.ts), a single instance, yaodun:// deep links, the host contract over named IPC
 * channels, tokens kept with safeStorage, desktop notifications.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, nativeImage, Notification, safeStorage, screen, session, shell, Tray } from 'electron';
import electronUpdater from 'electron-updater';
import { HOST_CHANNELS, type StoredSession } from '../app/contracts/host';
import { contentSecurityPolicy, isAllowedNavigation, parseDeepLink, secureWebPreferences, shouldOpenExternally } from './security';
import { createSessionStore } from './session-store';
import { CHECK_INTERVAL_MS, installDecision, shouldCheck, type UpdatePhase } from './update-policy';
import { EMPTY_URGENT, markSeen, trayTitle, type UrgentState } from './urgent-tasks';
import { DEFAULT_SIZE, MIN_SIZE, parseWindowState, restoreBounds, type WindowState } from './window-state';

const here = path.dirname(fileURLToPath(import.meta.url));
const platformUrl = process.env.YAODUN_PLATFORM_URL ?? 'http://127.0.0.1:8080';
const platformOrigin = new URL(platformUrl).origin;
const rendererIndex = path.resolve(here, '../../renderer/dist/index.html');
const rendererFileUrl = pathToFileURL(rendererIndex).href;

let win: BrowserWindow | null = null;
let tray: Tray | null = null;
let urgent: UrgentState = EMPTY_URGENT;

function windowStateFile(): string {
  return path.join(app.getPath('userData'), 'window-state.json');
}

function loadWindowState(): WindowState {
  let saved: WindowState | null = null;
  try {
    saved = parseWindowState(JSON.parse(fs.readFileSync(windowStateFile(), 'utf8')) as unknown);
  } catch {
    saved = null; // first start or unreadable: the default size, centered
  }
  const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays().filter((d) => d.id !== screen.getPrimaryDisplay().id)];
  return restoreBounds(saved, displays.map((d) => d.workArea));
}

function saveWindowState(w: BrowserWindow): void {
  const state: WindowState = { bounds: w.isMaximized() ? w.getNormalBounds() : w.getBounds(), maximized: w.isMaximized() };
  try {
    fs.writeFileSync(windowStateFile(), JSON.stringify(state));
  } catch {
    // Losing the window position is not worth failing a quit over.
  }
}

function updateTray(): void {
  tray?.setToolTip(trayTitle(urgent));
  if (process.platform === 'darwin') app.dock?.setBadge(urgent.unread.size > 0 ? String(urgent.unread.size) : '');
  else app.setBadgeCount(urgent.unread.size);
}

function createTray(): void {
  tray = new Tray(nativeImage.createEmpty());
  tray.setContextMenu(Menu.buildFromTemplate([
    { label: '打开工作站', click: () => win?.show() },
    { type: 'separator' },
    { label: '退出', click: () => app.quit() },
  ]));
  tray.on('click', () => win?.show());
  updateTray();
}

/** Auto-update (main/update-policy.ts): check now and every 6 h; install only on quit unless idle. */
function startAutoUpdate(): void {
  if (!app.isPackaged) return; // dev runs have no app-update.yml
  const { autoUpdater } = electronUpdater;
  let phase: UpdatePhase = 'idle';
  let lastCheckAt: number | null = null;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('checking-for-update', () => (phase = 'checking'));
  autoUpdater.on('update-available', () => (phase = 'available'));
  autoUpdater.on('update-not-available', () => (phase = 'idle'));
  autoUpdater.on('error', () => (phase = 'error'));
  autoUpdater.on('update-downloaded', () => {
    phase = 'downloaded';
    // The renderer does not report open reviews yet: treat every session as reviewing, so the update waits for quit.
    const d = installDecision({ phase, lastCheckAt, reviewing: true, now: Date.now() }, false);
    if (d.install === 'now') autoUpdater.quitAndInstall();
    else if (Notification.isSupported()) new Notification({ title: '药盾工作站有新版本', body: '新版本已下载，将在退出工作站时安装。' }).show();
  });
  const tick = (): void => {
    if (!shouldCheck({ phase, lastCheckAt, reviewing: true, now: Date.now() })) return;
    lastCheckAt = Date.now();
    void autoUpdater.checkForUpdates().catch(() => (phase = 'error'));
  };
  tick();
  setInterval(tick, Math.min(CHECK_INTERVAL_MS, 30 * 60_000)).unref();
}

function createWindow(): BrowserWindow {
  const state = loadWindowState();
  const w = new BrowserWindow({
    ...state.bounds,
    width: state.bounds.width || DEFAULT_SIZE.width,
    height: state.bounds.height || DEFAULT_SIZE.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: '药盾 · 县域审方中心',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  });
  w.once('ready-to-show', () => {
    if (state.maximized) w.maximize();
    w.show();
  });
  w.on('close', () => saveWindowState(w));
  w.on('focus', () => {
    urgent = markSeen(urgent);
    updateTray();
  });
  w.webContents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url, { rendererFileUrl, platformOrigin })) e.preventDefault();
  });
  w.webContents.setWindowOpenHandler(({ url }) => {
    if (shouldOpenExternally(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void w.loadFile(rendererIndex);
  return w;
}

function handleDeepLink(argv: readonly string[]): void {
  const link = argv.map(parseDeepLink).find((x) => x !== null);
  if (link && win) void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/prescription/${link.id}`)}`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAsDefaultProtocolClient('yaodun');
  app.on('second-instance', (_e, argv) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    handleDeepLink(argv);
  });
  void app.whenReady().then(() => {
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy(platformOrigin)] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permission === 'notifications'));
    const store = createSessionStore(app.getPath('userData'), safeStorage);
    ipcMain.handle(HOST_CHANNELS.info, () => ({ kind: 'electron', version: app.getVersion(), platform: process.platform }));
    ipcMain.handle(HOST_CHANNELS.platformBaseUrl, () => platformUrl);
    ipcMain.handle(HOST_CHANNELS.loadSession, () => store.load());
    ipcMain.handle(HOST_CHANNELS.saveSession, (_e, s: StoredSession | null) => store.save(s));
    ipcMain.handle(HOST_CHANNELS.notify, (_e, title: string, body: string) => {
      if (!Notification.isSupported()) return false;
      new Notification({ title: String(title).slice(0, 80), body: String(body).slice(0, 200) }).show();
      return true;
    });
    win = createWindow();
    createTray();
    startAutoUpdate();
    handleDeepLink(process.argv);
  });
  app.on('window-all-closed', () => app.quit());
  // macOS delivers yaodun:// links as open-url events, not argv.
  app.on('open-url', (e, url) => {
    e.preventDefault();
    handleDeepLink([url]);
  });
}
