import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import * as path from "path";
import { referenceChartsDir } from "../support/referenceCharts";
import { MOCK_KUBECONFIG, Registered, Resources, runPreview, runProgram, UNKNOWN, valueOf } from "./mockHarness";
import { calicoEksProgram } from "../../components/program";
import { NODEADM_CONTENT_TYPE } from "../../components/nodes/userData";

type Outputs = ReturnType<typeof calicoEksProgram>;
const RELEASE = "kubernetes:helm.sh/v3:Release";
const CALICO_RELEASE = "calico-eks-calico-tigera-operator";

async function deploy(raw: Record<string, unknown> = {}): Promise<{ resources: Resources; outputs: Outputs }> {
    const { resources, result } = await runProgram(() => calicoEksProgram(raw));
    return { resources, outputs: result };
}

/** Pulls the nodeadm NodeConfig out of a launch template's base64 MIME user data. */
function nodeConfigOf(launchTemplate: Registered): any {
    const mime = Buffer.from(launchTemplate.inputs.userData, "base64").toString("utf8");
    const boundary = /boundary="([^"]+)"/.exec(mime)![1];
    const parts = mime.split(`--${boundary}`).slice(1, -1);
    const part = parts.find(p => p.includes(`Content-Type: ${NODEADM_CONTENT_TYPE}`))!;
    return yaml.load(
        part
            .split(/\r?\n\r?\n/)
            .slice(1)
            .join("\n\n"),
    );
}

