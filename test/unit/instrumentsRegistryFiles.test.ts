import * as assert from 'assert';
import * as path from 'path';
import { parseRegistryFile, loadRegistry, RegistryFileSystem } from '../../server/src/core/instruments/registryFiles';
import { recogniseInstruments } from '../../server/src/core/instruments/recogniser';

const EU = `{
  "instruments": [
    {
      "id": "EU-2019/1152",
      "type": "Directive",
      "title": "Directive (EU) 2019/1152 on transparent and predictable working conditions in the European Union",
      "year": 2019,
      "aliases": ["Transparent Working Conditions Directive"],
      "source": "OJ L 186, 11.7.2019"
    }
  ]
}`;

function memoryFs(files: Record<string, string>): RegistryFileSystem {
  return {
    list: (p) => {
      if (p in files) return [p];
      const inside = Object.keys(files).filter((f) => f.startsWith(p + path.sep));
      if (!inside.length) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return inside;
    },
    read: (f) => files[f],
  };
}

describe('instruments: user registry files', () => {
  it('adds a team\'s own instruments, recognised by title and alias', () => {
    const registry = loadRegistry(['/ws/eu.json'], ['/ws'], memoryFs({ '/ws/eu.json': EU }));
    assert.deepStrictEqual(registry.problems, []);
    const e = registry.get('EU-2019/1152')!;
    assert.strictEqual(e.origin, '/ws/eu.json');
    assert.strictEqual(e.citation, e.title);
    const ms = recogniseInstruments('Member States transposed the Transparent Working Conditions Directive late.', registry);
    assert.deepStrictEqual(ms.map((m) => m.id), ['EU-2019/1152']);
  });

  it('reports a malformed entry with its file and line and loads the rest', () => {
    const text = '[\n  { "id": "RES-1", "title": "Resolution one" },\n  { "id": "RES-2", "title": 42 },\n  { "id": "RES-3", "title": "Resolution three", "year": "2020" },\n  { "id": "RES-4" "title": "broken" },\n  { "id": "RES-5", "title": "Resolution five" }\n]\n';
    const parsed = parseRegistryFile(text, '/ws/res.json');
    assert.deepStrictEqual(parsed.entries.map((e) => e.id), ['RES-1', 'RES-3', 'RES-5']);
    assert.deepStrictEqual(parsed.problems.map((p) => [p.file, p.line]), [['/ws/res.json', 3], ['/ws/res.json', 4], ['/ws/res.json', 5]]);
    assert.match(parsed.problems[0].reason, /"title"/);
    assert.match(parsed.problems[1].reason, /"year" must be a whole number/);
    assert.match(parsed.problems[2].reason, /not valid JSON/);
  });

  it('reports a file that is not JSON, and keeps the shipped data and the other files', () => {
    const registry = loadRegistry(['bad.json', 'eu.json', 'missing.json'], ['/ws'], memoryFs({ '/ws/bad.json': '{\n  "instruments": [\n    { "id": \n', '/ws/eu.json': EU }));
    assert.deepStrictEqual(registry.problems.map((p) => [p.file, p.line !== undefined]), [['/ws/bad.json', true], ['/ws/missing.json', false]]);
    assert.match(registry.problems[1].reason, /no such file/);
    assert.ok(registry.get('C097'));
    assert.ok(registry.get('EU-2019/1152'));
  });

  it('reports a conflict with the shipped data instead of hiding it', () => {
    const text = '[{ "id": "C097", "title": "Migration for Employment Convention (Revised)", "year": 1994, "aliases": ["MfE Convention"] }]';
    const registry = loadRegistry(['/ws/r.json'], [], memoryFs({ '/ws/r.json': text }));
    assert.deepStrictEqual(registry.conflicts.map((c) => [c.id, c.field, c.kept.value, c.rejected.value, c.rejected.origin]), [['C097', 'year', '1949', '1994', '/ws/r.json']]);
    assert.strictEqual(registry.get('C097')!.year, 1949);
    assert.ok(registry.get('C097')!.aliases.includes('MfE Convention'), 'non-conflicting facts are added');
  });

  it('loads every .json file of a folder', () => {
    const registry = loadRegistry(['teams'], ['/ws'], memoryFs({ [path.join('/ws/teams', 'a.json')]: '[{"id":"A-1","title":"First Accord"}]', [path.join('/ws/teams', 'b.json')]: '[{"id":"B-1","title":"Second Accord"}]' }));
    assert.ok(registry.get('A-1') && registry.get('B-1'));
  });
});
