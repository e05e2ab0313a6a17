/**
 * `npm run bench:workstation`: the built renderer (vite build) in Chromium against a real
 * platform (PostgreSQL) holding 10,000 queued tasks.
 *  - firstRender: login answered → first queue row painted;
 *  - scrollFrameP95: p95 of requestAnimationFrame deltas while the virtual table scrolls;
 *  - taskOpen: click on a row → the task (prescription, findings, and the 360° view when the
 *    build has one) painted — median of 5;
 *  - decisionToHis: click on 通过 → a HIS long-poll on the prescription returns — median of 5.
 * The tasks are cloned in SQL from one prescription the engine really checked (seeding 10,000
 * through the engine would take minutes and measure the platform, not the workstation).
 * Last line: `workstation firstRender=<ms> scrollFrameP95=<ms> taskOpen=<ms> decisionToHis=<ms>`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium } from 'playwright';
import { sixDrugPrescription } from '../platform/src/test-support';
import { freshDatabase, startBuiltPlatform } from './bench-support';

const TASKS = Number(process.env.YAODUN_BENCH_TASKS ?? 10_000);
const PASSWORD = 'Bench@Pass2026';
const root = process.cwd();
const ADMIN_URL = process.env.YAODUN_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

// A database of its own (the workstation needs the platform's PostgreSQL to clone rows fast).
const benchDb = await freshDatabase(ADMIN_URL, 'yaodun_bench_ws');
const dbUrl = benchDb.url;

const key = randomBytes(16).toString('hex');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaodun-bench-ws-'));
const { child, url } = await startBuiltPlatform(root, { ...process.env, PORT: '0', DATABASE_URL: dbUrl, YAODUN_DATA_DIR: dataDir, YAODUN_BOOTSTRAP_HIS_KEY: key, YAODUN_DEMO: '1', YAODUN_DEMO_PASSWORD: PASSWORD, YAODUN_REVIEW_TIMEOUT_SECONDS: '7200' }, { detached: true });

const db = new pg.Client({ connectionString: dbUrl });
await db.connect();
let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;

try {
  // 1. One prescription through the real engine, then 10,000 clones in SQL.
  const seedNo = `BENCH-SEED-${Date.now()}`;
  const res = await fetch(`${url}/his/v1/prescriptions/check`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(sixDrugPrescription(seedNo)) });
  if (res.status !== 200) throw new Error(`seed check: HTTP ${res.status}`);
  const t0 = performance.now();
  // RFC 4122 v4-shaped ids (the API validates ids as UUIDs), deterministic per row.
  const uid = (prefix: string) => `(substr(md5('${prefix}' || g), 1, 12) || '4' || substr(md5('${prefix}' || g), 14, 3) || '8' || substr(md5('${prefix}' || g), 18, 15))::uuid::text`;
  await db.query('BEGIN');
  await db.query(`CREATE TEMP TABLE seed AS
    SELECT p.id AS pid, p.patient_id, v.id AS vid, c.id AS cid, t.id AS tid FROM prescriptions p
      JOIN prescription_versions v ON v.prescription_id = p.id JOIN check_runs c ON c.version_id = v.id JOIN review_tasks t ON t.version_id = v.id
     WHERE p.prescription_no = $1`, [seedNo]);
  await db.query(`CREATE TEMP TABLE gen AS SELECT g, ${uid('pa')} AS pa, ${uid('rx')} AS rx, ${uid('ve')} AS ve, ${uid('cr')} AS cr, ${uid('ta')} AS ta,
      (ARRAY['inst-tz-1','inst-tz-2','inst-tz-3','inst-vc-1','inst-vc-2','inst-county'])[1 + g % 6] AS inst,
      (ARRAY['全科','内科','儿科','外科','妇产科','急诊科'])[1 + (g / 6) % 6] AS dept,
      (ARRAY['caution','not-recommended','contraindicated','caution'])[1 + g % 4] AS lvl
    FROM generate_series(1, ${TASKS}) g`);
  await db.query(`INSERT INTO patients (id, institution_id, his_patient_id, name, sex, birth_date)
    SELECT gen.pa, gen.inst, 'BP' || g, (ARRAY['赵','钱','孙','李','周','吴','郑','王','冯','陈'])[1 + g % 10] || (ARRAY['秀英','建国','桂兰','志强','丽华','德明','淑珍','海燕'])[1 + g % 8], CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END, date '1950-01-01' + (g % 20000) FROM gen`);
  await db.query(`INSERT INTO prescriptions (id, institution_id, prescription_no, patient_id, kind, current_version, status)
    SELECT gen.rx, gen.inst, 'BENCH-' || g, gen.pa, 'outpatient', 1, 'pending' FROM gen`);
  await db.query(`INSERT INTO prescription_versions (id, prescription_id, version, status, visit_type, department_name, doctor_code, doctor_name, doctor_title, prescribed_at, payload)
    SELECT gen.ve, gen.rx, 1, 'pending', v.visit_type, gen.dept, v.doctor_code, v.doctor_name, v.doctor_title, now() - make_interval(secs => g), v.payload FROM gen, seed JOIN prescription_versions v ON v.id = seed.vid`);
  await db.query(`INSERT INTO check_runs (id, version_id, pack_id, pack_revision, max_level, action, duration_ms)
    SELECT gen.cr, gen.ve, c.pack_id, c.pack_revision, gen.lvl, 'review', c.duration_ms FROM gen, seed JOIN check_runs c ON c.id = seed.cid`);
  await db.query(`INSERT INTO findings (id, check_run_id, seq, check_type, level, rule_id, review_code, orders, summary, what, why, action, sources, facts)
    SELECT gen.cr || '-' || f.seq, gen.cr, f.seq, f.check_type, f.level, f.rule_id, f.review_code, f.orders, f.summary, f.what, f.why, f.action, f.sources, f.facts
      FROM gen, seed JOIN findings f ON f.check_run_id = seed.cid`);
  await db.query(`INSERT INTO review_tasks (id, prescription_id, version_id, status, max_level, deadline, created_at)
    SELECT gen.ta, gen.rx, gen.ve, 'pending', gen.lvl, now() + make_interval(secs => 1800 + g % 5000), now() - make_interval(secs => g) FROM gen`);
  await db.query('COMMIT');
  await db.query('ANALYZE');
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM review_tasks WHERE status = 'pending'`)).rows as [{ n: number }];
  process.stdout.write(`seeded ${n} pending tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  // The queue endpoint alone, for reading the numbers below.
  const login = (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'yaoshi', password: PASSWORD }) })).json()) as { token: string };
  for (let i = 0; i < 2; i++) {
    const q0 = performance.now();
    const list = await fetch(`${url}/api/tasks?scope=open`, { headers: { authorization: `Bearer ${login.token}` } });
    const text = await list.text();
    process.stdout.write(`GET /api/tasks?scope=open: HTTP ${list.status}, ${(text.length / 1024 / 1024).toFixed(1)} MiB in ${(performance.now() - q0).toFixed(0)} ms\n`);
  }

  // A task's detail and its patient's 360° view alone, for reading taskOpen below.
  {
    const { rows } = await db.query<{ tid: string; pid: string }>("SELECT t.id AS tid, p.patient_id AS pid FROM review_tasks t JOIN prescriptions p ON p.id = t.prescription_id WHERE p.prescription_no = 'BENCH-3'");
    const auth = { authorization: `Bearer ${login.token}` };
    for (const [label, p] of [['task', `/api/tasks/${rows[0]!.tid}`], ['360', `/api/patients/${rows[0]!.pid}/360`]] as const) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const q0 = performance.now();
        const r = await fetch(`${url}${p}`, { headers: auth });
        await r.text();
        times.push(performance.now() - q0);
      }
      process.stdout.write(`GET ${label}: ${times.map((x) => x.toFixed(0)).join(', ')} ms\n`);
    }
  }

  // 2. Chromium on the built renderer the platform serves.
  browser = await chromium.launch({
    executablePath: process.env.YAODUN_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  // tsx compiles with keepNames: functions sent to the page call its __name helper.
  await page.addInitScript('window.__name = (t, v) => { try { Object.defineProperty(t, "name", { value: v, configurable: true }); } catch { /* frozen */ } return t; };');
  await page.addInitScript(() => {
    const lt: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = lt;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) lt.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __bench: Record<string, number> };
    w.__bench = {};
    const original = window.fetch.bind(window);
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await original(...args);
      if (String(args[0]).includes('/api/auth/login')) {
        w.__bench.loginDone = performance.now();
        const poll = () => {
          if (document.querySelector('[data-testid="task-row"]') !== null) w.__bench.firstRow = performance.now();
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }
      return response;
    };
  });
  await page.goto(`${url}/`);
  await page.getByTestId('login-username').fill('yaoshi');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  page.on('console', (m) => { if (m.type() === 'error') process.stdout.write(`[browser] ${m.text().slice(0, 300)}\n`); });
  try {
    await page.locator('[data-testid="task-row"]').first().waitFor({ timeout: 60_000 });
  } catch (e) {
    await page.screenshot({ path: path.join(os.tmpdir(), 'bench-workstation-failed.png') });
    throw e;
  }
  const firstRender = await page.evaluate(() => {
    const b = (window as unknown as { __bench: Record<string, number> }).__bench;
    return b.firstRow! - b.loginDone!;
  });
  const openCount = await page.getByTestId('scope-open').textContent();
  process.stdout.write(`queue: ${openCount}\n`);
  // Steady state before scrolling: the full list behind the first page, and the rule pack
  // (verified and indexed on the main thread after the first screen) in the header.
  await page.locator('[data-testid="pack-revision"][data-state="current"]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  process.stdout.write(`startup long tasks (ms): ${longTasks.map((x) => x.toFixed(0)).join(', ') || 'none'}\n`);

  // 3. Scroll the virtual table for ~5 s, recording frame times.
  const frames = await page.evaluate(async () => {
    const holder = document.querySelector<HTMLElement>('.ant-table-tbody-virtual-holder') ?? document.querySelector<HTMLElement>('.ant-table-body');
    if (holder === null) throw new Error('virtual table holder not found');
    const deltas: number[] = [];
    let last = performance.now();
    let frame = 0;
    await new Promise<void>((done) => {
      const step = (now: number) => {
        deltas.push(now - last);
        last = now;
        holder.scrollTop += 240; // ~6 rows a frame: a fast flick, sustained
        if (++frame < 300) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    return { deltas: deltas.slice(1), scrollTop: holder.scrollTop };
  });
  const scrollP95 = pct(frames.deltas, 95);
  process.stdout.write(`scroll: ${frames.deltas.length} frames, scrolled to ${frames.scrollTop}px, p50=${pct(frames.deltas, 50).toFixed(1)} p95=${scrollP95.toFixed(1)} max=${Math.max(...frames.deltas).toFixed(1)} ms\n`);

  // 4. Open tasks and decide, with a HIS long-poll waiting on each.
  const opens: number[] = [];
  const decisions: number[] = [];
  const has360 = async () => (await page.locator('[data-testid="patient-360"]').count()) > 0;
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => { const h = document.querySelector<HTMLElement>('.ant-table-tbody-virtual-holder'); if (h) h.scrollTop = 0; });
    const row = page.locator('[data-testid="task-row"]').nth(i + 1);
    await row.waitFor();
    const taskId = await row.getAttribute('data-task-id');
    const opened = await page.evaluate(async (id) => {
      const el = document.querySelector<HTMLElement>(`[data-testid="task-row"][data-task-id="${id}"] .ant-table-cell`);
      const t = performance.now();
      el!.click();
      return new Promise<number>((resolve) => {
        const poll = () => {
          const pane = document.querySelector(`[data-testid="task-detail"][data-task-id="${id}"]`);
          // Ready = the findings and the patient's 360° view (the tab a task opens on) are painted.
          const ready = pane?.querySelector('[data-testid="finding"]') && pane.querySelector('[data-testid="patient-360"][data-state="ready"]');
          if (ready) resolve(performance.now() - t);
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      });
    }, taskId);
    opens.push(opened);
    const { rows } = await db.query<{ no: string; code: string }>('SELECT p.prescription_no AS no, i.code FROM review_tasks t JOIN prescriptions p ON p.id = t.prescription_id JOIN institutions i ON i.id = p.institution_id WHERE t.id = $1', [taskId]);
    const rx = rows[0]!;
    await page.getByTestId('decision-approve').waitFor();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="decision-approve"]') as HTMLButtonElement).disabled);
    const longPoll = fetch(`${url}/his/v1/prescriptions/${rx.no}/result?institutionCode=${rx.code}&wait=30`, { headers: { authorization: `Bearer ${key}` } }).then(async (r) => ({ at: performance.now(), body: (await r.json()) as { status: string } }));
    await new Promise((r) => setTimeout(r, 100)); // the long-poll is parked on the platform
    const clicked = performance.now();
    await page.getByTestId('decision-approve').click();
    const answered = await longPoll;
    if (answered.body.status !== 'approved') throw new Error(`HIS saw ${answered.body.status}`);
    decisions.push(answered.at - clicked);
  }
  process.stdout.write(`firstRender: ${firstRender.toFixed(0)} ms (login answered → first row painted)\n`);
  process.stdout.write(`taskOpen samples: ${opens.map((x) => x.toFixed(0)).join(', ')} ms (360° view in this build: ${(await has360()) ? 'yes' : 'no'})\n`);
  process.stdout.write(`decisionToHis samples: ${decisions.map((x) => x.toFixed(0)).join(', ')} ms\n`);
  process.stdout.write(`workstation firstRender=${firstRender.toFixed(0)} scrollFrameP95=${scrollP95.toFixed(1)} taskOpen=${median(opens).toFixed(0)} decisionToHis=${median(decisions).toFixed(0)}\n`);
} finally {
  await browser?.close();
  await db.end();
  try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(dataDir, { recursive: true, force: true });
  await benchDb.drop();
}
process.exit(0);
