// Entry point loaded by VS Code's extension host: runs the editor tests with mocha.
import * as path from 'path';
import Mocha = require('mocha');

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false });
  mocha.addFile(path.join(__dirname, 'extension.e2e.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} editor test(s) failed`)) : resolve()));
  });
}
