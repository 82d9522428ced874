/**
 * The shape of a networking.k8s.io/v1 NetworkPolicy as the API server decodes it (strict field
 * validation): which keys exist at each place and what type each value has. Data, not code, so the
 * shape check, hover docs and completion can share it.
 */
export type FieldType =
  | { t: 'string' }
  | { t: 'int' }
  | { t: 'intOrString' }
  | { t: 'bool' }
  | { t: 'any' }
  | { t: 'object'; fields: Record<string, FieldType> }
  | { t: 'list'; of: FieldType }
  | { t: 'map'; of: FieldType };

const string: FieldType = { t: 'string' };
const int: FieldType = { t: 'int' };
const any: FieldType = { t: 'any' };
const object = (fields: Record<string, FieldType>): FieldType => ({ t: 'object', fields });
const list = (of: FieldType): FieldType => ({ t: 'list', of });
const map = (of: FieldType): FieldType => ({ t: 'map', of });

export const LABEL_SELECTOR = object({
  matchLabels: map(string),
  matchExpressions: list(object({ key: string, operator: string, values: list(string) })),
});

export const PEER = object({
  podSelector: LABEL_SELECTOR,
  namespaceSelector: LABEL_SELECTOR,
  ipBlock: object({ cidr: string, except: list(string) }),
});

export const PORT = object({ protocol: string, port: { t: 'intOrString' }, endPort: int });

export const OBJECT_META = object({
  name: string,
  generateName: string,
  namespace: string,
  selfLink: string,
  uid: string,
  resourceVersion: string,
  generation: int,
  creationTimestamp: any,
  deletionTimestamp: any,
  deletionGracePeriodSeconds: int,
  labels: map(string),
  annotations: map(string),
  ownerReferences: list(any),
  finalizers: list(string),
  managedFields: list(any),
});

export const NETWORK_POLICY = object({
  apiVersion: string,
  kind: string,
  metadata: OBJECT_META,
  spec: object({
    podSelector: LABEL_SELECTOR,
    policyTypes: list(string),
    ingress: list(object({ from: list(PEER), ports: list(PORT) })),
    egress: list(object({ to: list(PEER), ports: list(PORT) })),
  }),
  // Served by Kubernetes 1.24-1.26 (alpha); tolerated so that older `kubectl get -o yaml` dumps lint.
  status: any,
});

export function typeName(t: FieldType): string {
  switch (t.t) {
    case 'string':
      return 'a string';
    case 'int':
      return 'an integer';
    case 'intOrString':
      return 'an integer or a string';
    case 'bool':
      return 'a boolean';
    case 'object':
    case 'map':
      return 'a map';
    case 'list':
      return 'a list';
    default:
      return 'a value';
  }
}
