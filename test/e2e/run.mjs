// Runs the editor suite (test/e2e/suite) in a real VS Code through @vscode/test-electron.
// A VS Code desktop build cannot be downloaded on every machine: the suite runs where
// VSCODE_EXECUTABLE names one, and otherwise says plainly that it did not run.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const exe = process.env.VSCODE_EXECUTABLE;
if (!exe) {
  console.log('editor suite (test/e2e): not run: no VS Code here; set VSCODE_EXECUTABLE=/path/to/code to run it.');
  process.exit(0);
}
if (!existsSync(exe)) {
  console.error(`editor suite (test/e2e): VSCODE_EXECUTABLE=${exe} does not exist`);
  process.exit(1);
}
const { runTests } = await import('@vscode/test-electron');
try {
  await runTests({
    vscodeExecutablePath: exe,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'e2e', 'suite', 'index.js'),
    launchArgs: [join(root, 'examples'), '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`editor suite (test/e2e) failed: ${e?.message ?? e}`);
  process.exit(1);
}
