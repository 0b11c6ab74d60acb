// Scores Groundwork on the evaluation set (eval/dev by default) through its language server,
// as an editor sees it: claim flagging (precision, recall, F1, overall, per kind and per
// code, false flags on verbatim quotes and on no-claim lines), instrument hovers and
// diagnostics, and phrase completions (hit@1, hit@5).
// Usage: node scripts/eval.mjs [SET_DIR] [claims|instruments|phrases|all] [--json]
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { LspClient } = require(join(root, 'out', 'test', 'protocol', 'lspClient.js'));
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const asJson = process.argv.includes('--json');
const setDir = resolve(args[0] ?? join(root, 'eval', 'dev'));
const which = args[1] ?? 'all';
const CLAIM_CODES = new Set(['unsupported-claim', 'number-mismatch', 'date-mismatch', 'instrument-mismatch', 'attribution-mismatch', 'negation-mismatch']);
const jsonl = (p) => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const ratio = (a, b) => (b === 0 ? null : +(a / b).toFixed(3));
const f1 = (p, r) => (p === null || r === null || p + r === 0 ? 0 : +((2 * p * r) / (p + r)).toFixed(3));

function workspace() {
  const ws = mkdtempSync(join(tmpdir(), 'gw-eval-'));
  cpSync(join(root, 'corpus'), join(ws, 'corpus'), { recursive: true });
  return ws;
}

async function withServer(ws, fn) {
  const client = new LspClient(ws, { groundwork: { diagnostics: { delayMs: 0 } } });
  try {
    await client.initialize();
    await client.ready(120000);
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** A set with claims but no drafts: one draft with each claim on its own line. */
function syntheticDrafts(claims) {
  const dir = mkdtempSync(join(tmpdir(), 'gw-eval-drafts-'));
  const lines = ['# Claims', ''];
  const labels = { claims: {}, no_claim_lines: [0] };
  for (const c of claims) {
    labels.claims[c.id] = lines.length;
    lines.push(c.text, '');
  }
  writeFileSync(join(dir, 'claims.md'), lines.join('\n'));
  writeFileSync(join(dir, 'claims.labels.json'), JSON.stringify(labels));
  return dir;
}

async function scoreClaims() {
  const ws = workspace();
  const claims = Object.fromEntries(jsonl(join(setDir, 'claims.jsonl')).map((c) => [c.id, c]));
  const draftDir = existsSync(join(setDir, 'drafts')) ? join(setDir, 'drafts') : syntheticDrafts(Object.values(claims));
  const drafts = readdirSync(draftDir).filter((f) => f.endsWith('.md'));
  const result = { tp: 0, fp: 0, fn: 0, tn: 0, noClaimFlags: 0, perKind: {}, perCode: {}, wrong: [] };
  await withServer(ws, async (client) => {
    for (const d of drafts) {
      const text = readFileSync(join(draftDir, d), 'utf8');
      const labels = JSON.parse(readFileSync(join(draftDir, d.replace(/\.md$/, '.labels.json')), 'utf8'));
      const uri = client.open(d, text);
      const diags = (await client.waitForDiagnostics(uri, 120000)).filter((x) => CLAIM_CODES.has(String(x.code)));
      const flagsOn = (line) => diags.filter((x) => x.range.start.line <= line && x.range.end.line >= line);
      for (const [id, line] of Object.entries(labels.claims)) {
        const c = claims[id];
        const flags = flagsOn(line);
        const k = (result.perKind[c.kind] ??= { n: 0, flagged: 0, label: c.label });
        k.n++;
        if (flags.length) k.flagged++;
        for (const f of flags) {
          const pc = (result.perCode[f.code] ??= { flags: 0, correct: 0 });
          pc.flags++;
          if (c.label === 'unsupported') pc.correct++;
        }
        const unsupported = c.label === 'unsupported';
        if (unsupported && flags.length) result.tp++;
        else if (unsupported) { result.fn++; result.wrong.push(`${id} (${c.kind}) not flagged: ${c.text}`); }
        else if (flags.length) { result.fp++; result.wrong.push(`${id} (${c.kind}) flagged ${flags[0].code}: ${flags[0].message}`); }
        else result.tn++;
      }
      for (const line of labels.no_claim_lines ?? []) if (flagsOn(line).length) result.noClaimFlags++;
    }
  });
  const p = ratio(result.tp, result.tp + result.fp);
  const r = ratio(result.tp, result.tp + result.fn);
  const perKind = Object.fromEntries(Object.entries(result.perKind).map(([k, v]) => [k, v.label === 'unsupported'
    ? { n: v.n, recall: ratio(v.flagged, v.n) } : { n: v.n, falseFlagRate: ratio(v.flagged, v.n) }]));
  const perCode = Object.fromEntries(Object.entries(result.perCode).map(([k, v]) => [k, { flags: v.flags, precision: ratio(v.correct, v.flags) }]));
  return { precision: p, recall: r, f1: f1(p, r), tp: result.tp, fp: result.fp, fn: result.fn, tn: result.tn, noClaimFlags: result.noClaimFlags,
    verbatimFalseFlags: result.perKind.verbatim?.flagged ?? 0, perKind, perCode, wrong: result.wrong };
}

async function scoreInstruments() {
  const ws = workspace();
  const items = jsonl(join(setDir, 'instruments.jsonl'));
  const text = items.map((i) => i.line).join('\n') + '\n';
  writeFileSync(join(ws, 'mentions.md'), text);
  return withServer(ws, async (client) => {
    const uri = client.open('mentions.md', text);
    const diags = await client.waitForDiagnostics(uri, 120000);
    let right = 0, n = 0; const wrong = []; const ms = [];
    for (const [ln, it] of items.entries()) {
      let from = 0;
      for (const [sub, expect] of it.probes ?? []) {
        const at = it.line.indexOf(sub, from);
        from = at + sub.length;
        n++;
        const t0 = performance.now();
        const h = await client.hover(uri, ln, at + Math.floor(sub.length / 2));
        ms.push(performance.now() - t0);
        const shown = JSON.stringify(h?.contents ?? '').toLowerCase();
        if (shown.includes(expect.toLowerCase())) right++; else wrong.push(`${sub} → ${expect}`);
      }
    }
    const expected = items.map((it, ln) => [it, ln]).filter(([it]) => it.expect_diagnostic);
    const found = expected.filter(([it, ln]) => diags.some((d) => d.range.start.line === ln && d.code === it.expect_diagnostic));
    const falseDiagnostics = diags.filter((d) => ['instrument-mismatch', 'unknown-instrument'].includes(d.code) && !items[d.range.start.line]?.expect_diagnostic).length;
    ms.sort((a, b) => a - b);
    return { hoverAccuracy: ratio(right, n), hovers: n, wrong, diagnosticRecall: ratio(found.length, expected.length), falseDiagnostics,
      hoverP50ms: +ms[Math.floor(ms.length / 2)].toFixed(2), hoverMaxMs: +ms[ms.length - 1].toFixed(2) };
  });
}

async function scorePhrases() {
  const ws = workspace();
  const items = jsonl(join(setDir, 'phrases.jsonl'));
  const text = items.map((i) => i.prefix + ' ').join('\n\n') + '\n';
  writeFileSync(join(ws, 'phrases.md'), text);
  const clean = (s) => String(s ?? '').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
  return withServer(ws, async (client) => {
    const uri = client.open('phrases.md', text);
    await client.waitForDiagnostics(uri, 60000);
    let hit1 = 0, hit5 = 0; const wrong = []; const ms = [];
    for (const [k, it] of items.entries()) {
      const t0 = performance.now();
      const res = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 2 * k, character: it.prefix.length + 1 } });
      ms.push(performance.now() - t0);
      const list = Array.isArray(res) ? res : res?.items ?? [];
      const texts = [...list].sort((a, b) => String(a.sortText ?? a.label).localeCompare(String(b.sortText ?? b.label))).map((i) => clean(i.textEdit?.newText ?? i.insertText ?? i.label));
      const ok = (t) => it.expect_any.some((e) => t.startsWith(e.toLowerCase()) || (t.includes(' ' + e.toLowerCase()) && t.indexOf(e.toLowerCase()) < 40));
      if (texts.slice(0, 1).some(ok)) hit1++;
      if (texts.slice(0, 5).some(ok)) hit5++; else wrong.push(`${it.prefix} → ${texts.slice(0, 5).join(' | ')}`);
    }
    ms.sort((a, b) => a - b);
    return { hit1: ratio(hit1, items.length), hit5: ratio(hit5, items.length), n: items.length, wrong,
      p50ms: +ms[Math.floor(ms.length / 2)].toFixed(2), maxMs: +ms[ms.length - 1].toFixed(2) };
  });
}

