import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { buildPolicy } from '../../server/src/core/model/buildPolicy';
import { locate, type LMap } from '../../server/src/core/model/located';
import { splitDocuments } from '../../server/src/core/parse/splitDocuments';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { PARSE_OPTIONS } from '../../server/src/core/parse/parseOptions';
import { ALLOW_DNS, spanOf } from '../helpers';

function model(text: string) {
  const root = locate(parseDocument(text, PARSE_OPTIONS), text) as LMap;
  return buildPolicy(root, 'networking.k8s.io/v1', '');
}

describe('typed model keeps key and value ranges', () => {
  const text = ALLOW_DNS;
  const p = model(text);
  const slice = (s: { start: number; end: number }) => text.slice(s.start, s.end);

  it('metadata name and namespace point at their values', () => {
    assert.equal(p.name?.value, 'allow-dns-egress');
    assert.deepEqual(p.name?.node.span, spanOf(text, 'allow-dns-egress'));
    assert.deepEqual(p.namespace?.node.span, spanOf(text, 'tenant-a'));
  });

  it('rules, peers and ports keep their keys and values', () => {
    const rule = p.spec!.egress!.rules[0];
    assert.equal(slice(p.spec!.egress!.entry.keySpan), 'egress');
    assert.equal(slice(rule.peersEntry!.keySpan), 'to');
    const peer = rule.peers![0];
    assert.equal(slice(peer.namespaceSelector!.entry.keySpan), 'namespaceSelector');
    assert.deepEqual(
      peer.namespaceSelector!.matchLabels.map((m) => [m.key, m.value]),
      [['kubernetes.io/metadata.name', 'kube-system']],
    );
    assert.deepEqual(
      peer.podSelector!.matchLabels.map((m) => [m.key, m.value]),
      [['k8s-app', 'kube-dns']],
    );
    const [udp, tcp] = rule.ports!;
    assert.equal(udp.protocol, 'UDP');
    assert.equal(udp.port, 53);
    assert.deepEqual(udp.protocolEntry!.value.span, spanOf(text, 'UDP'));
    assert.deepEqual(tcp.portEntry!.value.span, spanOf(text, '53', 1));
  });

  it('policyTypes items keep their ranges', () => {
    const pt = p.spec!.policyTypes!;
    assert.deepEqual(
      pt.items.map((i) => i.value),
      ['Egress'],
    );
    assert.deepEqual(pt.items[0].node.span, spanOf(text, 'Egress', 0));
  });

  it('an empty port value is null, distinct from an absent port', () => {
    const t = ALLOW_DNS.replace('port: 53\n        - protocol: TCP\n          port: 53', 'port: 53\n        - protocol: TCP\n          port:');
    const m = model(t);
    const ports = m.spec!.egress!.rules[0].ports!;
    assert.equal(ports[1].port, null);
    assert.ok(ports[1].portEntry);
  });

  it('follows aliases and merge keys to their targets', () => {
    const t = 'spec:\n  podSelector: &sel\n    matchLabels: {app: web}\n  ingress:\n    - from:\n        - podSelector: *sel\n';
    const m = model(t);
    assert.deepEqual(
      m.spec!.ingress!.rules[0].peers![0].podSelector!.matchLabels.map((x) => x.value),
      ['web'],
    );
  });
});

describe('documents are split without parsing', () => {
  it('splits at --- lines and keeps header comments with the first document', () => {
    const text = '# header\n---\na: 1\n---\nb: 2\n...\n---\nc: 3\n';
    const chunks = splitDocuments(text);
    assert.deepEqual(
      chunks.map((c) => c.text),
      ['# header\n---\na: 1\n', '---\nb: 2\n...\n', '---\nc: 3\n'],
    );
    assert.equal(chunks.map((c) => c.text).join(''), text);
    assert.deepEqual(
      chunks.map((c) => c.start),
      [0, 18, 31],
    );
  });

  it('does not split at --- inside a line or with text glued to it', () => {
    const text = 'a: "x --- y"\nb: ---x\n';
    assert.equal(splitDocuments(text).length, 1);
  });

  it('handles CRLF line endings', () => {
    const text = 'a: 1\r\n---\r\nb: 2\r\n';
    assert.deepEqual(
      splitDocuments(text).map((c) => c.text),
      ['a: 1\r\n', '---\r\nb: 2\r\n'],
    );
  });
});

describe('LineIndex converts offsets at the edges', () => {
  it('maps offsets to 0-based positions across \\n, \\r\\n and \\r', () => {
    const idx = new LineIndex('ab\ncd\r\nef\rgh');
    assert.deepEqual(idx.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(idx.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(idx.positionAt(7), { line: 2, character: 0 });
    assert.deepEqual(idx.positionAt(10), { line: 3, character: 0 });
    assert.equal(idx.offsetAt({ line: 1, character: 1 }), 4);
    assert.equal(idx.offsetAt({ line: 1, character: 99 }), 5);
  });
});