describe("CalicoEksCluster: resources and inputs", () => {
    let resources: Resources;
    let outputs: Outputs;
    before(async () => ({ resources, outputs } = await deploy()));

    it("creates an eks cluster with no node group, no VPC CNI and no bootstrap add-ons", () => {
        const cluster = resources.one("eks:index:Cluster");
        expect(cluster.inputs).to.include({
            name: "calico-eks",
            version: "1.33",
            skipDefaultNodeGroup: true,
            createOidcProvider: true,
            bootstrapSelfManagedAddons: false,
            useDefaultVpcCni: true,
            kubernetesServiceIpAddressRange: "10.100.0.0/16",
            endpointPublicAccess: true,
            endpointPrivateAccess: true,
            authenticationMode: "API",
        });
        expect(cluster.inputs.kubeProxyAddonOptions).to.include({ enabled: true });
        expect(cluster.inputs.corednsAddonOptions).to.include({ enabled: false });
        expect(cluster.inputs).to.not.have.property("vpcCniOptions");
    });

    it("builds a 192.168.0.0/16 VPC over three AZs with tagged public and private subnets and one NAT gateway", () => {
        expect(resources.one("aws:ec2/vpc:Vpc").inputs.cidrBlock).to.equal("192.168.0.0/16");
        const subnets = resources.ofType("aws:ec2/subnet:Subnet");
        const pub = subnets.filter(s => s.inputs.tags["kubernetes.io/role/elb"] === "1");
        const priv = subnets.filter(s => s.inputs.tags["kubernetes.io/role/internal-elb"] === "1");
        expect(pub.map(s => s.inputs.cidrBlock)).to.deep.equal(["192.168.0.0/19", "192.168.32.0/19", "192.168.64.0/19"]);
        expect(priv.map(s => s.inputs.cidrBlock)).to.deep.equal(["192.168.96.0/19", "192.168.128.0/19", "192.168.160.0/19"]);
        expect(priv.map(s => s.inputs.availabilityZone)).to.deep.equal(["us-west-2a", "us-west-2b", "us-west-2c"]);
        for (const s of subnets) {
            expect(s.inputs.tags["kubernetes.io/cluster/calico-eks"]).to.equal("shared");
        }
        expect(resources.ofType("aws:ec2/natGateway:NatGateway")).to.have.length(1);
    });

    it("removes aws-node through a dynamic resource given the cluster's kubeconfig as a secret", () => {
        const removal = resources.one("pulumi-nodejs:dynamic:Resource", "calico-eks-calico-aws-node-removal");
        expect(removal.inputs.namespace).to.equal("kube-system");
        expect(removal.inputs.daemonSetName).to.equal("aws-node");
        expect(removal.inputs.kubeconfig).to.deep.include({ value: MOCK_KUBECONFIG });
        expect(removal.inputs.kubeconfig["4dabf18193072939515e22adb298388d"]).to.equal("1b47061264138c4ac30d75fd1eb44270");
    });

    it("installs tigera-operator v3.31.2 from the Calico repository without waiting for readiness", () => {
        const release = resources.one(RELEASE, CALICO_RELEASE);
        expect(release.inputs).to.include({ chart: "tigera-operator", version: "v3.31.2", name: "calico", namespace: "tigera-operator", createNamespace: true, skipAwait: true });
        expect(release.inputs.repositoryOpts).to.deep.equal({ repo: "https://docs.tigera.io/calico/charts" });
        expect(release.inputs.values.installation).to.deep.equal({
            enabled: true,
            kubernetesProvider: "EKS",
            cni: { type: "Calico" },
            calicoNetwork: {
                bgp: "Disabled",
                ipPools: [{ name: "default-ipv4-ippool", cidr: "172.16.0.0/16", blockSize: 26, encapsulation: "VXLAN", natOutgoing: "Enabled", nodeSelector: "all()" }],
            },
        });
    });

    it("runs in-cluster resources on the cluster's kubernetes provider", () => {
        const provider = resources.one("pulumi:providers:kubernetes");
        const release = resources.one(RELEASE, CALICO_RELEASE);
        expect(release.provider.startsWith(provider.urn)).to.equal(true);
        expect(provider.dependencies).to.include(resources.one("eks:index:Cluster").urn);
    });

    it("creates one m5.large managed node group in the private subnets, 1/2/3, on the launch template's AMI", () => {
        const group = resources.one("aws:eks/nodeGroup:NodeGroup");
        expect(group.inputs).to.include({ capacityType: "ON_DEMAND", clusterName: "calico-eks" });
        // The launch template's AMI decides: EKS then adds no user data that would override maxPods.
        expect(group.inputs).to.not.have.any.keys("amiType", "version");
        expect(group.inputs.labels).to.deep.equal({ "calico-eks/node-group": "default" });
        expect(group.inputs.instanceTypes).to.deep.equal(["m5.large"]);
        expect(group.inputs.scalingConfig).to.deep.equal({ minSize: 1, desiredSize: 2, maxSize: 3 });
        const privateIds = resources
            .ofType("aws:ec2/subnet:Subnet")
            .filter(s => s.inputs.tags["kubernetes.io/role/internal-elb"])
            .map(s => `${s.name}-id`);
        expect(group.inputs.subnetIds).to.deep.equal(privateIds);
        expect(group.inputs.launchTemplate).to.deep.equal({ id: `${resources.one("aws:ec2/launchTemplate:LaunchTemplate").name}-id`, version: "1" });
    });

    it("delivers maxPods 100 and a matching kubeReserved to the kubelet through nodeadm, with the cluster connection", () => {
        const config = nodeConfigOf(resources.one("aws:ec2/launchTemplate:LaunchTemplate"));
        expect(config).to.deep.equal({
            apiVersion: "node.eks.aws/v1alpha1",
            kind: "NodeConfig",
            spec: {
                cluster: { name: "calico-eks", apiServerEndpoint: "https://mock.invalid", certificateAuthority: "TU9DSy1DQQ==", cidr: "10.100.0.0/16" },
                kubelet: { config: { maxPods: 100, kubeReserved: { memory: "1355Mi" } }, flags: ["--node-labels=calico-eks/node-group=default"] },
            },
        });
    });

    it("runs the current EKS-optimized AL2023 AMI of the cluster's version", () => {
        expect(resources.one("aws:ec2/launchTemplate:LaunchTemplate").inputs.imageId).to.equal("ami-0123456789abcdef0");
    });

    it("requires IMDSv2 with a hop limit of 1 on nodes", () => {
        expect(resources.one("aws:ec2/launchTemplate:LaunchTemplate").inputs.metadataOptions).to.deep.equal({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
    });

    it("gives nodes a role without the VPC CNI policy", () => {
        const policies = resources
            .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter(a => a.name.startsWith("calico-eks-node-"))
            .map(a => a.inputs.policyArn);
        expect(policies).to.have.members([
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        ]);
        expect(policies.join()).to.not.include("CNI");
        const group = resources.one("aws:eks/nodeGroup:NodeGroup");
        expect(group.inputs.nodeRoleArn).to.equal(`arn:aws:iam::123456789012:role/${resources.one("aws:iam/role:Role", "calico-eks-node").name}`);
    });

    it("adds CoreDNS as a managed add-on", () => {
        expect(resources.one("aws:eks/addon:Addon").inputs).to.include({ addonName: "coredns", clusterName: "calico-eks" });
    });

    it("exports every output", async () => {
        expect(await valueOf(outputs.clusterName)).to.equal("calico-eks");
        expect(await pulumi.isSecret(outputs.clusterName)).to.equal(false);
        expect(await valueOf(outputs.kubeconfig)).to.equal(MOCK_KUBECONFIG);
        expect(await pulumi.isSecret(outputs.kubeconfig)).to.equal(true);
        expect(await valueOf(outputs.vpcId)).to.equal(`${resources.one("aws:ec2/vpc:Vpc").name}-id`);
        expect(await valueOf(outputs.vpcCidr)).to.equal("192.168.0.0/16");
        expect(await valueOf(outputs.nodeCidrs)).to.deep.equal(["192.168.96.0/19", "192.168.128.0/19", "192.168.160.0/19"]);
        expect(await valueOf(outputs.podCidrs)).to.deep.equal(["172.16.0.0/16"]);
        expect(await valueOf(outputs.serviceCidr)).to.equal("10.100.0.0/16");
        expect(await valueOf(outputs.calicoVersion)).to.equal("v3.31.2");
        expect(await valueOf(outputs.podCapacity)).to.deep.equal({
            maxPodsPerNode: 100,
            pools: [{ name: "default-ipv4-ippool", cidr: "172.16.0.0/16", blockSize: 26, blocksPerNode: 2, nodesItCanHold: 512 }],
        });
    });
});

describe("CalicoEksCluster: order", () => {
    let resources: Resources;
    before(async () => ({ resources } = await deploy({ nodeGroups: [{}, { name: "batch", instanceTypes: ["c5.xlarge"], maxPods: 110, labels: { workload: "batch" } }] })));

    it("removes aws-node after the cluster exists and before Calico is installed", () => {
        const removal = resources.one("pulumi-nodejs:dynamic:Resource", "calico-eks-calico-aws-node-removal");
        const release = resources.one(RELEASE, CALICO_RELEASE);
        expect(resources.dependsOn(removal, resources.one("eks:index:Cluster"))).to.equal(true);
        expect(release.dependencies).to.include(removal.urn);
    });

    it("lets every node group join only after Calico and the aws-node removal", () => {
        const groups = resources.ofType("aws:eks/nodeGroup:NodeGroup");
        expect(groups).to.have.length(2);
        for (const group of groups) {
            expect(resources.dependsOn(group, resources.one(RELEASE, CALICO_RELEASE)), group.name).to.equal(true);
            expect(resources.dependsOn(group, resources.one("pulumi-nodejs:dynamic:Resource", "calico-eks-calico-aws-node-removal")), group.name).to.equal(true);
        }
    });

    it("gives each node group its own maxPods and labels", () => {
        const kubelets = resources.ofType("aws:ec2/launchTemplate:LaunchTemplate").map(lt => nodeConfigOf(lt).spec.kubelet);
        expect(kubelets.map(k => k.config.maxPods)).to.deep.equal([100, 110]);
        expect(kubelets.map(k => k.flags)).to.deep.equal([["--node-labels=calico-eks/node-group=default"], ["--node-labels=workload=batch,calico-eks/node-group=batch"]]);
    });

    it("runs a pinned AMI when one is configured", async () => {
        const { resources } = await deploy({ nodeGroups: [{ amiId: "ami-0fedcba9876543210" }] });
        expect(resources.one("aws:ec2/launchTemplate:LaunchTemplate").inputs.imageId).to.equal("ami-0fedcba9876543210");
    });

    it("creates CoreDNS after the first node group", () => {
        const coreDns = resources.one("aws:eks/addon:Addon");
        expect(coreDns.dependencies).to.include(resources.ofType("aws:eks/nodeGroup:NodeGroup")[0].urn);
    });

    it("installs the load balancer controller only once CoreDNS exists", () => {
        // The controller needs cluster DNS to reach AWS, and its Service webhook must not meet kube-dns half-made.
        const controller = resources.ofType(RELEASE).find(r => r.inputs.chart === "aws-load-balancer-controller")!;
        expect(controller.dependencies).to.include(resources.one("aws:eks/addon:Addon").urn);
    });

    it("installs the other add-ons after CoreDNS too when the controller is off", async () => {
        const { resources } = await deploy({ loadBalancerControllerEnabled: false, certManagerEnabled: true });
        const coreDns = resources.one("aws:eks/addon:Addon");
        for (const chart of ["metrics-server", "cert-manager"]) {
            expect(resources.ofType(RELEASE).find(r => r.inputs.chart === chart)!.dependencies, chart).to.include(coreDns.urn);
        }
    });
});

describe("CalicoEksCluster: destroy", () => {
    let resources: Resources;
    before(async () => ({ resources } = await deploy()));

    it("deletes in-cluster resources with the cluster instead of one by one", () => {
        const cluster = resources.one("eks:index:Cluster");
        const inCluster = [...resources.ofType(RELEASE), resources.one("pulumi-nodejs:dynamic:Resource", "calico-eks-calico-aws-node-removal")];
        expect(inCluster).to.have.length(4);
        for (const r of inCluster) {
            expect(r.deletedWith, r.name).to.equal(cluster.urn);
        }
    });

    it("keeps AWS resources on normal deletion (node groups go before the Calico release)", () => {
        for (const type of ["aws:eks/nodeGroup:NodeGroup", "aws:ec2/launchTemplate:LaunchTemplate", "aws:eks/addon:Addon"]) {
            expect(resources.one(type).deletedWith, type).to.equal("");
        }
    });

    it("parents every resource under the CalicoEksCluster component", () => {
        const root = resources.one("calico-eks:index:CalicoEksCluster");
        for (const r of resources.all.filter(r => r !== root)) {
            expect(
                resources.ancestors(r).map(a => a.urn),
                `${r.type} ${r.name}`,
            ).to.include(root.urn);
        }
    });
});

describe("CalicoEksCluster: config shapes", () => {
    it("uses an existing VPC's subnets without creating network resources", async () => {
        const { resources, outputs } = await deploy({
            existingVpcId: "vpc-0123456789abcdef0",
            vpcCidr: "10.0.0.0/16",
            existingPrivateSubnetIds: ["subnet-0000000000000001", "subnet-0000000000000002"],
            existingPublicSubnetIds: ["subnet-0000000000000003"],
        });
        expect(resources.ofType("aws:ec2/vpc:Vpc")).to.have.length(0);
        expect(resources.ofType("aws:ec2/subnet:Subnet")).to.have.length(0);
        expect(resources.one("eks:index:Cluster").inputs.privateSubnetIds).to.deep.equal(["subnet-0000000000000001", "subnet-0000000000000002"]);
        expect(await valueOf(outputs.nodeCidrs)).to.deep.equal(["10.0.1.0/24", "10.0.2.0/24"]);
        expect(await valueOf(outputs.vpcId)).to.equal("vpc-0123456789abcdef0");
    });

    it("renders several pools and takes charts from a local directory", async () => {
        const { resources, outputs } = await deploy({
            chartSource: referenceChartsDir(),
            ipPools: [{ cidr: "172.16.0.0/16" }, { name: "wide", cidr: "172.17.0.0/16", blockSize: 24, encapsulation: "VXLAN", natOutgoing: "Disabled", nodeSelector: "pool == 'wide'" }],
        });
        const release = resources.one(RELEASE, CALICO_RELEASE);
        expect(release.inputs.chart).to.equal(path.join(referenceChartsDir(), "tigera-operator-v3.31.2.tgz"));
        expect(release.inputs).to.not.have.property("repositoryOpts");
        expect(release.inputs.values.installation.calicoNetwork.ipPools[1]).to.deep.equal({
            name: "wide",
            cidr: "172.17.0.0/16",
            blockSize: 24,
            encapsulation: "VXLAN",
            natOutgoing: "Disabled",
            nodeSelector: "pool == 'wide'",
        });
        expect(await valueOf(outputs.podCidrs)).to.deep.equal(["172.16.0.0/16", "172.17.0.0/16"]);
    });

    it("lets EKS bootstrap its own add-ons when asked, and still removes aws-node", async () => {
        const { resources } = await deploy({ bootstrapSelfManagedAddons: true });
        expect(resources.one("eks:index:Cluster").inputs.bootstrapSelfManagedAddons).to.equal(true);
        expect(resources.one("pulumi-nodejs:dynamic:Resource", "calico-eks-calico-aws-node-removal").inputs.daemonSetName).to.equal("aws-node");
    });

    it("passes no publicAccessCidrs with a private-only endpoint (@pulumi/eks throws on any list then)", async () => {
        const publicOnly = (await deploy({})).resources.one("eks:index:Cluster").inputs;
        expect(publicOnly.publicAccessCidrs).to.deep.equal(["0.0.0.0/0"]);
        const { resources } = await deploy({ endpointPublicAccess: false, endpointPrivateAccess: true });
        const cluster = resources.one("eks:index:Cluster").inputs;
        expect(cluster.endpointPublicAccess).to.equal(false);
        expect(cluster.endpointPrivateAccess).to.equal(true);
        expect(cluster.publicAccessCidrs).to.equal(undefined);
    });

    it("sets a per-AZ NAT gateway layout and a custom hop limit", async () => {
        const { resources } = await deploy({ natGateways: "perAz", availabilityZoneCount: 2, nodeMetadataHopLimit: 2 });
        expect(resources.ofType("aws:ec2/natGateway:NatGateway")).to.have.length(2);
        expect(resources.one("aws:ec2/launchTemplate:LaunchTemplate").inputs.metadataOptions.httpPutResponseHopLimit).to.equal(2);
    });

    it("creates nothing when the config is invalid", async () => {
        let error: Error | undefined;
        const { resources } = await runProgram(() => {
            try {
                return calicoEksProgram({ ipPools: [{ encapsulation: "IPIP" }] });
            } catch (err) {
                error = err as Error;
                return undefined;
            }
        });
        expect(error?.message).to.match(/ipPools\[0\]\.encapsulation: IPIP encapsulation needs BGP/);
        expect(resources.all).to.have.length(0);
    });
});

describe("CalicoEksCluster: teams", () => {
    const teams = [
        { name: "payments", namespaces: ["payments-api", "payments-workers"], cidr: "172.20.0.0/20" },
        { name: "search", namespaces: ["search"], cidr: "172.20.16.0/20", blockSize: 27 },
    ];
    let resources: Resources;
    let outputs: Outputs;
    before(async () => ({ resources, outputs } = await deploy({ teams })));

    it("adds each team's pool to the Installation, drawn from only on request", () => {
        const pools = resources.one(RELEASE, CALICO_RELEASE).inputs.values.installation.calicoNetwork.ipPools;
        expect(pools.slice(1)).to.deep.equal([
            { name: "payments-pool", cidr: "172.20.0.0/20", blockSize: 26, encapsulation: "VXLAN", natOutgoing: "Enabled", nodeSelector: "all()", assignmentMode: "Manual" },
            { name: "search-pool", cidr: "172.20.16.0/20", blockSize: 27, encapsulation: "VXLAN", natOutgoing: "Enabled", nodeSelector: "all()", assignmentMode: "Manual" },
        ]);
    });

    it("creates each team namespace annotated with its pool, after Calico, deleted with the cluster", () => {
        const namespaces = resources.ofType("kubernetes:core/v1:Namespace");
        expect(namespaces.map(n => [n.inputs.metadata.name, n.inputs.metadata.annotations["cni.projectcalico.org/ipv4pools"]])).to.deep.equal([
            ["payments-api", '["payments-pool"]'],
            ["payments-workers", '["payments-pool"]'],
            ["search", '["search-pool"]'],
        ]);
        const release = resources.one(RELEASE, CALICO_RELEASE);
        for (const ns of namespaces) {
            expect(ns.dependencies).to.include(release.urn);
            expect(ns.deletedWith).to.equal(resources.one("eks:index:Cluster").urn);
        }
    });

    it("outputs each team's pod CIDR, and every pool in podCidrs and podCapacity", async () => {
        expect(await valueOf(outputs.teamPodCidrs)).to.deep.equal({ payments: "172.20.0.0/20", search: "172.20.16.0/20" });
        expect(await valueOf(outputs.podCidrs)).to.deep.equal(["172.16.0.0/16", "172.20.0.0/20", "172.20.16.0/20"]);
        const capacity = await valueOf(outputs.podCapacity);
        expect(capacity.pools.map(p => [p.name, p.nodesItCanHold])).to.deep.equal([
            ["default-ipv4-ippool", 512],
            ["payments-pool", 32],
            ["search-pool", 32],
        ]);
    });

    it("creates no namespace without teams", async () => {
        const { resources } = await deploy();
        expect(resources.ofType("kubernetes:core/v1:Namespace")).to.have.length(0);
    });
});

describe("AwsNodeRemoval", () => {
    it("exposes the provider's removedOnLastRun output", async () => {
        const { AwsNodeRemoval } = await import("../../components/cluster/awsNodeRemoval");
        const { result } = await runProgram(() => new AwsNodeRemoval("removal", { kubeconfig: MOCK_KUBECONFIG }));
        expect(pulumi.Output.isInstance(result.removedOnLastRun)).to.equal(true);
    });
});

describe("AwsNodeRemoval provider", () => {
    it("reports a change without calling the cluster while the kubeconfig is unknown", async () => {
        const { removalProvider } = await import("../../components/cluster/awsNodeRemoval");
        const { unknownValue } = await import("@pulumi/pulumi/runtime/rpc");
        const inputs = { kubeconfig: MOCK_KUBECONFIG, namespace: "kube-system", daemonSetName: "aws-node" };
        // The mock kubeconfig points at an unresolvable host: any request would fail the test.
        expect(await removalProvider.diff!("kube-system/aws-node", inputs, { ...inputs, kubeconfig: unknownValue })).to.deep.equal({ changes: true });
    });

    it("replaces the resource when it is pointed at another DaemonSet", async () => {
        const { removalProvider } = await import("../../components/cluster/awsNodeRemoval");
        const inputs = { kubeconfig: MOCK_KUBECONFIG, namespace: "kube-system", daemonSetName: "aws-node" };
        expect(await removalProvider.diff!("kube-system/aws-node", inputs, { ...inputs, daemonSetName: "aws-node-legacy" })).to.deep.equal({ changes: true, replaces: ["namespace", "daemonSetName"] });
    });

    it("does nothing on delete: the VPC CNI must not come back", async () => {
        const { removalProvider } = await import("../../components/cluster/awsNodeRemoval");
        expect(await removalProvider.delete!("kube-system/aws-node", { kubeconfig: MOCK_KUBECONFIG })).to.equal(undefined);
    });
});

describe("CalicoEksCluster: preview of a new stack", () => {
    it("shows each add-on's host network and ports; only the cluster name, region, VPC ID and role ARNs are unknown", async () => {
        const { resources } = await runPreview(() =>
            calicoEksProgram({ certManagerEnabled: true, externalDnsEnabled: true, externalDnsDomainFilters: ["example.com"], clusterAutoscalerEnabled: true }),
        );
        const values = (chart: string) => resources.ofType(RELEASE).find(r => r.inputs.chart === chart)!.inputs.values;
        const controller = values("aws-load-balancer-controller");
        expect(controller).to.deep.include({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet", webhookBindPort: 9443, defaultTargetType: "instance", replicaCount: 2 });
        expect(controller).to.include({ clusterName: UNKNOWN, region: UNKNOWN, vpcId: UNKNOWN });
        expect(controller.serviceAccount).to.deep.equal({ create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": UNKNOWN } });
        expect(controller.serviceMutatorWebhookConfig).to.deep.equal({ failurePolicy: "Ignore" });
        expect(values("metrics-server")).to.deep.include({ hostNetwork: { enabled: true }, containerPort: 4443, replicas: 2 });
        expect(values("cert-manager").webhook).to.deep.include({ hostNetwork: true, securePort: 10260 });
        const dns = values("external-dns");
        expect(dns).to.deep.include({ domainFilters: ["example.com"], policy: "upsert-only", txtOwnerId: UNKNOWN });
        expect(dns.env).to.deep.equal([{ name: "AWS_DEFAULT_REGION", value: UNKNOWN }]);
        expect(values("cluster-autoscaler")).to.deep.include({ autoDiscovery: { clusterName: UNKNOWN }, image: { tag: "v1.33.0" }, awsRegion: UNKNOWN });
    });
});

describe("CalicoEksCluster: stable logical names", () => {
    const OLD = "team-a-prod";

    it("names no resource after the cluster, so renaming the cluster replaces only the EKS cluster", async () => {
        const { resources } = await deploy({ clusterName: OLD });
        expect(resources.all.map(r => r.urn).filter(urn => urn.includes(OLD))).to.deep.equal([]);
        expect(resources.one("calico-eks:index:CalicoEksCluster").name).to.equal("calico-eks");
        expect(resources.one("eks:index:Cluster").inputs.name).to.equal(OLD);
        const { resources: renamed } = await deploy({ clusterName: "team-a-prod-2" });
        const urnsBut = (r: Resources, type: string) =>
            r.all
                .filter(x => x.type !== type)
                .map(x => x.urn)
                .sort();
        expect(urnsBut(renamed, "eks:index:Cluster")).to.deep.equal(urnsBut(resources, "eks:index:Cluster"));
    });

    it("aliases the root to its old name, the cluster name", async () => {
        const { resources } = await deploy({ clusterName: OLD });
        const aliases = resources.one("calico-eks:index:CalicoEksCluster").aliasSpecs;
        expect(aliases.map(a => a.name)).to.deep.equal([OLD]);
    });

    it("needs no alias when the cluster name is the stable name", async () => {
        const { resources } = await deploy({ clusterName: "calico-eks" });
        expect(resources.one("calico-eks:index:CalicoEksCluster").aliasSpecs).to.deep.equal([]);
    });

    it("lets the engine match every resource of a stack from before to its old URN", async () => {
        // The engine gives a child of an aliased parent an alias of its own (step_generator's
        // inheritedChildAlias): the parent's old URN as parent and, when the child's name starts with the
        // parent's name, that prefix replaced by the parent's old name. Apply that rule down the tree and
        // compare with what the program registered when the component was named after the cluster.
        const { resolveConfig } = await import("../../components/stack/resolve");
        const { CalicoEksCluster } = await import("../../components/calicoEksCluster");
        const raw = { clusterName: OLD, certManagerEnabled: true, nodeGroups: [{}, { name: "batch" }], teams: [{ name: "payments", namespaces: ["payments"], cidr: "172.20.0.0/20" }] };
        const { resources: before } = await runProgram(() => new CalicoEksCluster(OLD, { config: resolveConfig(raw) }));
        const { resources: now } = await deploy(raw);

        const oldUrn = new Map<string, string>();
        const oldNameOf = (r: Registered): string => {
            const parent = now.byUrn(r.parent);
            if (!parent) {
                return r.aliasSpecs[0]?.name ?? r.name;
            }
            const parentOld = oldNameOf(parent);
            return r.name.startsWith(parent.name) ? parentOld + r.name.slice(parent.name.length) : r.name;
        };
        for (const r of now.all) {
            // The type chain is unchanged; the name is the old one.
            const typePart = r.urn.slice(0, r.urn.lastIndexOf("::") + 2);
            oldUrn.set(r.urn, `${typePart}${oldNameOf(r)}`);
        }
        expect([...oldUrn.values()].sort()).to.deep.equal(before.all.map(r => r.urn).sort());
    });
});

describe("CalicoEksCluster: composed into a larger program", () => {
    it("passes what it waits for and what it is deleted with to every resource it creates", async () => {
        const aws = await import("@pulumi/aws");
        const { CalicoEksCluster } = await import("../../components/calicoEksCluster");
        const { resolveConfig } = await import("../../components/stack/resolve");
        const config = resolveConfig({
            externalDnsEnabled: true,
            externalDnsDomainFilters: ["example.com"],
            ebsCsiDriverEnabled: true,
            teams: [{ name: "payments", namespaces: ["payments"], cidr: "172.20.0.0/20" }],
        });
        const { resources } = await runProgram(() => {
            const prerequisite = new aws.s3.Bucket("prerequisite");
            const owner = new aws.s3.Bucket("owner");
            return new CalicoEksCluster("composed", { config }, { dependsOn: [prerequisite], deletedWith: owner });
        });
        const prerequisite = resources.one("aws:s3/bucket:Bucket", "prerequisite");
        const owner = resources.one("aws:s3/bucket:Bucket", "owner");
        const cluster = resources.one("eks:index:Cluster");
        const created = resources.all.filter(r => (r.custom || r.type === "eks:index:Cluster") && !r.type.startsWith("pulumi:providers:") && !r.type.startsWith("aws:s3/"));
        expect(created.length).to.be.greaterThan(30);
        for (const r of created) {
            expect(resources.dependsOn(r, prerequisite), `${r.type} ${r.name} waits for the prerequisite`).to.equal(true);
            const inCluster = r.type.startsWith("kubernetes:") || r.type.startsWith("pulumi-nodejs:");
            expect(r.deletedWith, `${r.type} ${r.name}`).to.equal(inCluster ? cluster.urn : owner.urn);
        }
        // The node role has no input from anything else: only dependsOn can make it wait.
        for (const r of resources.all.filter(r => r.name.startsWith("composed-node"))) {
            expect(r.dependencies, `${r.type} ${r.name}`).to.include(prerequisite.urn);
        }
    });

    it("makes its first resources wait for what it is told to depend on", async () => {
        const aws = await import("@pulumi/aws");
        const { CalicoEksCluster } = await import("../../components/calicoEksCluster");
        const { resolveConfig } = await import("../../components/stack/resolve");
        const { resources } = await runProgram(() => {
            const prerequisite = new aws.s3.Bucket("prerequisite");
            return new CalicoEksCluster("composed", { config: resolveConfig({}) }, { dependsOn: [prerequisite] });
        });
        const bucket = resources.one("aws:s3/bucket:Bucket");
        expect(resources.one("aws:ec2/vpc:Vpc").dependencies).to.include(bucket.urn);
        expect(resources.one("eks:index:Cluster").dependencies).to.include(bucket.urn);
        expect(resources.dependsOn(resources.one("aws:eks/nodeGroup:NodeGroup"), bucket)).to.equal(true);
    });
});

describe("childOptions", () => {
    /** A component whose one child adds its own dependency and deletedWith to what the component got. */
    async function childOf(parentOpts: (a: pulumi.Resource) => pulumi.ComponentResourceOptions, extra: (b: pulumi.Resource) => pulumi.CustomResourceOptions) {
        const aws = await import("@pulumi/aws");
        const { childOptions } = await import("../../components/childOptions");
        const { resources } = await runProgram(() => {
            const a = new aws.s3.Bucket("a");
            const b = new aws.s3.Bucket("b");
            const component = new pulumi.ComponentResource("test:index:Component", "component", {}, parentOpts(a));
            new aws.s3.Bucket("child", {}, childOptions(component, parentOpts(a), extra(b)));
        });
        return { child: resources.one("aws:s3/bucket:Bucket", "child"), a: resources.one("aws:s3/bucket:Bucket", "a"), b: resources.one("aws:s3/bucket:Bucket", "b") };
    }

    const forms: [string, (a: pulumi.Resource) => pulumi.ComponentResourceOptions, (b: pulumi.Resource) => pulumi.CustomResourceOptions][] = [
        ["two lists", a => ({ dependsOn: [a] }), b => ({ dependsOn: [b] })],
        ["single resources", a => ({ dependsOn: a }), b => ({ dependsOn: b })],
        ["an output of a list and a list", a => ({ dependsOn: pulumi.output([a]) }), b => ({ dependsOn: [b] })],
    ];
    for (const [name, parentOpts, extra] of forms) {
        it(`adds a child's own dependsOn to the component's, given as ${name}`, async () => {
            const { child, a, b } = await childOf(parentOpts, extra);
            expect(child.dependencies).to.include.members([a.urn, b.urn]);
        });
    }

    it("passes the component's deletedWith, and lets a child name its own", async () => {
        const inherited = await childOf(
            a => ({ deletedWith: a }),
            () => ({}),
        );
        expect(inherited.child.deletedWith).to.equal(inherited.a.urn);
        const own = await childOf(
            a => ({ deletedWith: a }),
            b => ({ deletedWith: b }),
        );
        expect(own.child.deletedWith).to.equal(own.b.urn);
    });
});
