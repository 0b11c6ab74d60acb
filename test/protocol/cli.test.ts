import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ROOT } from './lspClient';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Ajv = require('ajv-draft-04');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const addFormats = require('ajv-formats');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join(ROOT, 'examples', 'draft-conclusions.md');
// the CLI keeps its index cache under XDG_CACHE_HOME: a scratch one, not the user's
const CACHE_HOME = mkdtempSync(path.join(tmpdir(), 'gw-cli-cache-'));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: CACHE_HOME } });

describe('CLI (groundwork check, search)', function () {
  this.timeout(30000);

  it('checks the example draft: findings in reading order, exit code 1 for error findings', () => {
    const r = run('check', EXAMPLE);
    assert.strictEqual(r.status, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /draft-conclusions\.md:9:1: error number-mismatch: Source says “105 million” \(GB\.316\/POL\/1, para\. 3\); draft says “150 million”\./);
    assert.ok(lines.some((l) => /:17:\d+: error instrument-mismatch: .*the year is 1949, not 1994/.test(l)), r.stdout);
    assert.match(lines[lines.length - 1], /\d+ findings · 8 claims: \d+ supported, 1 mismatched, 1 unsupported$/);
  });

  it('keeps its index and the instrument mentions under XDG_CACHE_HOME, and answers the same from them', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'gw-cli-cache-'));
    const again = () => spawnSync(process.execPath, [CLI, 'check', EXAMPLE], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } });
    const cold = again();
    const kept = readdirSync(path.join(home, 'groundwork'));
    assert.ok(kept.some((f) => f.endsWith('.gwix')) && kept.some((f) => f.endsWith('.gwmi')), kept.join(', '));
    const warm = again();
    assert.strictEqual(warm.stdout, cold.stdout);
    assert.strictEqual(warm.status, 1);
    // the documents' text damaged after the file was written: found on its first read, the file
    // is removed and the sources are read again, with the same answer
    const index = path.join(home, 'groundwork', kept.find((f) => f.endsWith('.gwix'))!);
    const bytes = readFileSync(index);
    const textStart = Number(bytes.readBigUInt64LE(32));
    const manifestAt = Number(bytes.readBigUInt64LE(24));
    // (past the first pages of text, which share a page with the sections read at open)
    for (let at = textStart + 2 * 16384; at < manifestAt; at += 4096) bytes[at] ^= 0x01;
    writeFileSync(index, bytes);
    const damaged = again();
    assert.match(damaged.stderr, /index cache file is damaged .*; reading the sources again/);
    assert.strictEqual(damaged.stdout, cold.stdout);
    assert.strictEqual(damaged.status, 1);
    assert.ok(readdirSync(path.join(home, 'groundwork')).some((f) => f.endsWith('.gwix')), 'a sound index file is written again');
    assert.strictEqual(again().stderr, '');
  });

  it('prints the stable JSON shape, one object per file', () => {
    const r = run('check', '--format', 'json', EXAMPLE);
    const [report] = JSON.parse(r.stdout);
    assert.deepStrictEqual(Object.keys(report), ['file', 'diagnostics', 'coverage']);
    const d = report.diagnostics[0];
    assert.deepStrictEqual(Object.keys(d).sort(), ['code', 'message', 'range', 'relatedInformation', 'severity', 'source']);
    assert.strictEqual(d.source, 'groundwork');
    assert.match(d.relatedInformation[0].location.uri, /^file:\/\/.*2012-gb316-pol1-labour-migration\.txt$/);
    assert.deepStrictEqual(report.coverage, { claims: 8, supported: 6, mismatched: 1, unsupported: 1 });
  });

  it('prints SARIF 2.1.0 that validates against the schema', () => {
    const r = run('check', '--format', 'sarif', EXAMPLE);
    const log = JSON.parse(r.stdout);
    const ajv = new Ajv({ strict: false, unicodeRegExp: false, logger: false });
    addFormats(ajv);
    const validate = ajv.compile(sarifSchema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    const results = log.runs[0].results;
    assert.ok(results.some((x: any) => x.ruleId === 'number-mismatch' && x.level === 'error' && x.locations[0].physicalLocation.region.startLine === 9));
    assert.strictEqual(results[0].locations[0].physicalLocation.artifactLocation.uri, 'examples/draft-conclusions.md');
  });

  it('exits 0 on a draft the sources support', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-cli-'));
    const f = path.join(dir, 'ok.md');
    writeFileSync(f, '# Notes\n\nThe Meeting held six sittings.\n');
    const r = run('check', f);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /no findings · 1 claims: 1 supported/);
  });

  it('exits 2 with a clear message on a usage or I/O error', () => {
    const usage = run('check', '--format', 'xml', EXAMPLE);
    assert.strictEqual(usage.status, 2);
    assert.match(usage.stderr, /unknown format 'xml'/);
    const missing = run('check', 'no-such-draft.md');
    assert.strictEqual(missing.status, 2);
    assert.match(missing.stderr, /cannot read no-such-draft\.md: ENOENT/);
    const corpus = run('check', '--corpus', 'no-such-folder', EXAMPLE);
    assert.strictEqual(corpus.status, 2);
    assert.match(corpus.stderr, /skipped .*no-such-folder: corpus folder not found/);
  });

  it('reads groundwork.json from the current folder: corpus, severities; a broken one is an I/O error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-cli-config-'));
    mkdirSync(path.join(dir, 'sources'));
    writeFileSync(path.join(dir, 'sources', 'report.txt'), 'The Meeting held six sittings.\n');
    writeFileSync(path.join(dir, 'draft.md'), 'The Meeting held eight sittings.\n');
    // an excluded source that would support the draft must not be read
    writeFileSync(path.join(dir, 'sources', 'old-draft.txt'), 'The Meeting held eight sittings.\n');
    writeFileSync(path.join(dir, 'groundwork.json'), JSON.stringify({ corpus: { paths: ['sources'], exclude: ['old-*.txt'] }, diagnostics: { severity: { 'number-mismatch': 'warning' } } }));
    const r = spawnSync(process.execPath, [CLI, 'check', '--no-cache', 'draft.md'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /draft\.md:1:1: warning number-mismatch: Source says “six” \(.*report\.txt, para|line 1\); draft says “eight”/);
    writeFileSync(path.join(dir, 'groundwork.json'), '{\n  "corpus": { "paths": ["sources"], }\n}');
    const bad = spawnSync(process.execPath, [CLI, 'check', 'draft.md'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /groundwork\.json:2: not valid JSON/);
  });

  it('searches the sources', () => {
    const r = run('search', '--limit', '1', 'Meeting held six sittings');
    assert.strictEqual(r.status, 0);
    assert.match(r.stdout, /2013-tripartite-meeting-labour-migration-report\.txt:92 {2}TTMLM-R-\[MIGRA-140213-1\], para\. 8/);
  });
});
