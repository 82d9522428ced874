/**
 * External endpoints (#22 item 2): the ranges the workspace's ipBlocks cut 0.0.0.0/0 and ::/0
 * into. Scenarios with their exact ranges, and properties against the engine's own reading of an
 * ipBlock (`peerMatches`, address by address) on small spaces, with policies read by the real parser.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseCidr, parseIp } from '../../server/src/core/analysis/cidr';
import {
  type AddressRange,
  addressText,
  addressValue,
  cidrRange,
  familySpace,
  formatRange,
  ipBlockRanges,
  partitionAddresses,
  policyIpBlocks,
  rangeCidrs,
} from '../../server/src/core/connectivity/addressRanges';
import type { Pod } from '../../server/src/core/connectivity/cluster';
import { peerMatches } from '../../server/src/core/connectivity/semantics';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import type { IpBlockModel, PeerModel } from '../../server/src/core/model/networkPolicy';

interface BlockText {
  cidr: string;
  except?: string[];
}

/** The peers of one policy with these ipBlocks, read by the real parser, in order. */
function peersOf(blocks: readonly BlockText[]): PeerModel[] {
  const peers = blocks.map((b) => `{ipBlock: {cidr: ${JSON.stringify(b.cidr)}${b.except ? `, except: ${JSON.stringify(b.except)}` : ''}}}`);
  const yaml = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata: {name: p, namespace: "x"}',
    'spec:',
    '  podSelector: {}',
    `  ingress: [{from: [${peers.join(', ')}]}]`,
    '',
  ].join('\n');
  const ws = new Workspace(defaultConfig());
  ws.update('p.yaml', yaml);
  const policies = ws.cluster().policies;
  assert.equal(policies.length, 1);
  const out = policies[0].policy.spec?.ingress?.rules[0]?.peers ?? [];
  assert.equal(out.length, blocks.length, 'every peer read');
  return out;
}

const ipBlocksOf = (blocks: readonly BlockText[]): IpBlockModel[] => peersOf(blocks).map((p) => p.ipBlock!);

function podAt(ip: string): Pod {
  return { id: `x/${ip}`, namespace: 'x', name: ip, kind: 'Pod', labels: {}, ports: [], ip, address: parseIp(ip) };
}

const names = (blocks: readonly BlockText[]) => partitionAddresses(ipBlocksOf(blocks)).ranges.map((r) => r.name);
const V6_ALL = '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
const V4_ALL = '0.0.0.0-255.255.255.255';

