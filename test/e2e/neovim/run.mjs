#!/usr/bin/env node
// Editor test: Groundwork's language server in headless Neovim (a second, independent LSP client).
//
//   node test/e2e/neovim/run.mjs [--keep] [--verbose]
//
// Starts `node dist/server.js --stdio` from Neovim (Debian 12 ships 0.7.2; probe.lua uses only its
// APIs) on a scratch workspace holding the bundled corpus as `corpus/` and the example draft, and
// checks what the server answers: the sentence hover, the instrument hover, the diagnostics and a
// phrase completion. Without `nvim` it says "not run" and exits 0, unless
// GROUNDWORK_EDITOR_TESTS=required (as in CI), where a missing prerequisite is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..', '..');
const NAME = 'neovim editor test';
const REQUIRED = process.env.GROUNDWORK_EDITOR_TESTS === 'required';
const argv = new Set(process.argv.slice(2));
const KEEP = argv.has('--keep');
const VERBOSE = argv.has('--verbose');

function notRun(why) {
  if (REQUIRED) {
    console.error(`${NAME}: FAILED: ${why} (GROUNDWORK_EDITOR_TESTS=required)`);
    process.exit(1);
  }
  console.log(`${NAME}: not run: ${why}`);
  process.exit(0);
}

// ---- prerequisites
const v = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
if (v.error || v.status !== 0) notRun('nvim missing (Debian: apt-get install neovim)');
const nvimVersion = (v.stdout.match(/NVIM v(\d+)\.(\d+)\.(\d+)/) || []).slice(1).map(Number);
if (nvimVersion.length !== 3 || nvimVersion[0] === 0 && nvimVersion[1] < 7) notRun(`nvim ${nvimVersion.join('.') || '?'} is older than 0.7`);
const serverJs = path.join(ROOT, 'dist', 'server.js');
if (!fs.existsSync(serverJs)) {
  console.error(`${NAME}: FAILED: ${serverJs} missing; run npm run build first`);
  process.exit(1);
}

// ---- scratch workspace: the bundled corpus as the workspace's corpus/, and the example draft
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-nvim-'));
const ws = path.join(scratch, 'ws');
fs.cpSync(path.join(ROOT, 'corpus'), path.join(ws, 'corpus'), { recursive: true });
fs.mkdirSync(path.join(ws, 'examples'), { recursive: true });
const draft = path.join(ws, 'examples', 'draft-conclusions.md');
fs.copyFileSync(path.join(ROOT, 'examples', 'draft-conclusions.md'), draft);
const draftText = fs.readFileSync(draft, 'utf8');
const draftLines = draftText.split('\n');

