// Worker thread of AnalyticsWorker (analytics-worker-runner.ts): runs read-only analytics
// queries on its own connection, so a day of aggregation never blocks the server's event
// loop. Plain JavaScript, so it loads the same way under tsx, vitest and plain node.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.filename, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
// Reads through the OS page cache without a copy per page: a day's scan spent half its time in read().
db.pragma('mmap_size = 4294967296');
const prepared = new Map();

parentPort.on('message', ({ id, queries, params }) => {
  try {
    const results = queries.map((sql) => {
      let statement = prepared.get(sql);
      if (statement === undefined) prepared.set(sql, (statement = db.prepare(sql)));
      return statement.all(params);
    });
    parentPort.postMessage({ id, results });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
