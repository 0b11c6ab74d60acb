#!/usr/bin/env node
// Editor test: the packaged Groundwork extension in a real VS Code workbench.
//
//   node test/e2e/codeserver/run.mjs [--vsix groundwork.vsix] [--out DIR] [--update-docs] [--keep] [--headed] [--verbose]
//
// A VS Code desktop build cannot be downloaded everywhere, so this serves the VS Code 1.100
// workbench with code-server (installed by setup.sh into a cache dir outside the repo) and drives
// it with Debian's Chromium through playwright-core. The extension runs in code-server's
// extension host: the same extension host, vscode-languageclient and LSP wiring as desktop.
//
// Steps: package the .vsix with vsce (or take --vsix) and check what it holds; make a scratch
// workspace with the bundled corpus as corpus/ and examples/draft-conclusions.md; install the .vsix
// into code-server; serve it on 127.0.0.1 (no auth, no telemetry, no marketplace); open the draft;
// then read what a user sees: the status bar, the hover on a sentence and on an instrument, the
// Problems panel, and the suggestions after typing a phrase. Screenshots with stable names go to
// --out (default test/e2e/.screenshots/codeserver, git-ignored); --update-docs also copies the
// README's ones into docs/images/. Everything started is stopped; exit 1 on any failed check.
//
// Prerequisites missing (code-server, playwright-core, Chromium): "not run" and exit 0, unless
// GROUNDWORK_EDITOR_TESTS=required (as in CI), where that is a failure.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..', '..');
const NAME = 'code-server editor test';
const REQUIRED = process.env.GROUNDWORK_EDITOR_TESTS === 'required';
const CACHE = process.env.GROUNDWORK_E2E_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'groundwork-e2e');
const CODE_SERVER = process.env.CODE_SERVER_ENTRY || path.join(CACHE, 'code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DOC_SHOTS = ['hover.png', 'instrument-hover.png', 'problems.png', 'completion.png', 'coverage.png', 'outline.png']; // the README's

const args = { out: path.join(ROOT, 'test', 'e2e', '.screenshots', 'codeserver'), timeoutMs: 20000 };
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const val = () => { if (i + 1 >= a.length) usage(`missing value for ${a[i]}`); return a[++i]; };
    switch (a[i]) {
      case '--vsix': args.vsix = path.resolve(val()); break;
      case '--out': args.out = path.resolve(val()); break;
      case '--timeout-ms': args.timeoutMs = Number(val()); break;
      case '--update-docs': args.updateDocs = true; break;
      case '--keep': args.keep = true; break;
      case '--headed': args.headed = true; break;
      case '--verbose': args.verbose = true; break;
      default: usage(`unknown argument ${a[i]}`);
    }
  }
}
function usage(msg) {
  console.error(`${NAME}: ${msg}\nusage: node test/e2e/codeserver/run.mjs [--vsix FILE] [--out DIR] [--update-docs] [--timeout-ms N] [--keep] [--headed] [--verbose]`);
  process.exit(2);
}

