/**
 * The schema the cluster policies are checked against is the CRDs' own: every kind in every channel,
 * read from the network-policy-api CRDs copied into test/data (Apache-2.0), field by field (types,
 * required fields, enums, bounds, list and string limits, `set` lists, patterns, defaults and CEL
 * rules). A constraint added upstream and missing here, or one here the CRD does not have, fails.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  CHANNELS,
  type ClusterPolicyKind,
  type CrdNode,
  clusterPolicySchema,
  CLUSTER_POLICY_API_VERSION,
} from '../../server/src/core/model/clusterPolicySchema';
import { IMPLEMENTED_VALIDATIONS } from '../../server/src/core/model/clusterPolicyCheck';

const DATA = join(__dirname, '../data/network-policy-api');
const FILES: Record<ClusterPolicyKind, string> = {
  ClusterNetworkPolicy: 'clusternetworkpolicies',
  AdminNetworkPolicy: 'adminnetworkpolicies',
  BaselineAdminNetworkPolicy: 'baselineadminnetworkpolicies',
};

type Json = Record<string, unknown>;

/** An openAPIV3Schema node in the form of CrdNode (descriptions, formats and atomic markers dropped). */
function fromCrd(s: Json, path: string): CrdNode {
  const out: Record<string, unknown> = { type: s.type };
  const known = new Set([
    'type',
    'description',
    'format',
    'properties',
    'additionalProperties',
    'items',
    'required',
    'enum',
    'minimum',
    'maximum',
    'minItems',
    'maxItems',
    'maxLength',
    'minProperties',
    'maxProperties',
    'pattern',
    'default',
    'x-kubernetes-list-type',
    'x-kubernetes-map-type',
    'x-kubernetes-validations',
  ]);
  for (const k of Object.keys(s)) assert.ok(known.has(k), `${path}: the CRD has "${k}", which this comparison does not read`);
  if (s.properties) {
    const fields: Record<string, CrdNode> = {};
    for (const [k, v] of Object.entries(s.properties as Record<string, Json>)) {
      if (path === '' && k === 'status') continue; // the status subresource: written by implementations
      fields[k] = fromCrd(v, `${path}.${k}`);
    }
    out.fields = fields;
  }
  if (s.additionalProperties) out.values = fromCrd(s.additionalProperties as Json, `${path}{}`);
  if (s.items) out.items = fromCrd(s.items as Json, `${path}[]`);
  if (s.required) out.required = [...(s.required as string[])].sort();
  for (const k of ['enum', 'minimum', 'maximum', 'minItems', 'maxItems', 'maxLength', 'minProperties', 'maxProperties', 'pattern', 'default'])
    if (s[k] !== undefined) out[k] = s[k];
  if (s['x-kubernetes-list-type'] === 'set') out.set = true;
  if (s['x-kubernetes-validations']) out.validations = (s['x-kubernetes-validations'] as Json[]).map((v) => ({ rule: v.rule, message: v.message }));
  return out as unknown as CrdNode;
}

/** The schema with `required` sorted and undefined keys dropped (the order fields are declared in is not the CRD's). */
function normal(n: CrdNode): unknown {
  return JSON.parse(
    JSON.stringify(n, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) && 'required' in v ? { ...v, required: [...v.required].sort() } : v)),
  );
}

function* validationsOf(n: CrdNode): Generator<{ rule: string; message: string }> {
  yield* n.validations ?? [];
  for (const c of Object.values(n.fields ?? {})) yield* validationsOf(c);
  if (n.items) yield* validationsOf(n.items);
  if (n.values) yield* validationsOf(n.values);
}

describe('cluster policy schemas are the CRDs', () => {
  for (const kind of Object.keys(FILES) as ClusterPolicyKind[]) {
    for (const channel of CHANNELS) {
      const crd = parse(readFileSync(join(DATA, `${channel}-${FILES[kind]}.yaml`), 'utf8')) as Json;
      const spec = crd.spec as Json;
      const version = (spec.versions as Json[])[0];

      it(`${kind} (${channel}): the kind, group and version`, () => {
        assert.equal((spec.names as Json).kind, kind);
        assert.equal(spec.scope, 'Cluster');
        assert.equal(`${spec.group}/${version.name}`, CLUSTER_POLICY_API_VERSION[kind]);
        assert.equal(((crd.metadata as Json).annotations as Json)['policy.networking.k8s.io/channel'], channel);
      });

      it(`${kind} (${channel}): every field and constraint`, () => {
        const expected = fromCrd((version.schema as Json).openAPIV3Schema as Json, '');
        // metadata is ObjectMeta, checked as every object's is
        assert.deepEqual(normal(clusterPolicySchema(kind, channel)), normal(expected));
      });

      it(`${kind} (${channel}): every CEL rule is implemented by the check`, () => {
        for (const v of validationsOf(clusterPolicySchema(kind, channel)))
          assert.ok(
            IMPLEMENTED_VALIDATIONS.some((i) => i.rule === v.rule && i.message === v.message),
            `not implemented: ${v.rule}`,
          );
      });
    }
  }
});
