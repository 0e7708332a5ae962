import { expect } from "chai";
import { controlPlaneCallers, diagnose, endpointsByService, formatDoctorReport, freeHostPort, poolCidrs, takenHostPorts, Webhook } from "../../automation/doctorFindings";

const webhookConfig = (name: string, webhooks: Webhook[]) => ({ metadata: { name }, webhooks });
const serviceWebhook = (name: string, namespace: string, service: string, port?: number) => ({ name, clientConfig: { service: { namespace, name: service, ...(port ? { port } : {}) } } });
const slice = (namespace: string, service: string, addresses: string[], addressType = "IPv4") => ({
    metadata: { namespace, labels: { "kubernetes.io/service-name": service } },
    addressType,
    endpoints: addresses.map(a => ({ addresses: [a] })),
});
const none = { validating: [], mutating: [], apiServices: [], crds: [] };

describe("doctor: who the control plane calls", () => {
    it("finds service-backed webhooks, APIServices and conversion webhooks, and skips url webhooks and local APIs", () => {
        const callers = controlPlaneCallers({
            validating: [
                webhookConfig("gatekeeper", [
                    serviceWebhook("validation.gatekeeper.sh", "gatekeeper-system", "gatekeeper-webhook"),
                    { name: "external", clientConfig: { url: "https://hooks.example.com/x" } },
                ]),
            ],
            mutating: [webhookConfig("kyverno", [serviceWebhook("mutate.kyverno.svc", "kyverno", "kyverno-svc", 8443)])],
            apiServices: [
                { metadata: { name: "v1beta1.metrics.k8s.io" }, spec: { group: "metrics.k8s.io", version: "v1beta1", service: { namespace: "kube-system", name: "metrics-server", port: 443 } } },
                { metadata: { name: "v1.apps" }, spec: { group: "apps", version: "v1", service: null } },
            ],
            crds: [
                { metadata: { name: "widgets.example.com" }, spec: { conversion: { strategy: "Webhook", webhook: { clientConfig: { service: { namespace: "widgets", name: "converter" } } } } } },
                { metadata: { name: "plain.example.com" }, spec: { conversion: { strategy: "None" } } },
            ],
        });
        expect(callers.map(c => [c.kind, c.name, `${c.service.namespace}/${c.service.name}:${c.service.port}`])).to.deep.equal([
            ["ValidatingWebhookConfiguration", "gatekeeper", "gatekeeper-system/gatekeeper-webhook:443"],
            ["MutatingWebhookConfiguration", "kyverno", "kyverno/kyverno-svc:8443"],
            ["APIService", "v1beta1.metrics.k8s.io", "kube-system/metrics-server:443"],
            ["CustomResourceDefinition", "widgets.example.com", "widgets/converter:443"],
        ]);
    });

    it("collects IPv4 endpoint addresses per Service across slices, ignoring IPv6 slices and unlabeled ones", () => {
        const endpoints = endpointsByService([
            slice("a", "svc", ["172.16.0.5"]),
            slice("a", "svc", ["172.16.1.9"]),
            slice("a", "svc", ["fd00::1"], "IPv6"),
            { metadata: { namespace: "a" }, addressType: "IPv4", endpoints: [{ addresses: ["10.0.0.1"] }] },
        ]);
        expect([...endpoints.entries()]).to.deep.equal([["a/svc", { addresses: ["172.16.0.5", "172.16.1.9"] }]]);
    });
});