const t0 = Date.now();
const timings = {};
const mark = (k) => { timings[k] = Date.now() - t0; progress(`${k} at ${timings[k]} ms`); };
function progress(m) { if (args.verbose) process.stderr.write(`[codeserver] ${m}\n`); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const checks = [];
const check = (name, pass, detail, pending) => { checks.push({ name, pass: !!pass, detail, pending }); progress(`${pass ? 'PASS' : 'FAIL'} ${name}: ${detail}`); };

function report(notRun) {
  console.log(`${NAME}: the packaged extension in code-server (VS Code workbench) driven by Chromium`);
  for (const c of checks) {
    const tag = c.pass ? 'PASS' : c.pending ? `FAIL (pending feature: ${c.pending})` : 'FAIL';
    console.log(`  ${tag}  ${c.name}\n        ${c.detail}`);
  }
  const failed = checks.filter((c) => !c.pass).length;
  const t = Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ');
  console.log(`  timings: ${t}`);
  if (!notRun) console.log(`  screenshots: ${args.out}`);
  console.log(`${NAME}: ${failed ? 'FAILED' : notRun ? `packaging checked; browser part not run: ${notRun}` : 'ok'}`);
  console.log(`code-server: ${checks.length - failed} passed, ${failed} failed`);
  return failed;
}

// ------------------------------------------------------------------ the .vsix
if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js')) || !fs.existsSync(path.join(ROOT, 'dist', 'client.js'))) {
  console.error(`${NAME}: FAILED: dist/ is not built; run npm run build first`);
  process.exit(1);
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-codeserver-'));
let vsix = args.vsix;
if (!vsix) {
  vsix = path.join(scratch, 'groundwork.vsix');
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  try {
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
  } catch (e) {
    console.error(`${NAME}: FAILED: vsce package failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(1);
  }
}
mark('packaged');
{
  const entries = zipEntries(fs.readFileSync(vsix));
  const allowed = [/^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/, /^extension\/(package\.json|readme\.md|LICENSE\.txt)$/i,
    /^extension\/dist\/[\w.-]+\.js$/, /^extension\/corpus\/[^/]+$/, /^extension\/server\/data\/[^/]+\.json$/, /^extension\/grammars\/.+/];
  const required = ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/loadWorker.js',
    'extension/server/data/ilo-instruments.json', 'extension/grammars/policy-draft.tmLanguage.json'];
  const extra = entries.filter((e) => !e.endsWith('/') && !allowed.some((r) => r.test(e)));
  const missing = required.filter((r) => !entries.includes(r));
  const corpus = entries.filter((e) => e.startsWith('extension/corpus/')).length;
  check('the .vsix holds only the bundled client, server, CLI (and their bundled chunks), corpus, data, grammars, package.json, README and LICENSE',
    !extra.length && !missing.length && corpus > 0,
    `${(fs.statSync(vsix).size / 1024).toFixed(0)} KB, ${entries.length} entries` +
    `${extra.length ? `; unexpected: ${extra.join(', ')}` : ''}${missing.length ? `; missing: ${missing.join(', ')}` : ''}${corpus ? '' : '; no corpus'}`);
}

// ------------------------------------------------------------------ prerequisites
function loadPlaywright() {
  for (const base of [path.join(CACHE, 'pw', 'package.json'), path.join(ROOT, 'package.json')]) {
    try { return createRequire(base)('playwright-core'); } catch { /* next */ }
  }
  return null;
}
const missing = [];
if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server (${CODE_SERVER})`);
const playwright = loadPlaywright();
if (!playwright) missing.push(`playwright-core (${path.join(CACHE, 'pw')})`);
if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM})`);
if (missing.length) {
  const why = `${missing.join(', ')} missing; install with: bash test/e2e/codeserver/setup.sh`;
  fs.rmSync(scratch, { recursive: true, force: true });
  if (REQUIRED) check('prerequisites installed (GROUNDWORK_EDITOR_TESTS=required)', false, why);
  process.exit(report(REQUIRED ? undefined : why) ? 1 : 0);
}

// ------------------------------------------------------------------ scratch workspace and profile
const ws = path.join(scratch, 'ws');
fs.cpSync(path.join(ROOT, 'corpus'), path.join(ws, 'corpus'), { recursive: true });
fs.mkdirSync(path.join(ws, 'examples'), { recursive: true });
const draft = path.join(ws, 'examples', 'draft-conclusions.md');
fs.copyFileSync(path.join(ROOT, 'examples', 'draft-conclusions.md'), draft);
const draftLines = fs.readFileSync(draft, 'utf8').split('\n');
/** 1-based line and column (UTF-16, as VS Code's Go to Line counts) of `needle` + delta. */
function positionOf(needle, delta = 0) {
  const i = draftLines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not found in examples/draft-conclusions.md`);
  return { line: i + 1, col: draftLines[i].indexOf(needle) + delta + 1 };
}
const SENTENCE = 'The Meeting held six sittings.';
const INSTRUMENT_LINE = '1994 (No. 97)';
const COMPLETION_PREFIX = 'In consultation with the social ';
const sentencePos = positionOf(SENTENCE, 'The Meeting '.length);
const instrumentPos = positionOf(INSTRUMENT_LINE, '1994 (No. '.length);
const LIST_MENTION = 'Conventions Nos 97, 143 and 189';
const listMentionPos = positionOf(LIST_MENTION, 'Conventions Nos '.length); // on the "9" of 97

