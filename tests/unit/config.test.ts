import { expect } from "chai";
import { problemsOf } from "../support/configProblems";
import { resolveConfig, RawConfig } from "../../components/stack/resolve";
import { DEFAULT_IP_POOL, DEFAULT_NODE_GROUP } from "../../components/config/defaults";

const pool = (fields: object) => ({ ipPools: [{ ...fields }] });
const group = (fields: object) => ({ nodeGroups: [{ ...fields }] });

describe("config: defaults", () => {
    it("an empty stack resolves to the runbook's cluster", () => {
        const config = resolveConfig({});
        expect(config.controlPlane).to.deep.equal({
            clusterName: "calico-eks",
            kubernetesVersion: "1.33",
            serviceCidr: "10.100.0.0/16",
            endpointPublicAccess: true,
            endpointPrivateAccess: true,
            publicAccessCidrs: ["0.0.0.0/0"],
            bootstrapSelfManagedAddons: false,
        });
        expect(config.network.vpcCidr).to.equal("192.168.0.0/16");
        expect(config.calico.version).to.equal("v3.31.2");
        expect(config.ipPools).to.deep.equal([DEFAULT_IP_POOL]);
        expect(config.nodeGroups).to.deep.equal([DEFAULT_NODE_GROUP]);
        expect(config.nodeGroups[0]).to.include({ maxPods: 100, minSize: 1, desiredSize: 2, maxSize: 3 });
        expect(config.nodeGroups[0].instanceTypes).to.deep.equal(["m5.large"]);
        expect(config.nodeAccess).to.deep.equal({ metadataHopLimit: 1, requireImdsv2: true });
    });

    it("accepts Pulumi's string forms of numbers, booleans and structured values", () => {
        const config = resolveConfig({
            availabilityZoneCount: "2",
            endpointPublicAccess: "false",
            ipPools: JSON.stringify([{ cidr: "172.20.0.0/16", blockSize: "27" }]),
            nodeGroups: JSON.stringify([{ maxPods: 50 }]),
        });
        expect(config.network.availabilityZoneCount).to.equal(2);
        expect(config.controlPlane.endpointPublicAccess).to.equal(false);
        expect(config.ipPools[0]).to.deep.equal({ ...DEFAULT_IP_POOL, cidr: "172.20.0.0/16", blockSize: 27 });
        expect(config.nodeGroups[0].maxPods).to.equal(50);
    });

    it("fills each pool's and node group's missing fields from the defaults", () => {
        const config = resolveConfig({
            ipPools: [{ cidr: "172.16.0.0/16" }, { name: "batch", cidr: "172.18.0.0/16", natOutgoing: "Disabled" }],
            nodeGroups: [{}, { name: "spot", capacityType: "SPOT", instanceTypes: ["m5.xlarge", "m5a.xlarge"] }],
        });
        expect(config.ipPools[1]).to.deep.equal({ name: "batch", cidr: "172.18.0.0/16", blockSize: 26, encapsulation: "VXLAN", natOutgoing: "Disabled", nodeSelector: "all()" });
        expect(config.nodeGroups[1]).to.include({ name: "spot", capacityType: "SPOT", maxPods: 100 });
    });

    it("accepts an existing VPC with two private subnets", () => {
        const config = resolveConfig({ existingVpcId: "vpc-0123456789abcdef0", vpcCidr: "10.0.0.0/16", existingPrivateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] });
        expect(config.network.existingPrivateSubnetIds).to.have.length(2);
    });
});

