import { expect } from "chai";
import { problemsOf } from "../support/configProblems";
import { hostPortPlan } from "../../components/addons/hostPorts";
import { ADDONS } from "../../components/addons/definitions";
import { resolveConfig, RawConfig } from "../../components/stack/resolve";
import { calicoEksProgram } from "../../components/program";
import { Registered, Resources, runProgram } from "./mockHarness";

const ALL_ON: RawConfig = Object.fromEntries(ADDONS.map(a => [`${a.name}Enabled`, true]));
const RELEASE = "kubernetes:helm.sh/v3:Release";

describe("host-port plan", () => {
    it("has no clash with the defaults, and lists what is always on the host", () => {
        const plan = hostPortPlan(resolveConfig({}).addons);
        expect(plan.clashes).to.deep.equal([]);
        const owned = plan.owners.map(o => `${o.owner}:${o.protocol}/${o.port}`);
        expect(owned).to.include.members([
            "kubelet:TCP/10250",
            "kube-proxy:TCP/10249",
            "calico-node:UDP/4789",
            "calico-typha:TCP/5473",
            "calico-apiserver:TCP/5443",
            "AWS Load Balancer Controller:TCP/9443",
            "metrics-server:TCP/4443",
        ]);
        expect(owned.join()).to.not.include("cert-manager");
    });

    it("has no clash with every add-on enabled at its defaults", () => {
        const plan = hostPortPlan(resolveConfig({ ...ALL_ON, externalDnsDomainFilters: ["example.com"] }).addons);
        expect(plan.clashes).to.deep.equal([]);
        expect(plan.owners.map(o => `${o.owner}:${o.port}`)).to.include.members(["cert-manager:10260", "cert-manager:6080", "Amazon EFS CSI driver:9809"]);
    });

    const clashes: [string, RawConfig, string, RegExp][] = [
        ["metrics-server back on the kubelet's port", { metricsServerPort: 10250 }, "metricsServerPort", /TCP\/10250 is bound by both kubelet \(kubelet API.*\) and metrics-server/],
        ["cert-manager's chart default 10250", { certManagerEnabled: true, certManagerWebhookPort: 10250 }, "certManagerWebhookPort", /both kubelet .* and cert-manager/],
        ["cert-manager on the Calico API server's port", { certManagerEnabled: true, certManagerWebhookPort: 5443 }, "certManagerWebhookPort", /both calico-apiserver .* and cert-manager/],
        ["two add-ons on one port", { loadBalancerControllerWebhookPort: 4443 }, "loadBalancerControllerWebhookPort", /both AWS Load Balancer Controller \(admission webhook\) and metrics-server/],
        ["an add-on on Typha's port", { metricsServerPort: 5473 }, "metricsServerPort", /calico-typha/],
        ["a privileged port", { metricsServerPort: 443 }, "metricsServerPort", /outside 1024–65535/],
        ["external-dns without domains", { externalDnsEnabled: true }, "externalDnsDomainFilters", /every hosted zone/],
        ["an enabled add-on without a version", { metricsServerVersion: "" }, "metricsServerVersion", /no chart version/],
        ["a toggle that is not a boolean", { certManagerEnabled: "on" }, "certManagerEnabled", /true or false/],
        [
            "a webhook port inside the EFS node plugin's TLS tunnel range",
            { efsCsiDriverEnabled: true, loadBalancerControllerWebhookPort: 20100 },
            "loadBalancerControllerWebhookPort",
            /TCP\/20100 is bound by both Amazon EFS CSI driver \(TLS mount tunnels \(stunnel \/ efs-proxy\), TCP\/20049–21049\) and AWS Load Balancer Controller \(admission webhook\)/,
        ],
        ["metrics-server on the first port of the EFS range", { efsCsiDriverEnabled: true, metricsServerPort: 20049 }, "metricsServerPort", /TCP\/20049 is bound by both Amazon EFS CSI driver/],
        [
            "cert-manager on the last port of the EFS range",
            { efsCsiDriverEnabled: true, certManagerEnabled: true, certManagerWebhookPort: 21049 },
            "certManagerWebhookPort",
            /TCP\/21049 is bound by both Amazon EFS CSI driver/,
        ],
        ["a webhook in the NodePort range", { loadBalancerControllerWebhookPort: 30443 }, "loadBalancerControllerWebhookPort", /NodePort range 30000–32767/],
        [
            "two-replica add-ons on one starting node",
            { nodeGroups: [{ minSize: 1, desiredSize: 1 }] },
            "nodeGroups[0].desiredSize",
            /AWS Load Balancer Controller and metrics-server run two replicas that can never share a node .* start with 1 node/,
        ],
    ];
    for (const [name, raw, key, message] of clashes) {
        it(`rejects ${name}`, () => {
            const problem = problemsOf(raw).find(p => p.key === key);
            expect(problem, JSON.stringify(problemsOf(raw))).to.not.equal(undefined);
            expect(problem!.message).to.match(message);
            expect(problem!.fix).to.match(/^pulumi config set /);
        });
    }

    it("allows one starting node when no add-on needs two", () => {
        expect(problemsOf({ nodeGroups: [{ minSize: 1, desiredSize: 1 }], loadBalancerControllerEnabled: false, metricsServerEnabled: false })).to.deep.equal([]);
    });

    it("names every key that would resolve a clash", () => {
        const problem = problemsOf({ loadBalancerControllerWebhookPort: 4443 }).find(p => p.key === "loadBalancerControllerWebhookPort")!;
        expect(problem.fix).to.equal("pulumi config set 'loadBalancerControllerWebhookPort' <a free port: npm run plan lists the taken ones> (or change metricsServerPort)");
    });

    it("does not count a disabled add-on's ports", () => {
        expect(problemsOf({ certManagerWebhookPort: 10250 })).to.deep.equal([]);
    });

    it("lists the EFS node plugin's TLS tunnel ports as one range, only when EFS is on", () => {
        const tunnels = (config: RawConfig) => hostPortPlan(resolveConfig(config).addons).owners.filter(o => o.lastPort !== undefined);
        expect(tunnels({})).to.deep.equal([]);
        expect(tunnels({ efsCsiDriverEnabled: true })).to.deep.equal([
            { owner: "Amazon EFS CSI driver", addon: "efsCsiDriver", port: 20049, lastPort: 21049, protocol: "TCP", purpose: "TLS mount tunnels (stunnel / efs-proxy)" },
        ]);
    });

    it("lets ports sit right beside the EFS range, and inside it when EFS is off", () => {
        expect(problemsOf({ efsCsiDriverEnabled: true, metricsServerPort: 20048, loadBalancerControllerWebhookPort: 21050 })).to.deep.equal([]);
        expect(problemsOf({ loadBalancerControllerWebhookPort: 20100 })).to.deep.equal([]);
    });
});

