// Preload for the LSP tests: any attempt to open a socket, make an HTTP request or look up a name is
// recorded in $NETPOL_NETWORK_LOG and fails. The server must never need the network.
const fs = require('node:fs');
const log = process.env.NETPOL_NETWORK_LOG;
function deny(name) {
  return function denied() {
    if (log) fs.appendFileSync(log, `${name}\n`);
    throw new Error(`netpol-lint tests: network access (${name}) is not allowed`);
  };
}
const net = require('node:net');
net.connect = net.createConnection = deny('net.connect');
const tls = require('node:tls');
tls.connect = deny('tls.connect');
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  m.request = deny(`${mod}.request`);
  m.get = deny(`${mod}.get`);
}
const dns = require('node:dns');
for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[k] = deny(`dns.${k}`);
for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns.promises[k] = deny(`dns.promises.${k}`);
globalThis.fetch = deny('fetch');