describe("config: bad input is rejected with the key and the fix", () => {
    const cases: [string, RawConfig, string, RegExp][] = [
        ["unparseable VPC CIDR", { vpcCidr: "192.168.0.0" }, "vpcCidr", /not an IPv4 CIDR/],
        ["VPC CIDR with host bits", { vpcCidr: "192.168.1.0/16" }, "vpcCidr", /host bits/],
        ["VPC larger than /16", { vpcCidr: "10.0.0.0/8" }, "vpcCidr", /between \/16 and \/24/],
        ["unparseable service CIDR", { serviceCidr: "10.100.0.0/40" }, "serviceCidr", /prefix above/],
        ["service CIDR outside private ranges", { serviceCidr: "100.64.0.0/16" }, "serviceCidr", /inside 10\.0\.0\.0\/8/],
        ["unparseable pool CIDR", pool({ cidr: "172.16.0.0/16x" }), "ipPools[0].cidr", /not an IPv4 CIDR/],
        ["pool overlapping the VPC", pool({ cidr: "192.168.128.0/17" }), "ipPools[0].cidr", /overlaps 192\.168\.0\.0\/16 \(the VPC, vpcCidr\)/],
        ["a /20 pool overlapping the default pool", { ipPools: [{}, { name: "b", cidr: "172.16.16.0/20" }] }, "ipPools[1].cidr", /overlaps 172\.16\.0\.0\/16/],
        ["pool overlapping the service CIDR", pool({ cidr: "10.0.0.0/8" }), "ipPools[0].cidr", /overlaps 10\.100\.0\.0\/16 \(the service CIDR/],
        [
            "pools overlapping each other",
            { ipPools: [{ cidr: "172.16.0.0/16" }, { name: "b", cidr: "172.16.128.0/17" }] },
            "ipPools[1].cidr",
            /overlaps 172\.16\.0\.0\/16 \(pool "default-ipv4-ippool"/,
        ],
        ["service CIDR overlapping the VPC", { serviceCidr: "192.168.0.0/20" }, "serviceCidr", /overlaps 192\.168\.0\.0\/16 \(the VPC/],
        ["blockSize below Calico's range", pool({ blockSize: 19 }), "ipPools[0].blockSize", /outside Calico's IPv4 block size range 20–32/],
        ["blockSize above Calico's range", pool({ blockSize: 33 }), "ipPools[0].blockSize", /outside Calico's IPv4 block size range/],
        ["block larger than its pool", pool({ cidr: "172.16.0.0/24", blockSize: 22 }), "ipPools[0].blockSize", /larger than its pool/],
        ["IPIP encapsulation", pool({ encapsulation: "IPIP" }), "ipPools[0].encapsulation", /needs BGP/],
        ["IPIPCrossSubnet encapsulation", pool({ encapsulation: "IPIPCrossSubnet" }), "ipPools[0].encapsulation", /needs BGP/],
        ["unknown encapsulation", pool({ encapsulation: "Geneve" }), "ipPools[0].encapsulation", /not one of "VXLAN"/],
        ["natOutgoing as a boolean", pool({ natOutgoing: true }), "ipPools[0].natOutgoing", /true is not one of "Enabled", "Disabled"/],
        ["unknown natOutgoing", pool({ natOutgoing: "Yes" }), "ipPools[0].natOutgoing", /not one of "Enabled", "Disabled"/],
        ["invalid pool name", pool({ name: "Default_Pool" }), "ipPools[0].name", /not a valid pool name/],
        ["second pool without a name", { ipPools: [{}, { cidr: "172.17.0.0/16" }] }, "ipPools[1].name", /not a valid pool name/],
        ["no pool at all", { ipPools: [] }, "ipPools", /no IP pool/],
        ["maxPods zero", group({ maxPods: 0 }), "nodeGroups[0].maxPods", /outside 1–250/],
        ["maxPods above 250", group({ maxPods: 251 }), "nodeGroups[0].maxPods", /outside 1–250/],
        [
            "pool too small for the node groups",
            { ipPools: [{ cidr: "172.16.0.0/24" }] },
            "ipPools[0].cidr",
            /group "default" may grow to 3 nodes, but the pools that select its nodes hold 2: .*at maxPods 100/,
        ],
        [
            "pools too small once a second group is added",
            {
                ipPools: [{ cidr: "172.16.0.0/22" }],
                nodeGroups: [
                    { maxSize: 6, desiredSize: 2 },
                    { name: "b", maxSize: 3 },
                ],
            },
            "ipPools[0].cidr",
            /groups "default", "b", which share pools, may grow to 9 nodes, but .* hold 8/,
        ],
        ["min greater than max", group({ minSize: 4, maxSize: 3 }), "nodeGroups[0].minSize", /greater than maxSize/],
        ["desired above max", group({ desiredSize: 5 }), "nodeGroups[0].desiredSize", /outside \[minSize 1, maxSize 3\]/],
        ["desired below min", group({ minSize: 2, desiredSize: 1 }), "nodeGroups[0].desiredSize", /outside/],
        ["no instance types", group({ instanceTypes: [] }), "nodeGroups[0].instanceTypes", /one or more EC2 instance types/],
        ["instance types not a list", group({ instanceTypes: "m5.large" }), "nodeGroups[0].instanceTypes", /list of strings/],
        ["duplicate node group names", { nodeGroups: [{}, { name: "default" }] }, "nodeGroups[1].name", /used twice/],
        ["no node group at all", { nodeGroups: [] }, "nodeGroups", /no node group/],
        ["malformed AMI ID", group({ amiId: "al2023" }), "nodeGroups[0].amiId", /not an AMI ID/],
        ["reserved label key", group({ labels: { "kubernetes.io/role": "x" } }), "nodeGroups[0].labels", /not a label key a node group may set/],
        ["malformed label key", group({ labels: { "bad key": "x" } }), "nodeGroups[0].labels", /not a label key/],
        ["one availability zone", { availabilityZoneCount: 1 }, "availabilityZoneCount", /at least two AZs/],
        ["one explicit availability zone", { availabilityZones: ["us-west-2a"] }, "availabilityZones", /at least two AZs/],
        [
            "existing VPC with one private subnet",
            { existingVpcId: "vpc-0123456789abcdef0", existingPrivateSubnetIds: ["subnet-0123456789abcdef0"] },
            "existingPrivateSubnetIds",
            /at least two AZs, got 1/,
        ],
        ["malformed VPC ID", { existingVpcId: "my-vpc", existingPrivateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }, "existingVpcId", /not a VPC ID/],
        ["subnets without a VPC", { existingPrivateSubnetIds: ["subnet-0123456789abcdef0"] }, "existingVpcId", /no existing VPC/],
        ["invalid cluster name", { clusterName: "-calico" }, "clusterName", /not a valid EKS cluster name/],
        ["cluster name too long", { clusterName: "c".repeat(101) }, "clusterName", /not a valid EKS cluster name/],
        ["invalid Kubernetes version", { kubernetesVersion: "1.33.2" }, "kubernetesVersion", /not a Kubernetes minor version EKS supports/],
        ["unsupported Kubernetes version", { kubernetesVersion: "1.20" }, "kubernetesVersion", /not a Kubernetes minor version/],
        ["endpoint reachable from nowhere", { endpointPublicAccess: false, endpointPrivateAccess: false }, "endpointPublicAccess", /reachable from nowhere/],
        ["bad public access CIDR", { publicAccessCidrs: ["office"] }, "publicAccessCidrs[0]", /not an IPv4 CIDR/],
        ["hop limit zero", { nodeMetadataHopLimit: 0 }, "nodeMetadataHopLimit", /outside 1–64/],
        ["number that is not whole", { availabilityZoneCount: "two" }, "availabilityZoneCount", /whole number/],
        ["boolean that is not one", { requireImdsv2: "yes" }, "requireImdsv2", /true or false/],
        ["unknown config key", { ipPool: [] }, "ipPool", /unknown config key/],
        ["unknown pool field", pool({ cidr: "172.16.0.0/16", blocksize: 26 }), "ipPools[0].blocksize", /unknown field/],
        ["structured key given as text", { ipPools: "172.16.0.0/16" }, "ipPools", /structured YAML\/JSON/],
        ["an empty Calico version", { calicoVersion: "" }, "calicoVersion", /would install whatever release is newest/],
        ["a Calico version without the v", { calicoVersion: "3.31.2" }, "calicoVersion", /lacks the leading "v"/],
        ["unknown NAT gateway layout", { natGateways: "many" }, "natGateways", /not one of "single", "perAz"/],
    ];

    for (const [name, raw, key, message] of cases) {
        it(name, () => {
            const problems = problemsOf(raw);
            const problem = problems.find(p => p.key === key);
            expect(problem, `problems were: ${JSON.stringify(problems)}`).to.not.equal(undefined);
            expect(problem!.message).to.match(message);
            expect(problem!.fix, "every problem says how to fix it").to.have.length.greaterThan(5);
            // A fix is a command on the key, or says what to do with it.
            expect(problem!.fix, problem!.fix).to.match(/pulumi config|remove|list|use|set|give|merge|rename|make|choose|write|start|disable/i);
        });
    }

    it("reports every problem at once, each naming its key in the message", () => {
        try {
            resolveConfig({ clusterName: "-x", vpcCidr: "nope", ipPools: [{ encapsulation: "IPIP" }] });
            expect.fail("should have thrown");
        } catch (err) {
            const message = (err as Error).message;
            expect(message).to.match(/\(3 problems\); nothing was created/);
            expect(message).to.include("calico-eks:clusterName:");
            expect(message).to.include("calico-eks:vpcCidr:");
            expect(message).to.include("calico-eks:ipPools[0].encapsulation:");
            expect(message).to.include("Fix: pulumi config set --path 'ipPools[0].encapsulation' VXLAN");
        }
    });
});

describe("config: teams", () => {
    const team = (fields: object) => ({ teams: [{ name: "payments", namespaces: ["payments-api"], cidr: "172.20.0.0/20", ...fields }] });

    it("reads teams with a default block size", () => {
        expect(resolveConfig(team({})).teams).to.deep.equal([{ name: "payments", namespaces: ["payments-api"], cidr: "172.20.0.0/20", blockSize: 26 }]);
    });

    const cases: [string, RawConfig, string, RegExp][] = [
        ["team pool overlapping the default pool", team({ cidr: "172.16.16.0/20" }), "teams[0].cidr", /overlaps 172\.16\.0\.0\/16 \(pool "default-ipv4-ippool"/],
        ["team pool overlapping the VPC", team({ cidr: "192.168.240.0/20" }), "teams[0].cidr", /\(the VPC, vpcCidr\)/],
        ["team pool overlapping the service CIDR", team({ cidr: "10.100.0.0/20" }), "teams[0].cidr", /\(the service CIDR, serviceCidr\)/],
        [
            "team pools overlapping each other",
            { teams: [team({}).teams[0], { name: "search", namespaces: ["search"], cidr: "172.20.8.0/21" }] },
            "teams[1].cidr",
            /overlaps 172\.20\.0\.0\/20 \(team "payments"/,
        ],
        ["unparseable team CIDR", team({ cidr: "172.20.0.0" }), "teams[0].cidr", /not an IPv4 CIDR/],
        ["duplicate team names", { teams: [team({}).teams[0], { name: "payments", namespaces: ["other"], cidr: "172.21.0.0/20" }] }, "teams[1].name", /team name "payments" is used twice/],
        [
            "a namespace given to two teams",
            { teams: [team({}).teams[0], { name: "search", namespaces: ["payments-api"], cidr: "172.21.0.0/20" }] },
            "teams[1].namespaces[0]",
            /already given to team "payments"/,
        ],
        ["an invalid namespace name", team({ namespaces: ["Payments_API"] }), "teams[0].namespaces[0]", /not a valid namespace name/],
        ["a reserved namespace", team({ namespaces: ["kube-system"] }), "teams[0].namespaces[0]", /belongs to the cluster/],
        ["a team without namespaces", team({ namespaces: [] }), "teams[0].namespaces", /has no namespace/],
        ["an invalid team name", team({ name: "Payments" }), "teams[0].name", /not a valid team name/],
        ["a team block larger than its pool", team({ cidr: "172.20.0.0/24", blockSize: 22 }), "teams[0].blockSize", /larger than its pool 172\.20\.0\.0\/24/],
        ["a team block size outside Calico's range", team({ blockSize: 33 }), "teams[0].blockSize", /outside Calico's IPv4 block size range/],
        ["an unknown team field", team({ pool: "x" }), "teams[0].pool", /unknown field/],
    ];
    for (const [name, raw, key, message] of cases) {
        it(`rejects ${name}`, () => {
            const problems = problemsOf(raw);
            const problem = problems.find(p => p.key === key);
            expect(problem, JSON.stringify(problems)).to.not.equal(undefined);
            expect(problem!.message).to.match(message);
        });
    }
});

describe("config: fixes are commands that work", () => {
    it("suggests a free range of the same size for an overlapping pool", () => {
        const problem = problemsOf({ ipPools: [{}, { name: "b", cidr: "172.16.16.0/20" }] }).find(p => p.key === "ipPools[1].cidr")!;
        // Not 172.17.0.0/20: Docker's bridge network is skipped (it is accepted with a warning).
        expect(problem.fix).to.equal("pulumi config set --path 'ipPools[1].cidr' 172.18.0.0/20");
        // Applying the fix makes the config valid.
        expect(problemsOf({ ipPools: [{}, { name: "b", cidr: "172.18.0.0/20" }] })).to.deep.equal([]);
    });

    it("suggests a block size that fits the pool", () => {
        const problem = problemsOf({ ipPools: [{ cidr: "172.16.0.0/24", blockSize: 22 }] }).find(p => p.key === "ipPools[0].blockSize")!;
        expect(problem.fix).to.match(/^pulumi config set --path 'ipPools\[0\]\.blockSize' 26, or give the pool a larger cidr$/);
    });
});
