/**
 * A worker thread of the load pool (loadWorkers.ts): prepares each document it is sent and
 * sends it back, its typed arrays moved rather than copied.
 */
import { parentPort } from 'worker_threads';
import { PrepareJob } from './loadWorkers';
import { LocalNumbering, prepareDocument, PrepareResult, transferables } from './preparedDocument';

// one numbering for all the documents this worker prepares: each term is sent once
const numbering = new LocalNumbering();

parentPort?.on('message', async (m: PrepareJob) => {
  let result: PrepareResult;
  try {
    result = await prepareDocument(m.file, m.bytes, numbering, m.limits);
  } catch (e) {
    result = { ok: false, reason: `could not be read (${(e as Error).message})` };
  }
  parentPort!.postMessage({ job: m.job, result }, result.ok ? transferables(result.doc) : []);
});