describe("external-dns domain filters", () => {
    const refused: [string, string[], RegExp, RegExp][] = [
        ["a URL", ["https://example.com"], /a URL, not a domain/, /^pulumi config set --path 'externalDnsDomainFilters\[0\]' example\.com$/],
        ["a URL with a path", ["https://apps.example.com/team-a"], /a URL, not a domain/, /'externalDnsDomainFilters\[0\]' apps\.example\.com$/],
        ["a wildcard", ["*.example.com"], /wildcard/, /'externalDnsDomainFilters\[0\]' example\.com$/],
        ["a trailing dot (zone file style)", ["example.com."], /trailing dot/, /'externalDnsDomainFilters\[0\]' example\.com$/],
        ["uppercase", ["Example.COM"], /lowercase/, /'externalDnsDomainFilters\[0\]' example\.com$/],
        ["a port", ["example.com:443"], /port/, /'externalDnsDomainFilters\[0\]' example\.com$/],
        ["two domains in one entry", ["a.example.com,b.example.com"], /one domain per entry/, /'externalDnsDomainFilters\[0\]' a\.example\.com.*'externalDnsDomainFilters\[1\]' b\.example\.com/],
        ["an empty entry", ["example.com", ""], /empty/, /pulumi config rm --path 'externalDnsDomainFilters\[1\]'/],
        ["the same domain twice", ["example.com", "example.com"], /listed twice/, /pulumi config rm --path 'externalDnsDomainFilters\[1\]'/],
        ["an IP address", ["10.0.0.1"], /IP address/, /a domain/],
        ["a label with an underscore", ["my_team.example.com"], /letters, digits and hyphens/, /a domain/],
        ["a label starting with a hyphen", ["-team.example.com"], /letters, digits and hyphens/, /a domain/],
        ["a label longer than 63 characters", [`${"a".repeat(64)}.example.com`], /63/, /a domain/],
        ["an e-mail address", ["hostmaster@example.com"], /letters, digits and hyphens/, /a domain/],
    ];
    for (const [name, filters, message, fix] of refused) {
        it(`refuses ${name}`, () => {
            const problems = problemsOf({ externalDnsEnabled: true, externalDnsDomainFilters: filters });
            const problem = problems.find(p => p.key.startsWith("externalDnsDomainFilters"));
            expect(problem, JSON.stringify(problems)).to.not.equal(undefined);
            expect(problem!.message).to.match(message);
            expect(problem!.fix).to.match(fix);
        });
    }

    it("reports every bad entry at once, each under its own index", () => {
        const keys = problemsOf({ externalDnsEnabled: true, externalDnsDomainFilters: ["ok.example.com", "https://a.example.com", "*.b.example.com"] }).map(p => p.key);
        expect(keys).to.deep.equal(["externalDnsDomainFilters[1]", "externalDnsDomainFilters[2]"]);
    });

    it("accepts domains, subdomains, punycode and the leading-dot form external-dns documents", () => {
        expect(problemsOf({ externalDnsEnabled: true, externalDnsDomainFilters: ["example.com", "team-a.apps.example.co.uk", "xn--bcher-kva.example", ".internal.example.com"] })).to.deep.equal([]);
    });

    it("checks the filters even while external-dns is off, so turning it on cannot fail later", () => {
        expect(problemsOf({ externalDnsDomainFilters: ["https://example.com"] }).map(p => p.key)).to.deep.equal(["externalDnsDomainFilters[0]"]);
    });
});

