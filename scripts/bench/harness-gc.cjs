// A preload for the shared harness (../shared/bench/lsp-bench.js), to see what its own garbage
// collector does while it measures: it logs each LSP session's start, each didChange sent, each
// publishDiagnostics received (with the harness' heap size) and each of its garbage collections,
// on one clock. The harness itself is not changed:
//   HARNESS_GC_LOG=/tmp/harness-gc.log node -r /path/to/harness-gc.cjs lsp-bench.js ...
//   node scripts/bench/harness-gc-report.mjs /tmp/harness-gc.log
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const { PerformanceObserver, constants, performance } = require('node:perf_hooks');

const out = process.env.HARNESS_GC_LOG || 'harness-gc.log';
const lines = [];
const at = (t) => (performance.timeOrigin + t).toFixed(2);
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
};

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) lines.push(`${at(e.startTime)} gc ${KINDS[e.detail?.kind] ?? e.detail?.kind} ${e.duration.toFixed(2)}`);
}).observe({ entryTypes: ['gc'] });

function watch(connection) {
  const sendRequest = connection.sendRequest.bind(connection);
  connection.sendRequest = (method, ...rest) => {
    if (method === 'initialize') lines.push(`${at(performance.now())} session`);
    return sendRequest(method, ...rest);
  };
  const sendNotification = connection.sendNotification.bind(connection);
  connection.sendNotification = (method, params) => {
    if (method === 'textDocument/didChange') lines.push(`${at(performance.now())} change ${params.textDocument.version}`);
    return sendNotification(method, params);
  };
  const onNotification = connection.onNotification.bind(connection);
  connection.onNotification = (method, handler) => {
    if (method !== 'textDocument/publishDiagnostics') return onNotification(method, handler);
    return onNotification(method, (p) => {
      lines.push(`${at(performance.now())} publish ${p.version} ${p.diagnostics.length} ${process.memoryUsage().heapUsed}`);
      return handler(p);
    });
  };
  return connection;
}

const load = Module._load;
Module._load = function (request, ...rest) {
  const m = load.call(this, request, ...rest);
  if (request !== 'vscode-languageserver-protocol/node') return m;
  const wrapped = Object.create(m);
  wrapped.createProtocolConnection = (...args) => watch(m.createProtocolConnection(...args));
  return wrapped;
};

process.on('exit', () => fs.writeFileSync(out, lines.join('\n') + '\n'));
