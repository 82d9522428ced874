/** `netpol-lint --help`: every command and option, as the user reads it. */
import { LATEST_KUBERNETES_VERSION, OLDEST_KUBERNETES_VERSION } from '../core/index';

export const USAGE = `Usage: netpol-lint [lint] <paths…> [--format text|json|sarif] [--config FILE] [--exclude GLOB…] [--render] [--kubernetes-version V] [--max-warnings N] [--fix]
       netpol-lint reach <paths…> [--port N [--protocol TCP|UDP|SCTP]] [--from POD…] [--to POD…] [--why] [--exposure] [--format text|json] [--config FILE] [--exclude GLOB…] [--allow-unreadable]
       netpol-lint explain <paths…> [--format text|json] [--config FILE] [--exclude GLOB…]
       netpol-lint graph <paths…> [--format dot|mermaid|svg|json] [--diff BEFORE…] [--from POD…] [--to POD…] [--port N [--protocol P]] [--config FILE] [--exclude GLOB…] [--allow-unreadable]
       netpol-lint diff <before> <after> [--format text|json|markdown] [--fail-on added|removed|any] [--config FILE] [--exclude GLOB…] [--allow-unreadable]
       netpol-lint diff <before…> -- <after…> [options before the --]
       netpol-lint test <paths…> [--tests FILE] [--as-written] [--format text|json|junit|sarif] [--config FILE] [--exclude GLOB…] [--allow-unreadable]
       netpol-lint admission [--config FILE] [--format yaml|kyverno]
       netpol-lint help (or --help, -h)

lint     reports mistakes in Kubernetes NetworkPolicy YAML (all paths form one workspace)
reach    who can reach whom: every Pod and workload (Deployment, StatefulSet, DaemonSet,
         ReplicaSet, Job, CronJob: one pod each) against every other; without --port each
         pair's connection set (from => to : TCP 80,8080-8090; UDP 53), with --port a matrix
explain  each NetworkPolicy and cluster policy in plain English
graph    reach without --port as a picture: namespaces as clusters, workloads and address
         ranges outside the cluster as nodes (workloads no policy tells apart as one), an
         edge per allowed pair labelled with its set; DOT, SVG (laid out by the bundled
         Graphviz, full sets as tooltips), Mermaid (GitHub renders it in a Markdown mermaid
         code block) or JSON; with --diff, what a change did to it
diff     what a change opens and closes: each pair of pods (and each pod with addresses
         outside the cluster) whose connection set differs between the two sides; a side is
         paths, or git:REF alone for the other side's paths at a commit (git diff git:main deploy/)
test     the tests file's invariants (tenant-isolation against a hostile tenant,
         dns-reachable, metadata-blocked, default-deny) and connectivity tests
admission
         writes a ValidatingAdmissionPolicy and binding (admissionregistration.k8s.io/v1)
         that enforce the config's admission-capable rules in the cluster: error -> Deny,
         warning -> Warn, information/hint/off left out; only in tenantNamespaces;
         plus what the config's admission: asks for (tenant limits, the baseline)
help     this text

Folders are walked for *.yaml, *.yml and *.json (skipping node_modules and .git);
'-' reads standard input. In a folder, a symbolic link is followed only when its target's
real path is inside one of the paths given; only regular files are read (a FIFO, socket
or device is named on stderr and skipped). A Helm template (under a chart's templates/,
or holding {{ … }} actions) is not linted: one helm-template finding per chart says how
to lint it rendered.

Options:
  --format FORMAT      text (default), json, or sarif (lint and test: SARIF 2.1.0, for code
                       scanning); test also junit (JUnit XML, a test case per invariant and test);
                       graph: dot (default), mermaid, svg or json; diff: text, json or markdown
                       (tables for a pull-request comment); admission: yaml (default) or kyverno
                       (the same CEL as Kyverno ValidatingPolicy objects)
  --config FILE        the configuration (default: .netpol-lint.yaml in the working
                       directory or the nearest folder above it)
  --exclude GLOB       skip the files this glob names, relative to the working directory
                       (repeatable; picomatch, as netpolLint.exclude: 'charts/**'); adds to
                       exclude in the config file (relative to the config file's folder)
  --render             lint: render what is given first (render: in the config says which:
                       auto, helm or kustomize): each kustomization with kustomize build or
                       kubectl kustomize, each chart with helm template; findings are
                       reported on the template or resource file they came from
  --kubernetes-version V
                       the Kubernetes version whose API server validation the rules follow,
                       ${OLDEST_KUBERNETES_VERSION} to ${LATEST_KUBERNETES_VERSION} (default: kubernetesVersion in the config, else ${LATEST_KUBERNETES_VERSION})
  --max-warnings N     lint: exit 1 when there are more than N warnings (stderr says so)
  --fix                lint: apply every safe fix to the files in place (atomically;
                       unchanged files are not touched; through symbolic links, keeping
                       hard links, owner and mode), say what was fixed in each changed
                       file (stderr with json or sarif), then report what remains; a
                       read-only or non-UTF-8 file is not written (stderr, exit 2)
  --port N             reach: the destination port (1-65535): a matrix for that port
                       (without it, every pair's connections on every port and protocol);
                       graph: only the edges allowed on that port
  --protocol P         reach --port, graph --port: TCP (default), UDP or SCTP, in any case (tcp)
  --from POD, --to POD reach, graph: only these sources / destinations (repeatable): a pod
                       (namespace/name), a namespace (namespace/*) or a glob ({x,y}/web-*);
                       the JSON keeps its shape, over the pods chosen; without --port also
                       addresses outside the cluster: a CIDR, an address or first-last
  --why                reach (text): after the matrix, why each connection is allowed or
                       denied: the policies that isolate each side and the rules that allow;
                       without --port (text or json), what each side's rules allow per pair
  --exposure           reach: per workload, what may reach it from other namespaces and
                       from outside the cluster, and what it may reach outside (every port)
  --fail-on CHANGE     diff: exit 1 when some pair gains connections (added), loses some
                       (removed), or anything differs (any); --format markdown for a
                       pull-request comment
  --diff BEFORE        graph: draw the change from BEFORE to the paths given: added edges green
                       (+), removed red dashed (-), changed amber (~ before -> after); BEFORE
                       is read as diff reads a side: paths (repeat --diff for several), or
                       git:REF alone for the graph's own paths at a commit
  --tests FILE         test: the tests file (default: netpol-tests.yaml in the working
                       directory or the nearest folder above it)
  --as-written         test: tenant-isolation over the manifests as they are (default: against
                       a hostile tenant, whose pods may carry any labels, whose own egress
                       is open, and who sets its namespaces' labels other than
                       kubernetes.io/metadata.name and the trustedNamespaceLabels)
  --allow-unreadable   reach, graph, diff, test: exit 0 even when some documents could not be read (each is
                       still named on stderr and in the JSON's "unreadable")
  -h, --help           show this help
  --version            print the version

reach, graph and explain name on stderr (file:line) every document they could not read (a YAML
error) whose text names a NetworkPolicy, Namespace, Pod, workload or List kind: the answer
leaves it out. The JSON lists them in "unreadable".

Exit status: 0 clean, 1 errors or too many warnings (reach, graph: a document could not be read,
unless --allow-unreadable; test: a test or invariant fails), 2 usage error, unreadable
path, bad config or tests file, or a file --fix would not write.
`;