/** 0-based line and UTF-16 character of `needle` (+ delta characters) in the draft. */
function positionOf(needle, delta = 0) {
  const i = draftLines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not found in examples/draft-conclusions.md`);
  return { line: i, character: draftLines[i].indexOf(needle) + delta };
}
const SENTENCE = 'The Meeting held six sittings.';
const INSTRUMENT_LINE = '1994 (No. 97)';
const sentencePos = positionOf(SENTENCE, 'The Meeting '.length);
const instrumentPos = positionOf(INSTRUMENT_LINE, '1994 (No. '.length); // on the "9" of 97
const COMPLETION_PREFIX = 'In consultation with the social ';

const spec = {
  cmd: [process.execPath, serverJs, '--stdio'],
  cwd: ws,
  file: draft,
  root: ws,
  languageId: 'markdown',
  timeoutMs: 15000,
  diagWaitMs: 30000,
  diagSettleMs: 1500,
  hovers: [
    { name: 'sentence', ...sentencePos },
    { name: 'instrument', ...instrumentPos },
  ],
  completion: { appendLine: COMPLETION_PREFIX },
};
const specFile = path.join(scratch, 'spec.json');
const outFile = path.join(scratch, 'result.json');
fs.writeFileSync(specFile, JSON.stringify(spec));

// ---- run Neovim (XDG dirs in the scratch dir: nothing is written to $HOME)
const t0 = Date.now();
const env = {
  ...process.env, GW_NVIM_SPEC: specFile, GW_NVIM_OUT: outFile,
  XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'data'),
  XDG_CACHE_HOME: path.join(scratch, 'cache'), XDG_STATE_HOME: path.join(scratch, 'state'),
};
const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '--noplugin', '-c', `luafile ${path.join(HERE, 'probe.lua')}`], {
  cwd: ws, env, encoding: 'utf8', timeout: 120000, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'],
});
const wallMs = Date.now() - t0;
let result;
try {
  result = JSON.parse(fs.readFileSync(outFile, 'utf8'));
} catch {
  const lspLog = ['cache', 'state'].map((d) => path.join(scratch, d, 'nvim', 'lsp.log')).find((f) => fs.existsSync(f));
  console.error(`${NAME}: FAILED: nvim wrote no result (exit ${run.status}${run.signal ? `, ${run.signal}` : ''}${run.error ? `, ${run.error.message}` : ''})`);
  console.error((run.stdout + run.stderr).slice(-3000));
  if (lspLog) console.error(`lsp.log tail:\n${fs.readFileSync(lspLog, 'utf8').slice(-3000)}`);
  cleanup();
  process.exit(1);
}
if (VERBOSE) console.log(JSON.stringify(result, null, 2));

// ---- checks (a "pending" note names a feature being built in parallel: the check is its spec)
const checks = [];
const check = (name, pass, detail, pending) => checks.push({ name, pass: !!pass, detail, pending });
const hover = (n) => result.hovers?.find((h) => h.name === n) ?? {};
const text = (h) => (typeof h.text === 'string' ? h.text : '');

check('server started, answered and stopped', result.ok && !result.error, result.error ?? `nvim ${result.nvim}, server ${JSON.stringify(result.serverInfo)}, exit ${JSON.stringify(result.server_exit)}`);
const sh = hover('sentence');
check(`hover on "${SENTENCE}" shows "Closest sources" and "para. 8"`, text(sh).includes('Closest sources') && text(sh).includes('para. 8'),
  sh.error ? `error ${JSON.stringify(sh.error)}` : `hover: ${JSON.stringify(text(sh).slice(0, 300))}`);
const ih = hover('instrument');
check('hover on "No. 97" starts with "C097 —"', text(ih).replace(/^[\s*_#]+/, '').startsWith('C097 —'),
  ih.error ? `error ${JSON.stringify(ih.error)}` : `hover: ${JSON.stringify(text(ih).slice(0, 200))}`, 'instrument hover');
const diags = result.diagnostics ?? [];
const mismatch = diags.filter((d) => d.code === 'instrument-mismatch' && d.line === instrumentPos.line);
check(`diagnostic instrument-mismatch on line ${instrumentPos.line + 1} ("${INSTRUMENT_LINE}")`, mismatch.length > 0,
  `${diags.length} diagnostic(s): ${JSON.stringify(diags.map((d) => `${d.line + 1}:${d.character + 1} ${d.code} ${d.message}`.slice(0, 160)))}`, 'instrument-mismatch diagnostics');
check('every diagnostic has source "groundwork"', diags.every((d) => d.source === 'groundwork'),
  JSON.stringify([...new Set(diags.map((d) => d.source))]));
const items = [...(result.completion?.items ?? [])].sort((a, b) => {
  const ka = typeof a.sortText === 'string' ? a.sortText : a.label; const kb = typeof b.sortText === 'string' ? b.sortText : b.label;
  return ka < kb ? -1 : ka > kb ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
});
const top5 = items.slice(0, 5);
const offers = (it) => [it.label, it.insertText].some((s) => typeof s === 'string' && s.trim().toLowerCase().startsWith('partners'));
check(`completion after "${COMPLETION_PREFIX}" offers "partners" among the first five`, top5.some(offers),
  result.completion?.error ? `error ${JSON.stringify(result.completion.error)}` : `${items.length} item(s), first: ${JSON.stringify(top5.map((i) => i.label))}`, 'phrase completions');

// ---- report
console.log(`${NAME}: Neovim ${result.nvim ?? '?'} headless as the LSP client of dist/server.js`);
for (const c of checks) {
  const tag = c.pass ? 'PASS' : c.pending ? `FAIL (pending feature: ${c.pending})` : 'FAIL';
  console.log(`  ${tag}  ${c.name}\n        ${c.detail}`);
}
const failed = checks.filter((c) => !c.pass).length;
const tm = result.timings ?? {};
console.log(`  nvim ${result.nvim}; wall ${wallMs} ms (initialized ${tm.initialized}, diagnostics settled ${tm.diagnostics}, hovers ${tm.hovers}, completion ${tm.completion}, stopped ${tm.stopped})`);
console.log(`${NAME}: ${failed ? 'FAILED' : 'ok'}`);
console.log(`neovim: ${checks.length - failed} passed, ${failed} failed`);
cleanup();
process.exit(failed ? 1 : 0);

function cleanup() {
  if (KEEP) console.log(`  kept ${scratch}`);
  else fs.rmSync(scratch, { recursive: true, force: true });
}
