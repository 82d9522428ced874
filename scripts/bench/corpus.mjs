// Deterministic benchmark corpora: realistic multi-tenant NetworkPolicies, with a deliberate mistake
// in some documents (as real generated files have), N documents in one file.
const NAMESPACES = 50;

// Most documents are correct; one in ten carries one of the classic mistakes (kinds 4-7), which is
// about the density of the shared bench corpus (~0.12 findings per document).
function policy(i) {
  const ns = `tenant-${i % NAMESPACES}`;
  const app = `app-${i % 17}`;
  const mistake = i % 10 === 9;
  const kind = mistake ? 4 + (((i / 10) | 0) % 4) : [0, 1, 2, 3, 8, 2, 3, 8, 2][i % 10];
  const head = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: policy-${i}`,
    `  namespace: ${ns}`,
    '  labels:',
    '    team: platform',
    'spec:',
  ];
  switch (kind) {
    case 0:
      return [...head, '  podSelector: {}', '  policyTypes:', '    - Ingress', '    - Egress'];
    case 1:
      return [
        ...head,
        '  podSelector: {}',
        '  policyTypes:',
        '    - Egress',
        '  egress:',
        '    - to:',
        '        - namespaceSelector:',
        '            matchLabels:',
        '              kubernetes.io/metadata.name: kube-system',
        '          podSelector:',
        '            matchLabels:',
        '              k8s-app: kube-dns',
        '      ports:',
        '        - protocol: UDP',
        '          port: 53',
        '        - protocol: TCP',
        '          port: 53',
      ];
    case 2:
      return [
        ...head,
        '  podSelector:',
        '    matchLabels:',
        `      app: ${app}`,
        '  policyTypes:',
        '    - Ingress',
        '  ingress:',
        '    - from:',
        '        - namespaceSelector:',
        '            matchLabels:',
        '              kubernetes.io/metadata.name: ingress-nginx',
        '          podSelector:',
        '            matchLabels:',
        '              app.kubernetes.io/name: ingress-nginx',
        '      ports:',
        '        - protocol: TCP',
        `          port: ${8000 + (i % 100)}`,
      ];
    case 3:
      return [
        ...head,
        '  podSelector:',
        '    matchLabels:',
        `      app: ${app}`,
        '  policyTypes:',
        '    - Egress',
        '  egress:',
        '    - to:',
        '        - ipBlock:',
        '            cidr: 10.0.0.0/8',
        '            except:',
        '              - 10.0.5.0/24',
        '      ports:',
        '        - protocol: TCP',
        '          port: 5432',
      ];
    case 4: // mistake: empty port
      return [
        ...head,
        '  podSelector:',
        '    matchLabels:',
        `      app: ${app}`,
        '  policyTypes:',
        '    - Ingress',
        '  ingress:',
        '    - from:',
        '        - podSelector: {}',
        '      ports:',
        '        - protocol: TCP',
        '          port:',
      ];
    case 5: // mistake: OR peers
      return [
        ...head,
        '  podSelector:',
        '    matchLabels:',
        `      app: ${app}`,
        '  policyTypes:',
        '    - Ingress',
        '  ingress:',
        '    - from:',
        '        - namespaceSelector:',
        '            matchLabels:',
        '              kubernetes.io/metadata.name: monitoring',
        '        - podSelector:',
        '            matchLabels:',
        '              app: prometheus',
      ];
    case 6: // mistake: lowercase protocol, quoted port
      return [
        ...head,
        '  podSelector:',
        '    matchLabels:',
        `      app: ${app}`,
        '  policyTypes:',
        '    - Ingress',
        '  ingress:',
        '    - ports:',
        '        - protocol: tcp',
        '          port: 9090',
        '        - protocol: TCP',
        '          port: "9091"',
      ];
    case 7: // mistake: a typo
      return [
        ...head,
        '  podSelector:',
        '    matchLabels:',
        `      app: ${app}`,
        '  policyTypes:',
        '    - Ingress',
        '  ingress:',
        '    - from:',
        '        - namespaceSelecter:',
        '            matchLabels:',
        '              kubernetes.io/metadata.name: shared',
      ];
    case 8:
      return [
        ...head,
        '  podSelector:',
        '    matchExpressions:',
        '      - key: tier',
        '        operator: In',
        '        values: [web, api]',
        '  policyTypes:',
        '    - Ingress',
        '  ingress:',
        '    - from:',
        '        - podSelector: {}',
      ];
    default: // egress to the internet, keeping the cloud metadata service out
      return [
        ...head,
        '  podSelector:',
        '    matchLabels:',
        `      app: ${app}`,
        '  policyTypes:',
        '    - Egress',
        '  egress:',
        '    - to:',
        '        - ipBlock:',
        '            cidr: 0.0.0.0/0',
        '            except: [169.254.169.254/32]',
        '      ports:',
        '        - protocol: TCP',
        '          port: 443',
      ];
  }
}

export function corpus(n) {
  const docs = [];
  for (let i = 0; i < n; i++) docs.push(policy(i).join('\n') + '\n');
  return docs.join('---\n');
}

/** The line and character just after `metadata.name` of the middle document (where the bench types). */
export function typingPosition(text) {
  const lines = text.split('\n');
  const target = `  name: policy-${Math.floor(lines.filter((l) => l.startsWith('  name: policy-')).length / 2)}`;
  const line = lines.indexOf(target);
  return { line, character: target.length };
}