describe('address ranges: arithmetic', () => {
  it('a CIDR means its network, as the API server reads it (host bits, leading zeros)', () => {
    assert.equal(formatRange(cidrRange(parseCidr('10.0.0.1/8')!)), '10.0.0.0-10.255.255.255');
    assert.equal(formatRange(cidrRange(parseCidr('010.001.0.0/16')!)), '10.1.0.0-10.1.255.255');
    assert.equal(formatRange(cidrRange(parseCidr('10.0.0.7/32')!)), '10.0.0.7-10.0.0.7');
    assert.equal(formatRange(cidrRange(parseCidr('fd00::1/8')!)), 'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    assert.equal(formatRange(cidrRange(parseCidr('0.0.0.0/0')!)), V4_ALL);
    assert.equal(formatRange(cidrRange(parseCidr('::/0')!)), V6_ALL);
  });

  it('a range prints as its minimal CIDR list', () => {
    assert.deepEqual(rangeCidrs({ family: 'ipv4', first: 0n, last: addressValue(parseIp('9.255.255.255')!) }), ['0.0.0.0/5', '8.0.0.0/7']);
    assert.deepEqual(rangeCidrs(familySpace('ipv4')), ['0.0.0.0/0']);
    assert.deepEqual(rangeCidrs(familySpace('ipv6')), ['::/0']);
    assert.deepEqual(rangeCidrs(cidrRange(parseCidr('10.1.2.3/32')!)), ['10.1.2.3/32']);
    const v4 = (a: string, b: string): AddressRange => ({ family: 'ipv4', first: addressValue(parseIp(a)!), last: addressValue(parseIp(b)!) });
    assert.deepEqual(rangeCidrs(v4('10.0.0.1', '10.0.0.6')), ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
    assert.deepEqual(rangeCidrs(v4('11.0.0.0', '255.255.255.255')), ['11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1']);
  });

  it('an address outside its family is a clear error', () => {
    assert.throws(() => addressText('ipv4', 1n << 32n), /not an IPv4 address/);
    assert.equal(addressText('ipv6', (1n << 128n) - 1n), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });

  it('the CIDR list of any range is exact and as short as a search over all tilings finds (fast-check)', () => {
    const BASE = addressValue(parseIp('10.0.0.0')!);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const cidrs = rangeCidrs({ family: 'ipv4', first: BASE + BigInt(lo), last: BASE + BigInt(hi) });
        // exact: the CIDRs, read back by the linter's parser, tile [lo, hi] in order, each written canonically
        let next = BASE + BigInt(lo);
        for (const c of cidrs) {
          const parsed = parseCidr(c)!;
          const r = cidrRange(parsed);
          assert.equal(r.first, next, `${c} starts where the previous one ended`);
          assert.equal(addressValue(parsed[0]), r.first, `${c} is its network address`);
          next = r.last + 1n;
        }
        assert.equal(next, BASE + BigInt(hi) + 1n);
        // minimal: fewest aligned blocks that tile [lo, hi] (dynamic programming over every address)
        const best: number[] = new Array(hi - lo + 2).fill(Number.POSITIVE_INFINITY);
        best[0] = 0;
        for (let x = lo; x <= hi; x++)
          for (let size = 1; x % size === 0 && x + size - 1 <= hi; size *= 2) best[x + size - lo] = Math.min(best[x + size - lo], best[x - lo] + 1);
        assert.equal(cidrs.length, best[hi - lo + 1]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('address ranges: the ipBlock as the engine reads it', () => {
  it('is cidr minus its excepts; an except outside the cidr, or of the other family, changes nothing', () => {
    const [outside, otherFamily, nested] = ipBlocksOf([
      { cidr: '10.0.0.0/16', except: ['192.168.0.0/24'] },
      { cidr: '10.0.0.0/16', except: ['fd00::/8'] },
      { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.1.2.0/24', '10.2.0.0/16'] },
    ]);
    assert.deepEqual(ipBlockRanges(outside).map(formatRange), ['10.0.0.0-10.0.255.255']);
    assert.deepEqual(ipBlockRanges(otherFamily).map(formatRange), ['10.0.0.0-10.0.255.255']);
    // overlapping and adjacent excepts make one hole
    assert.deepEqual(ipBlockRanges(nested).map(formatRange), ['10.0.0.0-10.0.255.255', '10.3.0.0-10.255.255.255']);
  });

  it('admits nothing without a readable cidr, or when an except covers the whole cidr (the API server rejects both)', () => {
    const blocks = ipBlocksOf([
      { cidr: '10.0.0.0/33' },
      { cidr: 'not-a-cidr', except: ['10.0.0.0/8'] },
      { cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] },
      { cidr: '10.0.0.0/16', except: ['10.0.0.0/8'] },
    ]);
    for (const b of blocks) assert.deepEqual(ipBlockRanges(b), []);
    const partition = partitionAddresses(blocks);
    assert.deepEqual(
      partition.ranges.map((r) => r.name),
      [V4_ALL, V6_ALL],
    );
    for (const b of blocks) assert.deepEqual(partition.covering(b), []);
  });

  it('skips an unreadable except, as the engine does', () => {
    const [b] = ipBlocksOf([{ cidr: '10.0.0.0/8', except: ['10.1.0.0/40', '10.2.0.0/16'] }]);
    assert.deepEqual(ipBlockRanges(b).map(formatRange), ['10.0.0.0-10.1.255.255', '10.3.0.0-10.255.255.255']);
  });
});

describe('address ranges: the partition', () => {
  it('0.0.0.0/0 except 10.0.0.0/8 cuts IPv4 into three ranges, of which the block covers the outer two', () => {
    const blocks = ipBlocksOf([{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }]);
    const p = partitionAddresses(blocks);
    assert.deepEqual(
      p.ranges.map((r) => r.name),
      ['0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-255.255.255.255', V6_ALL],
    );
    assert.deepEqual(
      p.ranges.map((r) => r.id),
      [0, 1, 2, 3],
    );
    assert.deepEqual(p.covering(blocks[0]), [0, 2]);
    assert.deepEqual(p.coveringSpans(blocks[0]), [
      [0, 0],
      [2, 2],
    ]);
    assert.deepEqual(rangeCidrs(p.ranges[1]), ['10.0.0.0/8']);
  });

  it('IPv6: ::/0 except fd00::/8', () => {
    const blocks = ipBlocksOf([{ cidr: '::/0', except: ['fd00::/8'] }]);
    const p = partitionAddresses(blocks);
    assert.deepEqual(
      p.ranges.map((r) => r.name),
      [
        V4_ALL,
        '::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
        'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
        'fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      ],
    );
    assert.deepEqual(p.covering(blocks[0]), [1, 3]);
    assert.equal(p.rangeOf(parseIp('fd12::1')!), 2);
    assert.equal(p.rangeOf(parseIp('2001:db8::1')!), 1);
  });

  it('overlapping excepts cut only where some block starts or ends', () => {
    assert.deepEqual(names([{ cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.1.2.0/24', '10.2.0.0/16'] }]), [
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.0.255.255',
      '10.1.0.0-10.2.255.255',
      '10.3.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
      V6_ALL,
    ]);
  });

  it('an except outside its cidr makes no cut', () => {
    assert.deepEqual(names([{ cidr: '10.0.0.0/16', except: ['192.168.0.0/24'] }]), [
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.0.255.255',
      '10.1.0.0-255.255.255.255',
      V6_ALL,
    ]);
  });

  it('a non-canonical CIDR cuts where its network does', () => {
    assert.deepEqual(names([{ cidr: '10.0.0.1/8' }]), names([{ cidr: '10.0.0.0/8' }]));
    assert.deepEqual(names([{ cidr: '10.0.0.1/8' }, { cidr: '10.0.0.0/8' }]), [
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
      V6_ALL,
    ]);
  });

  it('without ipBlocks each family is one range (all of the outside)', () => {
    const p = partitionAddresses([]);
    assert.deepEqual(
      p.ranges.map((r) => r.name),
      [V4_ALL, V6_ALL],
    );
    assert.equal(p.rangeOf(parseIp('8.8.8.8')!), 0);
    assert.equal(p.rangeOf(parseIp('::1')!), 1);
  });

  it('an IPv4-mapped CIDR is a range of the IPv6 space, as the engine matches it', () => {
    const blocks = ipBlocksOf([{ cidr: '::ffff:10.0.0.0/104' }]);
    const p = partitionAddresses(blocks);
    assert.deepEqual(
      p.ranges.map((r) => r.name),
      [V4_ALL, '::-::ffff:9ff:ffff', '::ffff:a00:0-::ffff:aff:ffff', '::ffff:b00:0-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    );
    assert.deepEqual(p.covering(blocks[0]), [2]);
    assert.equal(p.rangeOf(parseIp('10.0.0.5')!), 0, 'an IPv4 pod address is not in the mapped range');
    assert.equal(p.rangeOf(parseIp('::ffff:10.0.0.5')!), 2);
  });

  it('a pod IP lies in a range: external endpoints are the rest of the space', () => {
    const blocks = ipBlocksOf([{ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] }]);
    const p = partitionAddresses(blocks);
    const inside = p.rangeOf(parseIp('10.2.0.1')!);
    const excepted = p.rangeOf(parseIp('10.1.0.1')!);
    assert.equal(p.ranges[inside].name, '10.2.0.0-10.255.255.255');
    assert.equal(p.ranges[excepted].name, '10.1.0.0-10.1.255.255');
    assert.ok(p.covering(blocks[0]).includes(inside));
    assert.ok(!p.covering(blocks[0]).includes(excepted));
  });

  it('collects the ipBlocks of ingress and egress rules, and says so when asked about a block it was not built from', () => {
    const ws = new Workspace(defaultConfig());
    ws.update(
      'p.yaml',
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: p, namespace: "x"}',
        'spec:',
        '  podSelector: {}',
        '  policyTypes: [Ingress, Egress]',
        '  ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/16}}, {podSelector: {}}]}]',
        '  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]',
        '',
      ].join('\n'),
    );
    const blocks = policyIpBlocks(ws.cluster().policies.map((p) => p.policy));
    assert.deepEqual(
      blocks.map((b) => b.cidr?.value),
      ['192.168.0.0/16', '0.0.0.0/0'],
    );
    const p = partitionAddresses(blocks);
    assert.deepEqual(
      p.ranges.map((r) => r.name),
      [
        '0.0.0.0-169.254.169.253',
        '169.254.169.254-169.254.169.254',
        '169.254.169.255-192.167.255.255',
        '192.168.0.0-192.168.255.255',
        '192.169.0.0-255.255.255.255',
        V6_ALL,
      ],
    );
    assert.deepEqual(p.covering(blocks[1]), [0, 2, 3, 4]);
    const [stranger] = ipBlocksOf([{ cidr: '10.0.0.0/8' }]);
    assert.throws(() => p.covering(stranger), /not one the address partition was built from/);
  });
});

describe('address ranges: properties on small spaces (fast-check)', () => {
  // CIDRs inside 10.0.0.0/24 and fd00::/120 (written with host bits, at times), and a few around them
  const v4 = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 })).map(([a, n]) => `10.0.0.${a}/${n}`) },
    { weight: 1, arbitrary: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/23', '10.0.0.77/22', '9.0.0.0/8') },
  );
  const v6 = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 120, max: 128 })).map(([a, n]) => `fd00::${a.toString(16)}/${n}`) },
    { weight: 1, arbitrary: fc.constantFrom('::/0', 'fd00::/8', 'fd00::/119', '::ffff:10.0.0.0/120') },
  );
  const cidr = fc.oneof(v4, v6);
  const block = fc.record({ cidr, except: fc.array(cidr, { maxLength: 3 }) }, { requiredKeys: ['cidr'] });
  const blocks = fc.array(block, { minLength: 0, maxLength: 6 });

  /** Every address of both small spaces, and some around them. */
  const ADDRESSES = [
    ...Array.from({ length: 256 }, (_, i) => `10.0.0.${i}`),
    ...Array.from({ length: 256 }, (_, i) => `fd00::${i.toString(16)}`),
    ...['0.0.0.0', '9.255.255.255', '10.0.1.0', '10.0.3.255', '10.0.4.0', '255.255.255.255', '::', 'fd00::100', 'fdff::1', '::ffff:10.0.0.7', 'ffff::1'],
  ].map(podAt);

  it('every block is exactly the union of the ranges it covers, address by address, as peerMatches reads it', () => {
    fc.assert(
      fc.property(blocks, (texts) => {
        const peers = peersOf(texts);
        const p = partitionAddresses(peers.map((x) => x.ipBlock!));
        for (const peer of peers) {
          const covered = new Set(p.covering(peer.ipBlock!));
          for (const pod of ADDRESSES) {
            const engine = peerMatches(peer, 'x', pod, () => ({}));
            assert.equal(covered.has(p.rangeOf(pod.address!)), engine, `${pod.ip} in ${JSON.stringify(texts[peer.index])}`);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the ranges tile both spaces in order, and every two neighbours are told apart by some block (minimal)', () => {
    fc.assert(
      fc.property(blocks, (texts) => {
        const ipBlocks = ipBlocksOf(texts);
        const p = partitionAddresses(ipBlocks);
        const covers = ipBlocks.map((b) => new Set(p.covering(b)));
        p.ranges.forEach((r, i) => {
          assert.equal(r.id, i);
          assert.equal(r.name, formatRange(r));
          assert.ok(r.first <= r.last);
          const prev = p.ranges[i - 1];
          if (!prev || prev.family !== r.family) {
            assert.equal(r.first, 0n, `${r.name} starts its family`);
            if (prev) assert.equal(prev.last, familySpace(prev.family).last, `${prev.name} ends its family`);
            return;
          }
          assert.equal(r.first, prev.last + 1n, `${r.name} follows ${prev.name}`);
          assert.ok(
            covers.some((c) => c.has(i) !== c.has(i - 1)),
            `${prev.name} and ${r.name} are told apart by some block`,
          );
        });
        assert.deepEqual([...new Set(p.ranges.map((r) => r.family))], ['ipv4', 'ipv6']);
        assert.equal(p.ranges[p.ranges.length - 1].last, familySpace('ipv6').last);
      }),
      { numRuns: 150 },
    );
  });

  it('ids and names do not depend on the order of the blocks', () => {
    fc.assert(
      fc.property(
        blocks.chain((b) => fc.tuple(fc.constant(b), fc.shuffledSubarray(b, { minLength: b.length, maxLength: b.length }))),
        ([texts, shuffled]) => {
          assert.deepEqual(names(shuffled), names(texts));
        },
      ),
      { numRuns: 100 },
    );
  });
});
