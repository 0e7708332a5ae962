/**
 * `doctor` against a real API server. The test creates what charts installed after the cluster would
 * create — webhook configurations, an APIService, a CRD with a conversion webhook, their Services — and plays
 * the part of the absent nodes and the EndpointSlice controller: it writes the EndpointSlices (pod addresses
 * in a Calico pool, or a node address for a host-network pod) and a host-network pod bound to a node that
 * does not exist. Nothing here calls the webhooks; they only have to be registered.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as https from "https";
import * as net from "net";
import { main } from "../../automation/cli";
import { kubeRequest } from "../../components/cluster/kubeClient";
import { doctor } from "../../automation/doctor";
import { formatDoctorReport } from "../../automation/doctorFindings";
import { calicoCrds } from "../support/calicoCrds";
import { LocalCluster, startLocalCluster } from "./localCluster";
import { toolchainBin } from "./toolchain";

describe("doctor on a real API server", function () {
    let cluster: LocalCluster;

    before(async function () {
        this.timeout(60 * 60_000);
        cluster = await startLocalCluster(toolchainBin());
    });

    after(async function () {
        this.timeout(60_000);
        await cluster?.stop();
    });

    async function create(apiPath: string, body: object): Promise<void> {
        const response = await cluster.request("POST", apiPath, body);
        expect(response.status, `${apiPath}: ${response.body}`).to.be.oneOf([200, 201]);
    }

    const NS = "team-a";
    // A selector no namespace has: the registered webhooks never intercept anything the test does.
    const nowhere = { matchLabels: { "doctor-test": "never" } };
    const rules = [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"] }];
    const webhook = (name: string, service: string) => ({
        name,
        clientConfig: { service: { namespace: NS, name: service, port: 443 } },
        rules,
        namespaceSelector: nowhere,
        sideEffects: "None",
        admissionReviewVersions: ["v1"],
        failurePolicy: "Ignore",
    });
    /** A Service without a selector, and the EndpointSlice a node's kube-proxy would see for its pods. */
    async function serviceWithEndpoints(name: string, addresses: string[]): Promise<void> {
        await create(`/api/v1/namespaces/${NS}/services`, { metadata: { name }, spec: { ports: [{ port: 443, targetPort: 9443 }] } });
        if (addresses.length) {
            await create(`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`, {
                metadata: { name: `${name}-1`, labels: { "kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": "doctor-test" } },
                addressType: "IPv4",
                endpoints: addresses.map(a => ({ addresses: [a] })),
                ports: [{ port: 9443, protocol: "TCP" }],
            });
        }
    }

    it("reports every caller whose endpoints are overlay addresses, with the fix, and the taken host ports", async () => {
        // Calico's IPPool kind, and the cluster's default pool as the operator would create it.
        const ipPoolCrd = calicoCrds().get("crd.projectcalico.org_ippools.yaml");
        await create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", ipPoolCrd);
        await waitUntil(async () => (await cluster.request("GET", "/apis/crd.projectcalico.org/v1/ippools")).status === 200);
        await create("/apis/crd.projectcalico.org/v1/ippools", {
            apiVersion: "crd.projectcalico.org/v1",
            kind: "IPPool",
            metadata: { name: "default-ipv4-ippool" },
            spec: { cidr: "172.16.0.0/16", vxlanMode: "Always", natOutgoing: true },
        });

        await create("/api/v1/namespaces", { metadata: { name: NS } });
        await serviceWithEndpoints("overlay-hook", ["172.16.4.7"]);
        await serviceWithEndpoints("team-pool-hook", ["172.20.0.12"]);
        await serviceWithEndpoints("host-hook", ["192.168.100.10"]);
        await serviceWithEndpoints("overlay-api", ["172.16.9.9"]);
        await serviceWithEndpoints("converter", []);

        await create("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", {
            metadata: { name: "overlay-policy" },
            webhooks: [webhook("validate.overlay.example.com", "overlay-hook"), webhook("validate.team.example.com", "team-pool-hook")],
        });
        await create("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", {
            metadata: { name: "host-mutator" },
            webhooks: [{ ...webhook("mutate.host.example.com", "host-hook"), reinvocationPolicy: "Never" }],
        });
        await create("/apis/apiregistration.k8s.io/v1/apiservices", {
            metadata: { name: "v1alpha1.doctor.example.com" },
            spec: {
                group: "doctor.example.com",
                version: "v1alpha1",
                service: { namespace: NS, name: "overlay-api", port: 443 },
                groupPriorityMinimum: 1000,
                versionPriority: 15,
                insecureSkipTLSVerify: true,
            },
        });
        await create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
            metadata: { name: "widgets.doctor.example.com" },
            spec: {
                group: "doctor.example.com",
                names: { plural: "widgets", singular: "widget", kind: "Widget" },
                scope: "Namespaced",
                versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object" } } }],
                conversion: { strategy: "Webhook", webhook: { conversionReviewVersions: ["v1"], clientConfig: { service: { namespace: NS, name: "converter", port: 443 } } } },
            },
        });
        // A host-network pod on a node (no kubelet here: the pod is only scheduled on paper), binding 10260.
        await create("/api/v1/namespaces/kube-system/pods", {
            metadata: { name: "webhook-on-host" },
            spec: { nodeName: "node-a", hostNetwork: true, automountServiceAccountToken: false, containers: [{ name: "c", image: "example.invalid/webhook:1", ports: [{ containerPort: 10260 }] }] },
        });

        // The stack's team pool is not an IPPool object here: doctor takes it from the stack's podCidrs.
        const report = await doctor({ kubeconfig: cluster.kubeconfig, podCidrs: ["172.20.0.0/20"] });
        const verdicts = report.findings.map(f => `${f.level} ${f.caller.kind} ${f.caller.name} ${f.caller.service.name}`).sort();
        expect(verdicts).to.deep.equal([
            "unknown CustomResourceDefinition widgets.doctor.example.com converter",
            "unreachable APIService v1alpha1.doctor.example.com overlay-api",
            "unreachable ValidatingWebhookConfiguration overlay-policy overlay-hook",
            "unreachable ValidatingWebhookConfiguration overlay-policy team-pool-hook",
        ]);
        expect(report.pools).to.have.members(["172.16.0.0/16", "172.20.0.0/20"]);
        expect(report.callers.map(c => c.name)).to.include("host-mutator");
        const hostPorts = report.hostPorts.map(p => `${p.protocol}/${p.port} ${p.owners.join(",")}`);
        expect(hostPorts).to.include.members(["TCP/10260 kube-system/webhook-on-host", "TCP/10250 kubelet"]);
        const text = formatDoctorReport(report);
        expect(text).to.contain("UNREACHABLE FROM THE CONTROL PLANE: 3").and.contain("172.16.4.7").and.contain("e.g. 10261");
    });

    it("npm run doctor -- --kubeconfig <file> prints the report and exits 1 while anything is unreachable", async () => {
        const file = path.join(cluster.dir, "doctor-kubeconfig.yaml");
        fs.writeFileSync(file, yaml.dump(JSON.parse(cluster.kubeconfig)));
        const printed: string[] = [];
        const log = console.log;
        console.log = (...args: unknown[]) => printed.push(args.join(" "));
        try {
            expect(await main(["doctor", "--kubeconfig", file])).to.equal(1);
        } finally {
            console.log = log;
        }
        expect(printed.join("\n")).to.contain("ValidatingWebhookConfiguration overlay-policy").and.contain("Host ports taken on the nodes:");

        // Once the webhooks run on the host network (their endpoints are node addresses), nothing is unreachable.
        for (const name of ["overlay-hook-1", "team-pool-hook-1", "overlay-api-1"]) {
            expect((await cluster.request("DELETE", `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices/${name}`)).status).to.equal(200);
        }
        await serviceEndpointsOnly("overlay-hook", ["192.168.100.11"]);
        await serviceEndpointsOnly("team-pool-hook", ["192.168.100.12"]);
        await serviceEndpointsOnly("overlay-api", ["192.168.100.13"]);
        console.log = () => undefined;
        try {
            expect(await main(["doctor", "--kubeconfig", file])).to.equal(0);
        } finally {
            console.log = log;
        }
    });

    it("the API client retries what the API server says is transient (429 while a new CRD's storage initializes), and nothing else", async function () {
        this.timeout(60_000);
        // Plays an API server that is briefly busy, with the local API server's own serving certificate.
        const answers = [429, 429, 200];
        const seen: number[] = [];
        const server = https.createServer(
            { cert: fs.readFileSync(path.join(cluster.dir, "certs", "apiserver.crt")), key: fs.readFileSync(path.join(cluster.dir, "certs", "apiserver.key")) },
            (req, res) => {
                const status = answers.shift() ?? 404;
                seen.push(status);
                res.writeHead(status, { "Content-Type": "application/json", ...(status === 429 ? { "Retry-After": "1" } : {}) });
                res.end(JSON.stringify({ kind: "Status", code: status }));
            },
        );
        await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
        try {
            const config = JSON.parse(cluster.kubeconfig);
            config.clusters[0].cluster.server = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
            expect((await kubeRequest(config, "GET", "/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies")).status).to.equal(200);
            expect(seen).to.deep.equal([429, 429, 200]);
            // A final answer is not retried.
            expect((await kubeRequest(config, "GET", "/api/v1/namespaces/none")).status).to.equal(404);
            expect(seen).to.deep.equal([429, 429, 200, 404]);
        } finally {
            server.close();
        }
    });

    async function serviceEndpointsOnly(name: string, addresses: string[]): Promise<void> {
        await create(`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`, {
            metadata: { name: `${name}-2`, labels: { "kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": "doctor-test" } },
            addressType: "IPv4",
            endpoints: addresses.map(a => ({ addresses: [a] })),
            ports: [{ port: 9443, protocol: "TCP" }],
        });
    }
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
        if (Date.now() > deadline) {
            throw new Error(`not ready after ${timeoutMs} ms`);
        }
        await new Promise(r => setTimeout(r, 250));
    }
}