fs.mkdirSync(args.out, { recursive: true });
for (const f of fs.readdirSync(args.out)) if (f.endsWith('.png')) fs.rmSync(path.join(args.out, f));
const userDataDir = path.join(scratch, 'user-data');
const extDir = path.join(scratch, 'extensions');
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.mkdirSync(extDir, { recursive: true });
fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'editor.hover.delay': 150,
  'editor.hover.sticky': true,
  'editor.minimap.enabled': false,
  'editor.wordWrap': 'on',
  'editor.wordBasedSuggestions': 'off', // only the extension's suggestions:
  'editor.snippetSuggestions': 'none', //   no word-based ones, no Markdown snippets
  'files.hotExit': 'off',
}, null, 2));
fs.writeFileSync(path.join(scratch, 'config.yaml'), 'auth: none\n'); // keeps code-server off ~/.config/code-server
const csEnv = {
  ...process.env,
  // code-server writes logs and state under the XDG dirs: keep them in the scratch dir
  XDG_DATA_HOME: path.join(scratch, 'xdg-data'), XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'),
  XDG_CACHE_HOME: path.join(scratch, 'xdg-cache'), XDG_STATE_HOME: path.join(scratch, 'xdg-state'),
  EXTENSIONS_GALLERY: '{}', // no marketplace
};
const csArgs = [CODE_SERVER, '--config', path.join(scratch, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extDir,
  '--disable-telemetry', '--disable-update-check'];

let cs, context, csExited = null;
async function cleanup() {
  try { await context?.close(); } catch { /* already closed */ }
  if (cs && !csExited) {
    try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* gone */ }
    for (let i = 0; i < 20 && !csExited; i++) await sleep(100);
    try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  try { fs.cpSync(path.join(userDataDir, 'logs'), path.join(args.out, 'logs'), { recursive: true }); } catch { /* no logs */ }
  if (args.keep) console.log(`  kept ${scratch}`);
  else fs.rmSync(scratch, { recursive: true, force: true });
}
const deadline = setTimeout(async () => {
  check('finished within 5 minutes', false, 'overall deadline reached');
  await cleanup();
  report();
  process.exit(1);
}, 300000);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanup(); process.exit(130); });