describe("doctor: verdicts", () => {
    const callers = controlPlaneCallers({ ...none, validating: [webhookConfig("hook", [serviceWebhook("hook.example.com", "team", "hook")])] });
    const cases: [string, string[], string[], "unreachable" | "unknown" | undefined][] = [
        ["an endpoint in the pool", ["172.16.3.4"], ["172.16.0.0/16"], "unreachable"],
        ["an endpoint on a node address (host network)", ["192.168.100.7"], ["172.16.0.0/16"], undefined],
        ["one of two endpoints in a team pool", ["192.168.100.7", "172.20.0.9"], ["172.16.0.0/16", "172.20.0.0/20"], "unreachable"],
        ["the pool's first address", ["172.16.0.0"], ["172.16.0.0/16"], "unreachable"],
        ["just past the pool", ["172.17.0.0"], ["172.16.0.0/16"], undefined],
        ["no endpoints at all", [], ["172.16.0.0/16"], "unknown"],
        ["no pools known", ["172.16.3.4"], [], undefined],
        ["an unparseable pool is ignored", ["172.16.3.4"], ["not-a-cidr"], undefined],
    ];
    for (const [name, addresses, pools, level] of cases) {
        it(`${name}: ${level ?? "healthy"}`, () => {
            const endpoints = new Map(addresses.length ? [["team/hook", { addresses }]] : []);
            const report = diagnose({ callers, endpoints, pools, hostPorts: takenHostPorts([]) });
            expect(report.findings.map(f => f.level)).to.deep.equal(level ? [level] : []);
        });
    }

    it("names the caller, the overlay addresses and a host port nothing binds in the fix", () => {
        const hostPorts = takenHostPorts([{ metadata: { namespace: "kube-system", name: "x" }, spec: { hostNetwork: true, containers: [{ ports: [{ containerPort: 10260 }] }] } }]);
        const report = diagnose({ callers, endpoints: new Map([["team/hook", { addresses: ["172.16.3.4", "192.168.1.1"] }]]), pools: ["172.16.0.0/16"], hostPorts });
        const [finding] = report.findings;
        expect(finding.message).to.contain("ValidatingWebhookConfiguration hook (webhook hook.example.com) calls Service team/hook:443").and.contain("172.16.3.4").and.not.contain("192.168.1.1");
        expect(finding.fix).to.contain("hostNetwork: true").and.contain("e.g. 10261");
        const text = formatDoctorReport(report);
        expect(text).to.contain("UNREACHABLE FROM THE CONTROL PLANE: 1").and.contain("TCP/10260  kube-system/x");
    });
});

describe("doctor: host ports taken", () => {
    it("lists the node daemons, host-network containers' ports and hostPorts, by workload", () => {
        const ports = takenHostPorts([
            {
                metadata: { namespace: "kube-system", name: "lbc-7d9f8-abcde", labels: { "pod-template-hash": "7d9f8" }, ownerReferences: [{ kind: "ReplicaSet", name: "lbc-7d9f8" }] },
                spec: { hostNetwork: true, containers: [{ ports: [{ containerPort: 9443 }, { containerPort: 61779, protocol: "TCP" }] }] },
            },
            {
                metadata: { namespace: "web", name: "proxy-0", ownerReferences: [{ kind: "DaemonSet", name: "proxy" }] },
                spec: { containers: [{ ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] }] },
            },
            { metadata: { namespace: "dns", name: "dns" }, spec: { hostNetwork: true, containers: [{ ports: [{ containerPort: 53, protocol: "UDP" }] }] } },
        ]);
        const text = ports.map(p => `${p.protocol}/${p.port}=${p.owners.join("+")}`);
        expect(text).to.include.members(["TCP/9443=kube-system/lbc", "TCP/61779=kube-system/lbc", "TCP/8080=web/proxy", "UDP/53=dns/dns", "TCP/10250=kubelet", "UDP/4789=calico-node"]);
        expect(text.some(t => t.startsWith("TCP/81="))).to.equal(false, "a container port without hostPort off the host network binds nothing on the node");
    });

    it("suggests the lowest free port from 10260", () => {
        expect(freeHostPort(takenHostPorts([]))).to.equal(10260);
        const busy = takenHostPorts([
            {
                metadata: { namespace: "a", name: "b" },
                spec: { hostNetwork: true, containers: [{ ports: [{ containerPort: 10260 }, { containerPort: 10261 }, { containerPort: 10262, protocol: "UDP" }] }] },
            },
        ]);
        expect(freeHostPort(busy)).to.equal(10262);
    });

    it("reads pool CIDRs from IPPool objects, IPv4 only", () => {
        expect(poolCidrs([{ spec: { cidr: "172.16.0.0/16" } }, { spec: { cidr: "fd00:10::/64" } }, { spec: {} }])).to.deep.equal(["172.16.0.0/16"]);
    });
});