describe("add-on releases", () => {
    describe("defaults", () => {
        let resources: Resources;
        before(async () => ({ resources } = await runProgram(() => calicoEksProgram({}))));

        it("installs only the load balancer controller and metrics-server", () => {
            const names = resources.ofType(RELEASE).map(r => r.inputs.name);
            expect(names).to.have.members(["calico", "aws-load-balancer-controller", "metrics-server"]);
        });

        it("creates IAM roles only for enabled add-ons", () => {
            expect(resources.ofType("aws:iam/role:Role").map(r => r.name)).to.have.members(["calico-eks-node", "calico-eks-addon-loadBalancerController"]);
        });
    });

    describe("all enabled", () => {
        let resources: Resources;
        const release = (chart: string): Registered => resources.ofType(RELEASE).find(r => r.inputs.chart === chart)!;
        before(async () => ({ resources } = await runProgram(() => calicoEksProgram({ ...ALL_ON, externalDnsDomainFilters: ["example.com"] }))));

        it("pins every chart from its upstream repository", () => {
            for (const addon of ADDONS) {
                const r = release(addon.chart.chart);
                expect(r, addon.name).to.not.equal(undefined);
                expect(r.inputs).to.include({ version: addon.chart.version, namespace: addon.namespace, name: addon.releaseName, skipAwait: false });
                expect(r.inputs.repositoryOpts).to.deep.equal({ repo: addon.chart.repository });
            }
        });

        it("runs the load balancer controller on the host network with instance targets and IRSA", () => {
            const values = release("aws-load-balancer-controller").inputs.values;
            expect(values).to.include({
                hostNetwork: true,
                dnsPolicy: "ClusterFirstWithHostNet",
                defaultTargetType: "instance",
                replicaCount: 2,
                clusterName: "calico-eks",
                region: "us-west-2",
                webhookBindPort: 9443,
            });
            expect(values.vpcId).to.equal(`${resources.one("aws:ec2/vpc:Vpc").name}-id`);
            expect(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.equal("arn:aws:iam::123456789012:role/calico-eks-addon-loadBalancerController");
            expect(values.updateStrategy).to.deep.equal({ type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
            expect(values.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]).to.deep.equal({
                labelSelector: { matchLabels: { "app.kubernetes.io/name": "aws-load-balancer-controller" } },
                topologyKey: "kubernetes.io/hostname",
            });
        });

        it("moves metrics-server and the cert-manager webhook off the kubelet's port", () => {
            expect(release("metrics-server").inputs.values).to.deep.include({ hostNetwork: { enabled: true }, containerPort: 4443, replicas: 2 });
            expect(release("metrics-server").inputs.values.updateStrategy.rollingUpdate).to.deep.equal({ maxSurge: 0, maxUnavailable: 1 });
            expect(release("cert-manager").inputs.values.webhook).to.include({ hostNetwork: true, securePort: 10260 });
            expect(release("cert-manager").inputs.values.crds).to.deep.equal({ enabled: true });
        });

        it("resolves the EFS node plugin's names with the node's resolver, not through CoreDNS", () => {
            // Host network: ClusterFirst would silently mean the node's resolver anyway; Default says so and
            // keeps EFS mounts (fs-….efs.<region>.amazonaws.com, VPC DNS only) independent of CoreDNS.
            expect(release("aws-efs-csi-driver").inputs.values.node).to.deep.equal({ dnsPolicy: "Default" });
        });

        it("leaves metrics-server on the chart's DNS policy: it resolves no name", () => {
            const values = release("metrics-server").inputs.values;
            expect(values).to.not.have.any.keys("dnsPolicy", "dnsConfig", "defaultArgs", "args");
        });

        it("does not let a stopped load balancer controller block every Service in the cluster", () => {
            expect(release("aws-load-balancer-controller").inputs.values.serviceMutatorWebhookConfig).to.deep.equal({ failurePolicy: "Ignore" });
        });

        it("keeps external-dns, cluster-autoscaler and the CSI controllers on the overlay with their roles", () => {
            const dns = release("external-dns").inputs.values;
            expect(dns).to.not.have.property("hostNetwork");
            expect(dns).to.deep.include({ provider: { name: "aws" }, domainFilters: ["example.com"], txtOwnerId: "calico-eks" });
            expect(dns.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.match(/role\/calico-eks-addon-externalDns$/);
            const ca = release("cluster-autoscaler").inputs.values;
            expect(ca.autoDiscovery).to.deep.equal({ clusterName: "calico-eks" });
            expect(ca.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.match(/role\/calico-eks-addon-clusterAutoscaler$/);
            expect(release("aws-ebs-csi-driver").inputs.values.node).to.deep.equal({ hostNetwork: false });
            expect(release("node-problem-detector").inputs.values).to.deep.equal({ hostNetwork: false });
        });

        it("gives each role a trust policy for exactly its service account", () => {
            const role = resources.one("aws:iam/role:Role", "calico-eks-addon-externalDns");
            const trust = JSON.parse(role.inputs.assumeRolePolicy);
            expect(trust.Statement[0].Principal.Federated).to.match(/oidc-provider/);
            expect(trust.Statement[0].Condition.StringEquals).to.deep.equal({
                "oidc.eks.us-west-2.amazonaws.com/id/MOCK:sub": "system:serviceaccount:external-dns:external-dns",
                "oidc.eks.us-west-2.amazonaws.com/id/MOCK:aud": "sts.amazonaws.com",
            });
        });

        it("attaches the documented policies", () => {
            const policyOf = (name: string) => JSON.parse(resources.one("aws:iam/rolePolicy:RolePolicy", name).inputs.policy);
            const lbc = policyOf("calico-eks-addon-loadBalancerController");
            const actions = lbc.Statement.flatMap((s: any) => s.Action);
            expect(actions).to.include.members([
                "elasticloadbalancing:CreateLoadBalancer",
                "elasticloadbalancing:RegisterTargets",
                "ec2:DescribeSubnets",
                "iam:CreateServiceLinkedRole",
                "elasticloadbalancing:SetRulePriorities",
            ]);
            expect(lbc.Statement).to.have.length(16);
            const ca = policyOf("calico-eks-addon-clusterAutoscaler");
            expect(ca.Statement[1].Condition.StringEquals).to.include({ "aws:ResourceTag/k8s.io/cluster-autoscaler/calico-eks": "owned" });
            expect(policyOf("calico-eks-addon-externalDns").Statement[0]).to.deep.include({ Action: ["route53:ChangeResourceRecordSets"], Resource: ["arn:aws:route53:::hostedzone/*"] });
            const managed = resources
                .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter(a => a.name.startsWith("calico-eks-addon-"))
                .map(a => a.inputs.policyArn);
            expect(managed).to.have.members(["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy", "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"]);
        });

        it("installs every add-on after the node groups, in the cluster, deleted with it", () => {
            const group = resources.one("aws:eks/nodeGroup:NodeGroup");
            const cluster = resources.one("eks:index:Cluster");
            for (const addon of ADDONS) {
                const r = release(addon.chart.chart);
                expect(r.dependencies, addon.name).to.include(group.urn);
                expect(r.deletedWith, addon.name).to.equal(cluster.urn);
            }
        });

        it("keeps the load balancer controller until every other add-on is gone", () => {
            const controller = release("aws-load-balancer-controller");
            for (const addon of ADDONS.filter(a => a.name !== "loadBalancerController")) {
                expect(release(addon.chart.chart).dependencies, addon.name).to.include(controller.urn);
            }
        });

        it("takes add-on charts from the chart source override too", async () => {
            const { resources } = await runProgram(() => calicoEksProgram({ chartSource: "oci://registry.example.com/charts" }));
            const charts = resources.ofType(RELEASE).map(r => r.inputs.chart);
            expect(charts).to.have.members([
                "oci://registry.example.com/charts/tigera-operator",
                "oci://registry.example.com/charts/aws-load-balancer-controller",
                "oci://registry.example.com/charts/metrics-server",
            ]);
        });
    });
});

describe("IrsaRole", () => {
    it("trusts the issuer without its scheme, for exactly one service account", async () => {
        const { IrsaRole } = await import("../../components/addons/irsaRole");
        const { resources } = await runProgram(
            () =>
                new IrsaRole("irsa", {
                    oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/x",
                    oidcProviderUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                    namespace: "kube-system",
                    serviceAccount: "sa",
                    managedPolicyArns: ["arn:aws:iam::aws:policy/P"],
                }),
        );
        const trust = JSON.parse(resources.one("aws:iam/role:Role", "irsa").inputs.assumeRolePolicy);
        expect(trust.Statement[0].Condition.StringEquals).to.deep.equal({
            "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:sa",
            "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
        });
        expect(resources.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn).to.equal("arn:aws:iam::aws:policy/P");
        expect(resources.ofType("aws:iam/rolePolicy:RolePolicy")).to.have.length(0);
    });
});