try {
  // ---------------------------------------------------------------- install and serve
  const installOut = execFileSync(process.execPath, [...csArgs, '--install-extension', vsix], { encoding: 'utf8', timeout: 120000, env: csEnv });
  const listed = execFileSync(process.execPath, [...csArgs, '--list-extensions', '--show-versions'], { encoding: 'utf8', timeout: 60000, env: csEnv }).trim();
  check('code-server installs the .vsix', /successfully installed/i.test(installOut) && /^groundwork\.groundwork@/m.test(listed), `listed: ${listed.replace(/\n/g, ', ')}`);
  mark('installed');

  const port = await new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
  const csLog = fs.createWriteStream(path.join(args.out, 'code-server.log'));
  cs = spawn(process.execPath, [...csArgs, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-proxy',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', ws], {
    env: csEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true, // its own process group: stopped as a whole
  });
  cs.stdout.pipe(csLog); cs.stderr.pipe(csLog);
  cs.on('exit', (c, s) => { csExited = `code-server exited (code ${c}, signal ${s})`; });
  const base = `http://127.0.0.1:${port}`;
  for (let end = Date.now() + 60000; ;) {
    if (csExited) throw new Error(`${csExited}; see ${path.join(args.out, 'code-server.log')}`);
    try { const r = await fetch(`${base}/healthz`); if (r.ok) break; } catch { /* not yet */ }
    if (Date.now() > end) throw new Error('code-server did not answer /healthz within 60 s');
    await sleep(250);
  }
  mark('code_server_up');

  // ---------------------------------------------------------------- browser, workbench, draft
  context = await playwright.chromium.launchPersistentContext(path.join(scratch, 'chromium'), {
    executablePath: CHROMIUM,
    headless: !args.headed,
    // no sandbox as root; no background networking: this machine reaches no other hosts
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 760 },
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(args.timeoutMs);
  const shot = async (name) => { await page.screenshot({ path: path.join(args.out, name) }); };

  const fileUri = `vscode-remote://127.0.0.1:${port}${draft.split(path.sep).map(encodeURIComponent).join('/')}`;
  const payload = JSON.stringify([['openFile', fileUri]]);
  await page.goto(`${base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  mark('workbench_loaded');
  const tab = page.locator('.tabs-container .tab[aria-label*="draft-conclusions.md"]').first();
  try {
    await tab.waitFor({ timeout: 10000 });
  } catch {
    progress('the payload did not open the draft: Quick Open');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('examples/draft-conclusions.md');
    await sleep(800);
    await page.keyboard.press('Enter');
    await tab.waitFor();
  }
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').waitFor();
  mark('draft_open');

  // ---------------------------------------------------------------- status bar: the client started the server, which indexed
  const statusText = () => page.evaluate(() => [...document.querySelectorAll('.statusbar-item')]
    .map((e) => (e.textContent || '').trim()).find((t) => t.includes('Groundwork')) ?? null);
  let status = null;
  for (const end = Date.now() + 60000; Date.now() < end; await sleep(250)) {
    status = await statusText();
    if (status && /Groundwork: 5 sources · [\d,]+ passages/.test(status)) break;
    if (groundworkLogErrors().some((l) => /Server initialization failed|couldn't create connection/.test(l))) break; // it will not start
  }
  const indexed = status && /Groundwork: 5 sources · [\d,]+ passages/.test(status);
  check('the status bar shows the indexed corpus (the client started the server)', indexed,
    `status bar: ${JSON.stringify(status)}${indexed ? '' : `; Groundwork output: ${JSON.stringify(groundworkLogErrors())}`}`);
  if (!indexed) throw new Error('stopped early: the extension\'s language server did not start or index, so hover, problems and completion cannot be checked');
  mark('indexed');

  // diagnostics: wait until the status-bar problem count has held still for 3 s (at most 20 s)
  const problemCount = () => page.evaluate(() => {
    const el = document.querySelector('#status\\.problems, .statusbar-item[id="status.problems"]');
    return el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : '';
  });
  {
    let last = await problemCount(), since = Date.now();
    for (const end = Date.now() + 20000; Date.now() < end && Date.now() - since < 3000; await sleep(250)) {
      const now = await problemCount();
      if (now !== last) { last = now; since = Date.now(); }
    }
    progress(`status bar problems: ${last}`);
  }
  mark('diagnostics_settled');
  await shot('editor.png');

  // ---------------------------------------------------------------- hovers
  // focus the editor by clicking into its visible area (the .view-lines element scrolls out of view)
  const focusEditor = async () => { await editor.locator('.overflow-guard').click({ position: { x: 120, y: 8 } }); };
  const gotoPosition = async ({ line, col }) => {
    await focusEditor();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(`${line}:${col}`);
    await sleep(200);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await sleep(200);
  };
  // Each part of the hover (the LSP hover, a diagnostic's own part) is a .hover-row.
  const readHover = () => page.evaluate(() => {
    const parts = [];
    for (const h of document.querySelectorAll('.monaco-hover:not(.hidden)')) {
      if (!h.getClientRects().length) continue;
      const rows = [...h.querySelectorAll('.monaco-hover-content > .hover-row, .monaco-hover-content > div > .hover-row')]
        .filter((r) => !r.classList.contains('status-bar'));
      if (rows.length) rows.forEach((r) => parts.push(r.innerText.trim()));
      else { const c = h.querySelector('.monaco-hover-content'); if (c) parts.push(c.innerText.trim()); }
    }
    return parts.filter((t) => t && !/^Loading\.\.\.$/.test(t)).map((t) => t.replace(/\u00a0/g, ' '));
  });
  const hoverAt = async (pos) => {
    await gotoPosition(pos);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I'); // editor.action.showHover
    let parts = [], last = '', stable = 0;
    for (const end = Date.now() + 15000; Date.now() < end; await sleep(250)) {
      parts = await readHover().catch(() => []);
      const key = JSON.stringify(parts);
      if (parts.length && key === last) { if (++stable >= 4) break; } else stable = 0; // until it stops changing
      last = key;
    }
    return parts;
  };
  const closeHover = async () => { await page.keyboard.press('Escape'); await page.mouse.move(2, 2); await sleep(200); };

  const sentenceHover = await hoverAt(sentencePos);
  await shot('hover.png');
  const sh = sentenceHover.join('\n');
  check(`hover on "${SENTENCE}" shows "Closest sources" and "para. 8"`, sh.includes('Closest sources') && sh.includes('para. 8'), `hover: ${JSON.stringify(sh.slice(0, 300))}`);
  await closeHover();
  mark('sentence_hover');

  // the mention with a wrong year: the diagnostics' own parts come first, then Groundwork's hover
  const instrumentHover = await hoverAt(instrumentPos);
  await shot('instrument-mismatch-hover.png');
  check(`hover on "No. 97" in "${INSTRUMENT_LINE}" has a part starting with "C097 —"`, instrumentHover.some((p) => p.startsWith('C097 —')),
    `hover parts: ${JSON.stringify(instrumentHover.map((p) => p.slice(0, 120)))}`, 'instrument hover');
  await closeHover();
  const listHover = await hoverAt(listMentionPos);
  await shot('instrument-hover.png');
  check(`hover on "97" in "${LIST_MENTION}" starts with "C097 —"`, listHover.some((p) => p.startsWith('C097 —')),
    `hover parts: ${JSON.stringify(listHover.map((p) => p.slice(0, 120)))}`, 'instrument hover');
  await closeHover();
  mark('instrument_hovers');

  // ---------------------------------------------------------------- Problems panel
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ timeout: 10000 });
  await sleep(800);
  const readRows = () => page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => ({
    text: r.innerText.replace(/\s+/g, ' ').trim(),
    aria: r.getAttribute('aria-label') || '',
    position: r.querySelector('.marker-line')?.textContent?.trim() ?? null,
    isMarker: !!r.querySelector('.marker-message-details, .marker-message, .marker-line'),
  })));
  // the list is virtualised: page through it to see every row
  const rows = new Map();
  for (const r of await readRows()) rows.set(r.aria + r.text, r);
  const list = page.locator('.markers-panel .monaco-list').first();
  if (await list.count()) {
    const box = await list.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + Math.min(40, box.height / 2));
      for (let i = 0; i < 15; i++) {
        const before = rows.size;
        await page.mouse.wheel(0, 200);
        await sleep(150);
        for (const r of await readRows()) rows.set(r.aria + r.text, r);
        if (rows.size === before) break;
      }
      for (let i = 0; i < 15; i++) { await page.mouse.wheel(0, -400); await sleep(60); } // back to the top
      await sleep(300);
      await page.mouse.move(2, 2);
    }
  }
  await shot('problems.png');
  // a diagnostic's row names its source; its relatedInformation rows (source passages) follow it
  const markers = [...rows.values()].filter((r) => r.isMarker && /\bgroundwork\b/.test(r.text));
  const mismatch = markers.filter((m) => m.text.includes('instrument-mismatch') && (m.position ?? '').startsWith(`[Ln ${instrumentPos.line},`));
  check(`the Problems panel lists instrument-mismatch on line ${instrumentPos.line} ("${INSTRUMENT_LINE}")`, mismatch.length > 0,
    `${markers.length} problem(s): ${JSON.stringify(markers.map((m) => m.text.slice(0, 140)))}`, 'instrument-mismatch diagnostics');
  mark('problems');
  // close the panel (F1 > View: Close Panel) so the completion screenshot shows the editor
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type('View: Close Panel');
  await sleep(500);
  await page.keyboard.press('Enter');
  await sleep(300);

  // ---------------------------------------------------------------- quick picks: Check draft (coverage) and Go to Symbol (outline)
  const readQuickPick = () => page.evaluate(() => {
    const w = document.querySelector('.quick-input-widget');
    if (!w || !w.getClientRects().length) return null;
    const rows = [...w.querySelectorAll('.monaco-list-row')].map((r) => (r.getAttribute('aria-label') || r.innerText || '').replace(/\s+/g, ' ').trim());
    const title = (w.querySelector('.quick-input-title')?.textContent || '').trim();
    return { title, rows };
  });
  const waitQuickPick = async (pred) => {
    let qp = null;
    for (const end = Date.now() + 15000; Date.now() < end; await sleep(250)) {
      qp = await readQuickPick().catch(() => null);
      if (qp && pred(qp)) break;
    }
    return qp;
  };
  const runCommand = async (name) => {
    await focusEditor();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(name);
    await sleep(600);
    await page.keyboard.press('Enter');
  };

  await runCommand('Groundwork: Check draft');
  const coverage = await waitQuickPick((q) => /claims ·/.test(q.title) && q.rows.length > 0);
  await sleep(300);
  await shot('coverage.png');
  const cov = /Groundwork: (\d+) claims · (\d+) supported · (\d+) mismatched · (\d+) unsupported/.exec(coverage?.title ?? '');
  // rows are rendered as far as the widget shows them: at most one per claim
  check('Groundwork: Check draft opens a quick pick titled with the coverage summary, a row per flagged claim, mismatches first',
    cov && coverage.rows.length >= Math.min(Number(cov[1]), 3) && coverage.rows.length <= Number(cov[1]) && Number(cov[3]) >= 1 && /-mismatch/.test(coverage.rows[0]),
    `title: ${JSON.stringify(coverage?.title)}; ${coverage?.rows.length ?? 0} rows, first: ${JSON.stringify((coverage?.rows ?? []).slice(0, 2).map((r) => r.slice(0, 140)))}`);
  // picking a claim selects its sentence in the draft
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => {});
  await sleep(400);
  const cursor = await page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].map((e) => (e.textContent || '').trim()).find((t) => /^Ln \d+, Col \d+/.test(t)) ?? null);
  const mismatchLine = Number(/\bline (\d+)\b/.exec(coverage?.rows[0] ?? '')?.[1] ?? -1);
  check(`picking the first claim selects its sentence (line ${mismatchLine})`, cursor && cursor.startsWith(`Ln ${mismatchLine},`) && /selected/.test(cursor),
    `status bar cursor: ${JSON.stringify(cursor)}`);
  mark('check_draft');

  await focusEditor();
  await page.keyboard.press('Control+Shift+O'); // Go to Symbol in Editor: the document symbols
  const symbols = await waitQuickPick((q) => q.rows.some((r) => r.startsWith('(ii)')));
  // in a .md file the Markdown extension lists the headings; Groundwork adds the numbered paragraphs and items, once each
  const headingRows = (symbols?.rows ?? []).filter((r) => r.includes('The Office should:'));
  check('Go to Symbol lists the draft\'s enumerated items (Groundwork) and its headings once (Markdown)',
    symbols && symbols.rows.some((r) => r.startsWith('(i) In line with ILC resolutions')) && symbols.rows.some((r) => r.startsWith('(ii)')) && headingRows.length === 1,
    `rows: ${JSON.stringify((symbols?.rows ?? []).slice(0, 8).map((r) => r.slice(0, 80)))}`);
  await page.keyboard.press('Escape');
  await sleep(200);
  // the Outline view in the Explorer, for the screenshot
  const outlineHeader = page.locator('.pane-header[aria-label*="Outline" i]').first();
  try {
    if ((await outlineHeader.getAttribute('aria-expanded')) !== 'true') await outlineHeader.click();
    await page.locator('.outline-pane .monaco-list-row').first().waitFor({ timeout: 10000 });
    await page.mouse.move(900, 640); // no tooltip over the pane
    await sleep(800);
    const outlineRows = await page.evaluate(() => [...document.querySelectorAll('.outline-pane .monaco-list-row')].map((r) => (r.innerText || '').replace(/\s+/g, ' ').trim()));
    progress(`outline rows: ${JSON.stringify(outlineRows)}`);
  } catch (e) {
    progress(`outline view not shown: ${String(e.message).split('\n')[0]}`);
  }
  await shot('outline.png');
  mark('outline');

  // ---------------------------------------------------------------- completion after typing a phrase (never saved)
  await focusEditor();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type(COMPLETION_PREFIX, { delay: 15 });
  await page.keyboard.press('Escape'); // whatever popped up while typing
  await sleep(300);
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.editor-widget.suggest-widget.visible');
  const items = [];
  try {
    await suggest.waitFor({ timeout: 10000 });
    for (const end = Date.now() + 10000; Date.now() < end && (await suggest.locator('.monaco-list-row').count()) === 0;) await sleep(200);
    await sleep(400);
    await shot('completion.png');
    const focused = () => page.evaluate(() => {
      const row = document.querySelector('.editor-widget.suggest-widget.visible .monaco-list-row.focused');
      return row ? { label: row.querySelector('.label-name')?.textContent ?? row.getAttribute('aria-label'), index: row.getAttribute('data-index') } : null;
    });
    const first = await focused();
    if (first) {
      items.push(first);
      for (let i = 1; i < 30; i++) {
        await page.keyboard.press('ArrowDown');
        await sleep(30);
        const f = await focused();
        if (!f || f.index === first.index) break; // wrapped around
        items.push(f);
      }
    }
  } catch (e) {
    const noSuggestions = await page.locator('.suggest-widget .message, .editor-widget.suggest-widget .message').first().textContent().catch(() => null);
    progress(`no suggest widget: ${e.message.split('\n')[0]} ${noSuggestions ?? ''}`);
    await shot('completion.png');
  }
  await page.keyboard.press('Escape');
  check(`completion after typing "${COMPLETION_PREFIX}" suggests "partners" among the first five`,
    items.slice(0, 5).some((i) => (i.label ?? '').trim().toLowerCase().startsWith('partners')),
    `${items.length} suggestion(s): ${JSON.stringify(items.slice(0, 10).map((i) => i.label))}`, 'phrase completions');
  mark('completion');
} catch (e) {
  check('the workbench test ran to the end', false, String(e?.message ?? e).replace(/\x1b\[[0-9;]*m/g, '').split('\n').slice(0, 3).join(' | '));
  try { await context?.pages()[0]?.screenshot({ path: path.join(args.out, 'error.png') }); } catch { /* no page */ }
} finally {
  clearTimeout(deadline);
  await cleanup();
  mark('total');
}

if (args.updateDocs) {
  const docs = path.join(ROOT, 'docs', 'images');
  fs.mkdirSync(docs, { recursive: true });
  for (const f of DOC_SHOTS) {
    if (fs.existsSync(path.join(args.out, f))) fs.copyFileSync(path.join(args.out, f), path.join(docs, f));
  }
  console.log(`  copied ${DOC_SHOTS.join(', ')} to ${docs}`);
}
process.exit(report() ? 1 : 0);

/** The first error lines of the extension's output channel (VS Code logs it under user-data/logs). */
function groundworkLogErrors() {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (/Groundwork\.log$/.test(e.name)) found.push(...fs.readFileSync(f, 'utf8').split('\n').filter((l) => /^\[Error|^Error:/.test(l)));
    }
  };
  try { walk(path.join(userDataDir, 'logs')); } catch { /* no logs yet */ }
  return found.slice(0, 4);
}

/** Names of the entries of a zip file (a .vsix), from its central directory. */
function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip central directory');
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}
