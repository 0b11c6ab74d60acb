// Bundles the entry points; type checking and test compilation are `tsc -p .`.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: true, logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // the worker threads that prepare documents of a large corpus (server/src/core/corpus/loadWorkers.ts)
  build({ ...common, entryPoints: ['server/src/core/corpus/loadWorker.ts'], outfile: 'dist/loadWorker.js' }),
  // pdf.js, loaded by the server and the CLI on the first PDF (server/src/core/corpus/formats/pdfjsRuntime.ts):
  // one shared copy, already minified by its package, without a source map
  build({
    ...common, sourcemap: false, minify: true, outfile: 'dist/pdfjs.js',
    stdin: { contents: "export * from 'unpdf/pdfjs';", resolveDir: '.', loader: 'js' },
    // its Node-only canvas import is for rendering, which Groundwork never does
    external: ['@napi-rs/canvas'],
  }),
]);
