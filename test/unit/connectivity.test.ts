/**
 * The connectivity engine on the upstream e2e model (namespaces x, y, z; pods a, b, c): one
 * scenario per semantic point, each with its full expected matrix (rows = from, columns = to, in
 * the order x/a x/b x/c y/a y/b y/c z/a z/b z/c; X = allowed).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { docs, engineFor, np, truthTable } from '../connectivityModel';

const ALL = Array(9).fill('XXXXXXXXX');
/** Only x/a's column is closed (to everyone but itself). */
const XA_CLOSED = ['XXXXXXXXX', ...Array(8).fill('.XXXXXXXX')];
const selectA = ['podSelector:', '  matchLabels: {pod: a}'];

describe('connectivity engine: the x/y/z model', () => {
  it('without policies everything is allowed', () => {
    assert.deepEqual(truthTable(engineFor(''), 80), ALL);
  });

  it('default deny ingress in x: nobody reaches x but each pod itself; x still reaches out', () => {
    const e = engineFor(np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress]']));
    assert.deepEqual(truthTable(e, 80), ['X..XXXXXX', '.X.XXXXXX', '..XXXXXXX', '...XXXXXX', '...XXXXXX', '...XXXXXX', '...XXXXXX', '...XXXXXX', '...XXXXXX']);
  });

  it('default deny egress in x: x reaches nothing but itself; others still reach x', () => {
    const e = engineFor(np('deny', 'x', ['podSelector: {}', 'policyTypes: [Egress]']));
    assert.deepEqual(truthTable(e, 80), ['X........', '.X.......', '..X......', ...Array(6).fill('XXXXXXXXX')]);
  });

  it("a peer podSelector alone means pods of the policy's own namespace", () => {
    const e = engineFor(np('p', 'x', [...selectA, 'policyTypes: [Ingress]', 'ingress:', '  - from:', '      - podSelector: {matchLabels: {pod: b}}']));
    assert.deepEqual(truthTable(e, 80), ['XXXXXXXXX', 'XXXXXXXXX', ...Array(7).fill('.XXXXXXXX')]);
  });

  it('a namespaceSelector alone admits every pod of the matching namespaces', () => {
    const e = engineFor(np('p', 'x', [...selectA, 'policyTypes: [Ingress]', 'ingress:', '  - from:', '      - namespaceSelector: {matchLabels: {ns: "y"}}']));
    assert.deepEqual(truthTable(e, 80), ['XXXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', '.XXXXXXXX']);
  });

  it('namespaceSelector and podSelector in one peer are AND', () => {
    const e = engineFor(
      np('p', 'x', [
        ...selectA,
        'policyTypes: [Ingress]',
        'ingress:',
        '  - from:',
        '      - namespaceSelector: {matchLabels: {ns: "y"}}',
        '        podSelector: {matchLabels: {pod: b}}',
      ]),
    );
    assert.deepEqual(truthTable(e, 80), ['XXXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', 'XXXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', '.XXXXXXXX']);
  });

  it('two peers are OR', () => {
    const e = engineFor(
      np('p', 'x', [
        ...selectA,
        'policyTypes: [Ingress]',
        'ingress:',
        '  - from:',
        '      - namespaceSelector: {matchLabels: {ns: "y"}}',
        '      - podSelector: {matchLabels: {pod: b}}',
      ]),
    );
    assert.deepEqual(truthTable(e, 80), ['XXXXXXXXX', 'XXXXXXXXX', '.XXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', '.XXXXXXXX']);
  });

  it('NotIn matches objects without the label, and excludes the listed values', () => {
    const e = engineFor(
      np('p', 'x', [
        ...selectA,
        'policyTypes: [Ingress]',
        'ingress:',
        '  - from:',
        '      - namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [blue]}]}',
        '        podSelector: {matchExpressions: [{key: pod, operator: NotIn, values: [b]}]}',
      ]),
      { y: { team: 'blue' } },
    );
    // sources: namespaces x and z (no team label), pods a and c
    assert.deepEqual(truthTable(e, 80), ['XXXXXXXXX', '.XXXXXXXX', 'XXXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', 'XXXXXXXXX', '.XXXXXXXX', 'XXXXXXXXX']);
  });

  it('DoesNotExist matches objects without the label', () => {
    const e = engineFor(
      np('p', 'x', [
        ...selectA,
        'policyTypes: [Ingress]',
        'ingress:',
        '  - from:',
        '      - namespaceSelector: {matchExpressions: [{key: team, operator: DoesNotExist}]}',
      ]),
      { y: { team: 'blue' } },
    );
    assert.deepEqual(truthTable(e, 80), ['XXXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX']);
  });

  it('ipBlock matches pod IPs, minus except', () => {
    const e = engineFor(
      np('p', 'x', [...selectA, 'policyTypes: [Egress]', 'egress:', '  - to:', '      - ipBlock: {cidr: 10.0.0.0/8, except: [10.2.0.0/16]}']),
    );
    assert.deepEqual(truthTable(e, 80), ['XXX...XXX', ...Array(8).fill('XXXXXXXXX')]);
  });

  it('a CIDR with host bits set means its network', () => {
    const e = engineFor(np('p', 'x', [...selectA, 'policyTypes: [Ingress]', 'ingress:', '  - from:', '      - ipBlock: {cidr: 10.2.0.9/16}']));
    assert.deepEqual(truthTable(e, 80), ['XXXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', '.XXXXXXXX', '.XXXXXXXX', '.XXXXXXXX']);
  });

  it("a named port resolves against the destination's container ports (ingress)", () => {
    const e = engineFor(np('p', 'x', [...selectA, 'policyTypes: [Ingress]', 'ingress:', '  - ports:', '      - port: serve-81-tcp']));
    assert.deepEqual(truthTable(e, 80), XA_CLOSED);
    assert.deepEqual(truthTable(e, 81), ALL);
  });

  it("a named port resolves against the destination's container ports (egress)", () => {
    const e = engineFor(np('p', 'x', [...selectA, 'policyTypes: [Egress]', 'egress:', '  - ports:', '      - port: serve-81-tcp']));
    assert.deepEqual(truthTable(e, 80), ['X........', ...Array(8).fill('XXXXXXXXX')]);
    assert.deepEqual(truthTable(e, 81), ALL);
  });

  it('endPort makes a range', () => {
    const e = engineFor(np('p', 'x', [...selectA, 'policyTypes: [Ingress]', 'ingress:', '  - ports:', '      - {protocol: TCP, port: 79, endPort: 80}']));
    assert.deepEqual(truthTable(e, 80), ALL);
    assert.deepEqual(truthTable(e, 81), XA_CLOSED);
  });

  it('a port without protocol is TCP', () => {
    const e = engineFor(np('p', 'x', [...selectA, 'policyTypes: [Ingress]', 'ingress:', '  - ports:', '      - port: 80']));
    assert.deepEqual(truthTable(e, 80, 'TCP'), ALL);
    assert.deepEqual(truthTable(e, 80, 'UDP'), XA_CLOSED);
  });

  it('a rule without ports allows every port and protocol', () => {
    const e = engineFor(np('p', 'x', [...selectA, 'policyTypes: [Ingress]', 'ingress:', '  - from:', '      - podSelector: {matchLabels: {pod: b}}']));
    const only = ['XXXXXXXXX', 'XXXXXXXXX', ...Array(7).fill('.XXXXXXXX')];
    assert.deepEqual(truthTable(e, 81), only);
    assert.deepEqual(truthTable(e, 80, 'UDP'), only);
  });

  it('policyTypes defaults to Ingress plus Egress when egress rules exist', () => {
    const e = engineFor(np('p', 'x', [...selectA, 'egress:', '  - to:', '      - namespaceSelector: {matchLabels: {ns: "y"}}']));
    assert.deepEqual(truthTable(e, 80), ['X..XXX...', ...Array(8).fill('.XXXXXXXX')]);
  });

  it('policyTypes defaults to Ingress alone without egress rules', () => {
    const e = engineFor(np('p', 'x', [...selectA, 'ingress:', '  - from:', '      - podSelector: {matchLabels: {pod: b}}']));
    assert.deepEqual(truthTable(e, 80), ['XXXXXXXXX', 'XXXXXXXXX', ...Array(7).fill('.XXXXXXXX')]);
  });

  it('policies are additive: an allow next to a default deny opens what it allows', () => {
    const e = engineFor(
      docs(
        np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress]']),
        np('from-y', 'x', ['podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', '  - from:', '      - namespaceSelector: {matchLabels: {ns: "y"}}']),
      ),
    );
    assert.deepEqual(truthTable(e, 80), ['X..XXXXXX', '.X.XXXXXX', '..XXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX', '...XXXXXX', '...XXXXXX', '...XXXXXX']);
  });

  it("the source's egress AND the destination's ingress must both allow", () => {
    const e = engineFor(
      docs(
        np('a-to-yb', 'x', [
          ...selectA,
          'policyTypes: [Egress]',
          'egress:',
          '  - to:',
          '      - namespaceSelector: {matchLabels: {ns: "y"}}',
          '        podSelector: {matchLabels: {pod: b}}',
        ]),
        np('b-from-z', 'y', [
          'podSelector: {matchLabels: {pod: b}}',
          'policyTypes: [Ingress]',
          'ingress:',
          '  - from:',
          '      - namespaceSelector: {matchLabels: {ns: z}}',
        ]),
      ),
    );
    assert.deepEqual(truthTable(e, 80), ['X........', 'XXXX.XXXX', 'XXXX.XXXX', 'XXXX.XXXX', 'XXXXXXXXX', 'XXXX.XXXX', 'XXXXXXXXX', 'XXXXXXXXX', 'XXXXXXXXX']);
  });

  it('a pod can always reach itself', () => {
    const deny = (ns: string) => np('deny', ns, ['podSelector: {}', 'policyTypes: [Ingress, Egress]']);
    const e = engineFor(docs(deny('x'), deny('y'), deny('z')));
    assert.deepEqual(truthTable(e, 80), ['X........', '.X.......', '..X......', '...X.....', '....X....', '.....X...', '......X..', '.......X.', '........X']);
  });

  it('says why: the rule that allowed, or the policies that isolate with nothing allowing', () => {
    const e = engineFor(
      docs(
        np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress]']),
        np('from-y', 'x', ['podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', '  - from:', '      - namespaceSelector: {matchLabels: {ns: "y"}}']),
      ),
    );
    const ok = e.verdict(e.pod('y/a')!, e.pod('x/b')!, 80, 'TCP');
    assert.equal(ok.allowed, true);
    assert.deepEqual(ok.egress, { isolatedBy: [], allowedBy: [], allowed: true });
    assert.deepEqual(ok.ingress, { isolatedBy: ['x/deny', 'x/from-y'], allowedBy: [{ policy: 'x/from-y', direction: 'Ingress', rule: 0 }], allowed: true });
    const no = e.verdict(e.pod('z/a')!, e.pod('x/b')!, 80, 'TCP');
    assert.equal(no.allowed, false);
    assert.deepEqual(no.ingress, { isolatedBy: ['x/deny', 'x/from-y'], allowedBy: [], allowed: false });
  });
});