const out = {};
if (which === 'all' || which === 'claims') out.claims = await scoreClaims();
if (which === 'all' || which === 'instruments') out.instruments = await scoreInstruments();
if (which === 'all' || which === 'phrases') out.phrases = await scorePhrases();
if (asJson) console.log(JSON.stringify(out, null, 1));
else {
  if (out.claims) {
    const c = out.claims;
    console.log(`Claims      precision ${c.precision}  recall ${c.recall}  F1 ${c.f1}  (tp ${c.tp} fp ${c.fp} fn ${c.fn} tn ${c.tn}); verbatim false flags ${c.verbatimFalseFlags}; flags on no-claim lines ${c.noClaimFlags}`);
    for (const [k, v] of Object.entries(c.perKind)) console.log(`  kind ${k.padEnd(12)} n=${v.n}  ${'recall' in v ? `recall ${v.recall}` : `false-flag rate ${v.falseFlagRate}`}`);
    for (const [k, v] of Object.entries(c.perCode)) console.log(`  code ${k.padEnd(22)} flags=${v.flags}  precision ${v.precision}`);
    for (const w of c.wrong) console.log(`  ✗ ${w}`);
  }
  if (out.instruments) {
    const i = out.instruments;
    console.log(`Instruments hover accuracy ${i.hoverAccuracy} (${i.hovers} hovers, p50 ${i.hoverP50ms} ms, max ${i.hoverMaxMs} ms); diagnostic recall ${i.diagnosticRecall}; false diagnostics ${i.falseDiagnostics}`);
    for (const w of i.wrong) console.log(`  ✗ ${w}`);
  }
  if (out.phrases) {
    const p = out.phrases;
    console.log(`Phrases     hit@1 ${p.hit1}  hit@5 ${p.hit5}  (n=${p.n}, p50 ${p.p50ms} ms, max ${p.maxMs} ms)`);
    for (const w of p.wrong) console.log(`  ✗ ${w}`);
  }
}
