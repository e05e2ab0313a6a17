// @ts-check
/**
 * yaodun/layering — the layering table of architecture.md, enforced with messages that say
 * what the importing layer may import and how to fix it (VS Code's code-layering rule is the
 * model). Relative imports are resolved against the importing file, so a wrong `../../x`
 * is caught whatever its depth.
 */
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** @param {string} file */
function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  if (rel.startsWith('app/')) return { layer: 'app' };
  if (rel.startsWith('main/preload/')) return { layer: 'preload' };
  if (rel.startsWith('main/')) return { layer: 'main' };
  const feature = /^renderer\/src\/features\/([^/]+)\//.exec(rel);
  if (feature) return { layer: 'renderer', feature: feature[1] };
  if (rel.startsWith('renderer/')) return { layer: 'renderer' };
  if (rel.startsWith('platform/')) return { layer: 'platform' };
  if (rel.startsWith('rules-packs/')) return { layer: 'rules-packs' };
  if (rel.startsWith('e2e/')) return { layer: 'e2e' };
  return { layer: 'other' };
}

const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'events', 'stream', 'zlib', 'worker_threads', 'perf_hooks', 'assert', 'buffer', 'readline', 'tls', 'dns', 'cluster', 'v8', 'vm']);

/** @param {string} spec */
function packageOf(spec) {
  if (spec.startsWith('node:')) return 'node:';
  const base = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] ?? spec;
  return NODE_BUILTINS.has(base) ? 'node:' : base;
}

const RULES = {
  app: {
    allowLayers: ['app'],
    allowPackages: (/** @type {string} */ p) => p === 'zod',
    hint: 'app/ is the pure shared core (domain, engine, knowledge, interop, sync): it may import only app/** and zod — no electron, node:*, DOM, react, dexie, main, renderer or platform. Pass data in from the host instead.',
  },
  main: {
    allowLayers: ['app', 'main', 'preload'],
    allowPackages: (/** @type {string} */ p) => p === 'electron' || p === 'node:' || p === 'electron-updater' || p === 'zod',
    hint: 'main/ (Electron main process) may import app/**, electron and node:* — never renderer/ or platform/. Talk to the renderer only through the typed host contract in app/contracts.',
  },
  preload: {
    allowLayers: ['app'],
    allowPackages: (/** @type {string} */ p) => p === 'electron',
    hint: 'main/preload/ may import only electron (contextBridge, ipcRenderer) and the app/** contracts it implements.',
  },
  renderer: {
    allowLayers: ['app', 'renderer'],
    allowPackages: (/** @type {string} */ p) => p !== 'electron' && p !== 'node:' && p !== 'pg' && p !== 'fastify' && !p.startsWith('@fastify/') && p !== '@electric-sql/pglite',
    hint: 'renderer/ may import app/** and browser libraries only — never electron, node:*, main/ or platform/. Use the host contract (renderer/src/host) or the platform API.',
  },
  platform: {
    allowLayers: ['app', 'platform', 'rules-packs'],
    allowPackages: (/** @type {string} */ p) => p !== 'electron' && p !== 'react' && p !== 'react-dom' && p !== 'dexie' && p !== 'antd',
    hint: 'platform/ may import app/**, rules-packs tools and node libraries — never main/, renderer/ or electron.',
  },
  'rules-packs': {
    allowLayers: ['app', 'rules-packs'],
    allowPackages: (/** @type {string} */ p) => p === 'node:' || p === 'zod' || p === 'vitest' || p === 'fast-check',
    hint: 'rules-packs/ tools may import app/** (schemas, engine) and node:* only.',
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const layering = {
  meta: { type: 'problem', docs: { description: 'Enforce the layering table of architecture.md' }, schema: [], messages: { layer: '{{importer}} must not import {{target}}. {{hint}}', feature: 'Feature "{{from}}" must not import feature "{{to}}" ({{spec}}). Move shared code to renderer/src/shared or lift it into app/.' } },
  create(context) {
    const file = context.filename;
    const me = layerOf(file);
    const rule = RULES[/** @type {keyof typeof RULES} */ (me.layer)];
    if (!rule) return {};
    /** @param {import('estree').Node} node @param {unknown} value */
    function check(node, value) {
      if (typeof value !== 'string') return;
      const spec = value;
      // Tests may use test tooling; the table is about production code paths.
      const isTest = /\.test\.tsx?$/.test(file) || /test-setup/.test(file);
      if (spec.startsWith('.')) {
        const target = layerOf(path.resolve(path.dirname(file), spec) + '/x');
        if (!rule.allowLayers.includes(target.layer)) {
          context.report({ node, messageId: 'layer', data: { importer: `${me.layer}/`, target: `${target.layer}/ (${spec})`, hint: rule.hint } });
          return;
        }
        if (me.layer === 'renderer' && me.feature && target.layer === 'renderer' && target.feature && target.feature !== me.feature) {
          context.report({ node, messageId: 'feature', data: { from: me.feature, to: target.feature, spec } });
        }
        return;
      }
      const pkg = packageOf(spec);
      if (isTest && (pkg === 'vitest' || pkg === 'fast-check' || pkg === 'msw' || pkg === 'node:' || pkg.startsWith('@testing-library') || pkg === 'fake-indexeddb')) return;
      if (!rule.allowPackages(pkg)) context.report({ node, messageId: 'layer', data: { importer: `${me.layer}/`, target: `"${spec}"`, hint: rule.hint } });
    }
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => check(n, n.source.type === 'Literal' ? n.source.value : undefined),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => { if (n.source) check(n, n.source.value); },
    };
  },
};

export default { rules: { layering } };
