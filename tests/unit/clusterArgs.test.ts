/**
 * CalicoEksCluster as a package consumer uses it: typed arguments with the stack config's names and defaults,
 * Output-valued where another stack provides them, every problem reported at once as one ResourceError on the
 * component, two clusters in one program checked against each other, and the outputs app stacks read.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { MOCK_KUBECONFIG, Resources, runProgram, valueOf } from "./mockHarness";
import { CalicoEksCluster, CalicoEksClusterError } from "../../components/calicoEksCluster";
import { CalicoEksClusterArgs, DEFERRABLE_KEYS, stackConfigArgs, wordingOf } from "../../components/clusterArgs";
import { CONFIG_DEFAULTS } from "../../components/config/defaults";
import { ConfigProblem } from "../../components/config/problems";
import { resolveConfig } from "../../components/stack/resolve";
import { ADDONS } from "../../components/addons/definitions";
import { projectDir } from "../../automation/stackFiles";

/** Runs `program`, returning what it registered and the error it threw synchronously, if any. */
async function attempt<T>(program: () => T): Promise<{ resources: Resources; result?: T; error?: Error }> {
    let error: Error | undefined;
    const { resources, result } = await runProgram(() => {
        try {
            return program();
        } catch (err) {
            error = err as Error;
            return undefined;
        }
    });
    return { resources, result, error };
}

/** The error an Output rejects with (an Output-valued argument that fails its checks when it resolves). */
async function rejectionOf(output: pulumi.Output<unknown>): Promise<Error | undefined> {
    try {
        await (output as any).promise();
        return undefined;
    } catch (err) {
        return err as Error;
    }
}

const VPC = "vpc-0123456789abcdef0";
const SUBNETS = ["subnet-0000000000000001", "subnet-0000000000000002"];

describe("CalicoEksCluster arguments: the stack config's keys, typed", () => {
    it("builds from the arguments alone, with the stack config's defaults for the rest", async () => {
        const { resources, result } = await runProgram(() => new CalicoEksCluster("apps", { clusterName: "apps", vpcCidr: "10.40.0.0/16", availabilityZoneCount: 2 }));
        expect(resources.one("eks:index:Cluster").inputs).to.include({ name: "apps", version: CONFIG_DEFAULTS.kubernetesVersion });
        expect(resources.one("aws:ec2/vpc:Vpc").inputs.cidrBlock).to.equal("10.40.0.0/16");
        expect(resources.ofType("aws:ec2/subnet:Subnet")).to.have.length(4);
        expect(resources.one("calico-eks:index:CalicoEksCluster").name).to.equal("apps");
        expect(await valueOf(result.podCidrs)).to.deep.equal(["172.16.0.0/16"]);
    });

    it("passes its own networks to its Calico part, whose checks would otherwise hold the pools against the defaults", async () => {
        const { error, resources } = await attempt(() => new CalicoEksCluster("apps", { vpcCidr: "10.40.0.0/16", serviceCidr: "10.100.0.0/16", ipPools: [{ cidr: "192.168.0.0/16" }] }));
        expect(error).to.equal(undefined);
        expect(resources.one("kubernetes:helm.sh/v3:Release", "apps-calico-tigera-operator").inputs.values.installation.calicoNetwork.ipPools[0].cidr).to.equal("192.168.0.0/16");
    });

    it("takes no arguments at all: the stack config's defaults", async () => {
        const { resources } = await runProgram(() => new CalicoEksCluster("defaults"));
        expect(resources.one("eks:index:Cluster").inputs.name).to.equal(CONFIG_DEFAULTS.clusterName);
        expect(resources.one("aws:ec2/vpc:Vpc").inputs.cidrBlock).to.equal(CONFIG_DEFAULTS.vpcCidr);
    });

    it("registers the same resources from arguments as from the equivalent resolved config", async () => {
        const args = { clusterName: "same", teams: [{ name: "payments", namespaces: ["payments"], cidr: "172.20.0.0/20" }], certManagerEnabled: true };
        const fromArgs = (await runProgram(() => new CalicoEksCluster("same", args))).resources;
        const fromConfig = (await runProgram(() => new CalicoEksCluster("same", { config: resolveConfig(args) }))).resources;
        const shape = (r: Resources) => r.all.map(x => [x.urn, JSON.stringify(x.inputs)]).sort();
        expect(shape(fromArgs)).to.deep.equal(shape(fromConfig));
    });

    it("refuses other arguments next to a resolved config", async () => {
        const { error } = await attempt(() => new CalicoEksCluster("both", { config: resolveConfig({}), vpcCidr: "10.1.0.0/16" }));
        expect(error).to.be.instanceOf(CalicoEksClusterError);
        expect((error as CalicoEksClusterError).problems.map(p => p.key)).to.deep.equal(["vpcCidr"]);
    });
});

describe("CalicoEksCluster arguments: every problem at once, as one ResourceError on the component", () => {
    const refused: { name: string; args: CalicoEksClusterArgs; key: string; message: RegExp; fix: RegExp }[] = [
        { name: "a VPC CIDR that is not one", args: { vpcCidr: "10.0.0.0/33" }, key: "vpcCidr", message: /10\.0\.0\.0\/33/, fix: /^set vpcCidr to / },
        {
            name: "a number as text from a JavaScript caller",
            args: { availabilityZoneCount: "three" as unknown as number },
            key: "availabilityZoneCount",
            message: /expected a whole number, got "three"/,
            fix: /^set availabilityZoneCount to 3$/,
        },
        { name: "a node group given as a string", args: { nodeGroups: "m5.large" as unknown as [] }, key: "nodeGroups", message: /expected a list of objects/, fix: /./ },
        { name: "a misspelt argument", args: { vpcCIDR: "10.0.0.0/16" } as CalicoEksClusterArgs, key: "vpcCIDR", message: /unknown config key/, fix: /vpcCidr/ },
        {
            name: "IPIP encapsulation",
            args: { ipPools: [{ encapsulation: "IPIP" as "VXLAN" }] },
            key: "ipPools[0].encapsulation",
            message: /IPIP encapsulation needs BGP/,
            fix: /^set ipPools\[0\]\.encapsulation to VXLAN$/,
        },
    ];
    for (const c of refused) {
        it(`refuses ${c.name}, naming the argument and the fix in the argument's terms`, async () => {
            const { error } = await attempt(() => new CalicoEksCluster("bad", c.args));
            expect(error, "thrown").to.be.instanceOf(CalicoEksClusterError);
            const problem = (error as CalicoEksClusterError).problems.find(p => p.key === c.key);
            expect(problem, JSON.stringify((error as CalicoEksClusterError).problems)).to.not.equal(undefined);
            expect(problem!.message).to.match(c.message);
            expect(error!.message).to.include(`CalicoEksCluster "bad": ${c.key}: `);
            const line = error!.message.split("\n").find(l => l.includes(`: ${c.key}: `))!;
            expect(line.slice(line.indexOf(". Fix: ") + 7)).to.match(c.fix);
            expect(line).to.not.match(/pulumi config set/);
        });
    }

    it("reports every problem in one error, as a ResourceError on the component, and creates nothing else", async () => {
        const { error, resources } = await attempt(() => new CalicoEksCluster("bad", { vpcCidr: "10.0.0.0/33", serviceCidr: "8.8.8.0/24", nodeGroups: [{ maxPods: 400 }] }));
        expect(pulumi.ResourceError.isInstance(error)).to.equal(true);
        expect((error as pulumi.ResourceError).resource?.constructor.name).to.equal("CalicoEksCluster");
        expect((error as CalicoEksClusterError).problems.map(p => p.key)).to.include.members(["vpcCidr", "serviceCidr", "nodeGroups[0].maxPods"]);
        expect(error!.message).to.match(/^Invalid arguments \(\d+ problems\); nothing of CalicoEksCluster "bad" was created:/);
        expect(resources.all.map(r => r.type)).to.deep.equal(["calico-eks:index:CalicoEksCluster"]);
    });

    it("refuses a node group name that the component's own (long) name leaves no room for", async () => {
        const name = "platform-".repeat(10);
        const { error } = await attempt(() => new CalicoEksCluster(name, { nodeGroups: [{ name: "general-purpose-compute-optimize" }] }));
        const problems = (error as CalicoEksClusterError).problems;
        expect(problems.map(p => p.key)).to.deep.equal(["nodeGroups[0].name"]);
        expect(problems[0].message).to.match(/launch template is named/);
        const { error: none } = await attempt(() => new CalicoEksCluster("apps", { nodeGroups: [{ name: "general-purpose-compute-optimize" }] }));
        expect(none).to.equal(undefined);
    });

    it("words problems of the stack config in the stack's terms", () => {
        const args = stackConfigArgs({ vpcCidr: "10.0.0.0/16" }, "/project");
        expect(wordingOf(args)).to.equal("stack");
        expect(wordingOf({ vpcCidr: "10.0.0.0/16" })).to.equal("args");
    });
});

describe("CalicoEksCluster arguments from another stack (Outputs)", () => {
    const fromAnotherStack = <T>(value: T) => pulumi.output(value);

    it("uses an existing VPC whose IDs are Outputs: no VPC created, the IDs reach the cluster", async () => {
        const { resources, result } = await runProgram(
            () =>
                new CalicoEksCluster("apps", {
                    existingVpcId: fromAnotherStack(VPC),
                    existingPrivateSubnetIds: fromAnotherStack(SUBNETS),
                    vpcCidr: "10.0.0.0/16",
                    loadBalancerControllerEnabled: false,
                }),
        );
        expect(resources.ofType("aws:ec2/vpc:Vpc")).to.have.length(0);
        expect(resources.ofType("aws:ec2/subnet:Subnet")).to.have.length(0);
        const cluster = resources.one("eks:index:Cluster").inputs;
        expect(cluster.vpcId).to.equal(VPC);
        expect(cluster.privateSubnetIds).to.deep.equal(SUBNETS);
        expect(await valueOf(result.vpcId)).to.equal(VPC);
        expect(await valueOf(result.nodeCidrs)).to.deep.equal(["10.0.1.0/24", "10.0.2.0/24"]);
    });

    it("checks an Output-valued VPC ID when it resolves, with the same key and fix, and no resource takes it", async () => {
        const { resources, result } = await runProgram(
            () => new CalicoEksCluster("apps", { existingVpcId: fromAnotherStack("vpc-nope"), existingPrivateSubnetIds: SUBNETS, vpcCidr: "10.0.0.0/16", loadBalancerControllerEnabled: false }),
        );
        const error = await rejectionOf(result.vpcId);
        expect(error).to.be.instanceOf(CalicoEksClusterError);
        expect((error as CalicoEksClusterError).problems.map(p => [p.key, p.message])).to.deep.equal([["existingVpcId", '"vpc-nope" is not a VPC ID']]);
        expect(error!.message).to.include("Fix: set existingVpcId to vpc-0123456789abcdef0");
        expect(resources.ofType("eks:index:Cluster")).to.have.length(0);
    });

    it("refuses an Output-valued VPC ID that resolves to nothing (an Output always means an existing VPC)", async () => {
        const { result } = await runProgram(() => new CalicoEksCluster("apps", { existingVpcId: fromAnotherStack(""), existingPrivateSubnetIds: SUBNETS, vpcCidr: "10.0.0.0/16" }));
        const error = (await rejectionOf(result.vpcId)) as CalicoEksClusterError;
        expect(error.problems.map(p => p.key)).to.include("existingVpcId");
        expect(error.problems.find(p => p.key === "existingVpcId")!.message).to.match(/resolved to an empty VPC ID/);
    });

    it("checks Output-valued subnet IDs when they resolve (one subnet is not two AZs)", async () => {
        const { result, resources } = await runProgram(
            () => new CalicoEksCluster("apps", { existingVpcId: VPC, existingPrivateSubnetIds: fromAnotherStack([SUBNETS[0], SUBNETS[0]]), vpcCidr: "10.0.0.0/16" }),
        );
        const error = (await rejectionOf(result.network.privateSubnetIds)) as CalicoEksClusterError;
        expect(resources.ofType("eks:index:Cluster")).to.have.length(0);
        expect(error.problems.map(p => p.key)).to.include.members(["existingPrivateSubnetIds", "existingPrivateSubnetIds[1]"]);
    });

    it("still refuses what is wrong with the known arguments at once, whatever the Outputs", async () => {
        const { error } = await attempt(() => new CalicoEksCluster("apps", { existingVpcId: fromAnotherStack(VPC), vpcCidr: "10.0.0.0/16" }));
        expect((error as CalicoEksClusterError).problems.map(p => p.key)).to.deep.equal(["existingPrivateSubnetIds"]);
    });

    it("tags every taggable resource with Output-valued tags, under the program's own", async () => {
        const { resources } = await runProgram(() => new CalicoEksCluster("apps", { tags: fromAnotherStack({ team: "platform", Name: "ignored" }) }));
        const vpc = resources.one("aws:ec2/vpc:Vpc").inputs.tags;
        expect(vpc).to.deep.equal({ team: "platform", Name: "apps-network" });
        expect(resources.one("aws:iam/role:Role", "apps-node").inputs.tags).to.deep.equal({ team: "platform", Name: "ignored" });
        expect(resources.one("eks:index:Cluster").inputs.clusterTags).to.deep.equal({ team: "platform", Name: "ignored" });
        const template = resources.one("aws:ec2/launchTemplate:LaunchTemplate").inputs;
        expect(template.tagSpecifications.map((t: any) => t.resourceType)).to.deep.equal(["instance", "volume", "network-interface"]);
    });

    it("checks Output-valued tags when they resolve (AWS's reserved prefix)", async () => {
        const { result } = await runProgram(() => new CalicoEksCluster("apps", { tags: fromAnotherStack({ "aws:owner": "me" }) }));
        const error = (await rejectionOf(result.vpcId)) as CalicoEksClusterError;
        expect(error?.problems.map(p => p.key)).to.deep.equal(['tags["aws:owner"]']);
    });

    it("uses an Output-valued KMS key and creates none", async () => {
        const arn = "arn:aws:kms:us-west-2:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
        const { resources } = await runProgram(() => new CalicoEksCluster("apps", { secretsKmsKeyArn: fromAnotherStack(arn) }));
        expect(resources.ofType("aws:kms/key:Key")).to.have.length(0);
        expect(resources.one("eks:index:Cluster").inputs.encryptionConfigKeyArn).to.equal(arn);
    });

    it("lists exactly the arguments that may be Outputs", () => {
        expect([...DEFERRABLE_KEYS]).to.deep.equal(["existingVpcId", "existingPrivateSubnetIds", "existingPublicSubnetIds", "secretsKmsKeyArn", "tags"]);
    });
});

describe("CalicoEksCluster: two in one program", () => {
    const second = { clusterName: "second", vpcCidr: "10.50.0.0/16", ipPools: [{ cidr: "172.24.0.0/16" }] };

    it("builds both, every child named after its own component", async () => {
        const { resources, error } = await attempt(() => [new CalicoEksCluster("first", { clusterName: "first" }), new CalicoEksCluster("second", second)]);
        expect(error).to.equal(undefined);
        expect(
            resources
                .ofType("eks:index:Cluster")
                .map(c => c.inputs.name)
                .sort(),
        ).to.deep.equal(["first", "second"]);
        expect(new Set(resources.all.map(r => r.urn)).size).to.equal(resources.all.length);
        for (const r of resources.all.filter(r => r.type !== "calico-eks:index:CalicoEksCluster")) {
            expect(r.name.startsWith("first") || r.name.startsWith("second"), r.name).to.equal(true);
        }
        const logGroups = resources
            .ofType("aws:cloudwatch/logGroup:LogGroup")
            .map(g => g.inputs.name)
            .sort();
        expect(logGroups).to.deep.equal(["/aws/eks/first/cluster", "/aws/eks/second/cluster"]);
    });

    it("refuses a second cluster with the same cluster name, naming both components", async () => {
        const { error, resources } = await attempt(() => [new CalicoEksCluster("first", { clusterName: "apps" }), new CalicoEksCluster("again", { ...second, clusterName: "apps" })]);
        const problems = (error as CalicoEksClusterError).problems;
        expect(problems.map(p => p.key)).to.deep.equal(["clusterName"]);
        expect(problems[0].message).to.match(/CalicoEksCluster "first" \(cluster apps\) already has the cluster name "apps"/);
        expect(error!.message).to.include('CalicoEksCluster "again": clusterName:');
        expect(problems[0].fix).to.match(/set clusterName to another name/);
        expect(resources.ofType("calico-eks:index:CalicoEksCluster").map(r => r.name)).to.deep.equal(["first", "again"]);
        expect(resources.all.filter(r => r.parent.includes("::again"))).to.deep.equal([]);
    });

    it("refuses overlapping pod ranges and VPCs, with a free range as the fix", async () => {
        const { error } = await attempt(() => [
            new CalicoEksCluster("first", { clusterName: "first" }),
            new CalicoEksCluster("second", { clusterName: "second", vpcCidr: "192.168.0.0/18", teams: [{ name: "payments", namespaces: ["payments"], cidr: "192.168.128.0/20" }] }),
        ]);
        const problems: readonly ConfigProblem[] = (error as CalicoEksClusterError).problems;
        const byKey = Object.fromEntries(problems.map(p => [p.key, p]));
        expect(Object.keys(byKey).sort()).to.deep.equal(["ipPools[0].cidr", "teams[0].cidr", "vpcCidr"]);
        expect(byKey["ipPools[0].cidr"].message).to.equal(
            '172.16.0.0/16 (pool "default-ipv4-ippool") overlaps 172.16.0.0/16 (pool "default-ipv4-ippool" of CalicoEksCluster "first" (cluster first)): pod addresses of the two clusters would be ambiguous in flow logs, policies and any later connection of the clusters',
        );
        expect(byKey["ipPools[0].cidr"].fix).to.equal("set ipPools[0].cidr to 172.17.0.0/16");
        expect(byKey["teams[0].cidr"].message).to.match(/overlaps 192\.168\.0\.0\/16 \(the VPC of CalicoEksCluster "first".*could not reach that VPC/);
        expect(byKey.vpcCidr.message).to.match(/^192\.168\.0\.0\/18 \(the VPC\) overlaps 192\.168\.0\.0\/16, the VPC of CalicoEksCluster "first"/);
        expect(byKey.vpcCidr.fix).to.match(/^set vpcCidr to 10\.0\.0\.0\/18/);
    });

    it("lets two clusters share one existing VPC", async () => {
        const shared = { existingVpcId: VPC, existingPrivateSubnetIds: SUBNETS, vpcCidr: "10.0.0.0/16", loadBalancerControllerEnabled: false };
        const { error } = await attempt(() => [
            new CalicoEksCluster("first", { ...shared, clusterName: "first" }),
            new CalicoEksCluster("second", { ...shared, clusterName: "second", ipPools: [{ cidr: "172.24.0.0/16" }] }),
        ]);
        expect(error).to.equal(undefined);
    });

    it("starts each program run empty: the same cluster again in the next run is no conflict", async () => {
        await runProgram(() => new CalicoEksCluster("first", { clusterName: "first" }));
        const { error } = await attempt(() => new CalicoEksCluster("first", { clusterName: "first" }));
        expect(error).to.equal(undefined);
    });
});

describe("CalicoEksCluster: outputs for app stacks", () => {
    let cluster: CalicoEksCluster;
    before(async () => {
        ({ result: cluster } = await runProgram(
            () => new CalicoEksCluster("apps", { certManagerEnabled: true, teams: [{ name: "payments", namespaces: ["payments-api"], cidr: "172.20.0.0/20", blockSize: 27 }] }),
        ));
    });

    it("the API endpoint and the OIDC provider (ARN, issuer URL, issuer without the scheme)", async () => {
        expect(await valueOf(cluster.clusterEndpoint)).to.equal(JSON.parse(MOCK_KUBECONFIG).clusters[0].cluster.server);
        expect(await valueOf(cluster.oidcProviderArn)).to.equal("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/MOCK");
        expect(await valueOf(cluster.oidcIssuerUrl)).to.equal("https://oidc.eks.us-west-2.amazonaws.com/id/MOCK");
        expect(await valueOf(cluster.oidcProviderUrl)).to.equal("oidc.eks.us-west-2.amazonaws.com/id/MOCK");
        expect(pulumi.Output.isInstance(cluster.clusterSecurityGroupId)).to.equal(true);
    });

    it("the node role's ARN", async () => {
        expect(await valueOf(cluster.nodeRoleArn)).to.equal("arn:aws:iam::123456789012:role/apps-node");
    });

    it("the host-port plan: system owners and the enabled add-ons' ports", async () => {
        const ports = await valueOf(cluster.hostPorts);
        expect(ports.find(p => p.port === 10250)?.owner).to.equal("kubelet");
        const certManager = ADDONS.find(a => a.name === "certManager")!.title;
        expect(ports.find(p => p.port === 10260)?.owner).to.equal(certManager);
        expect(ports.map(p => p.port)).to.deep.equal([...ports.map(p => p.port)].sort((a, b) => a - b));
    });

    it("the team pools, with the Calico pool name the namespaces are annotated with", async () => {
        expect(await valueOf(cluster.teamPools)).to.deep.equal([{ name: "payments", cidr: "172.20.0.0/20", blockSize: 27, namespaces: ["payments-api"], poolName: "payments-pool" }]);
    });
});

describe("CalicoEksCluster arguments: documented", () => {
    const source = fs.readFileSync(path.join(projectDir(), "components", "clusterArgs.ts"), "utf8");
    const body = source.slice(source.indexOf("export interface DocumentedClusterArgs"), source.indexOf("export interface CalicoEksClusterArgs"));
    const documented = new Map([...body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*readonly (\w+)\?:/g)].map(m => [m[2], m[1]]));
    const addonKeys = new Set(ADDONS.flatMap(a => [`${a.name}Enabled`, `${a.name}Version`]));

    it("documents every stack config key that is not an add-on toggle, with its default", () => {
        const keys = Object.keys(CONFIG_DEFAULTS).filter(k => !addonKeys.has(k));
        expect(keys.filter(k => !documented.has(k))).to.deep.equal([]);
        for (const key of keys) {
            const doc = documented.get(key)!.replace(/\s*\*\s*/g, " ");
            const stated = /@default (.+?)\s*$/.exec(doc)?.[1];
            expect(stated, key).to.not.equal(undefined);
            expect(JSON.parse(stated!), key).to.deep.equal((CONFIG_DEFAULTS as Record<string, unknown>)[key]);
        }
    });

    it("documents no argument the stack config does not have", () => {
        expect([...documented.keys()].filter(k => !(k in CONFIG_DEFAULTS))).to.deep.equal([]);
    });
});

describe("the stack config as arguments", () => {
    it("turns Pulumi's string forms into the typed values by each key's default, keeping strings as they are", () => {
        const args = stackConfigArgs({ availabilityZoneCount: "2", endpointPublicAccess: "false", ipPools: '[{"cidr":"172.18.0.0/16"}]', kubernetesVersion: "1.33", tags: '{"team":"a"}' }, "/project");
        expect(args).to.deep.equal({ availabilityZoneCount: 2, endpointPublicAccess: false, ipPools: [{ cidr: "172.18.0.0/16" }], kubernetesVersion: "1.33", tags: { team: "a" } });
    });

    it("passes what does not parse as it is, so validation names it as the stack has it", () => {
        expect(stackConfigArgs({ availabilityZoneCount: "three" }, "/project")).to.deep.equal({ availabilityZoneCount: "three" });
    });

    it("makes a relative chartSource absolute against the project directory", () => {
        expect(stackConfigArgs({ chartSource: "charts" }, path.resolve("/project")).chartSource).to.equal(path.resolve("/project", "charts"));
    });

    it("builds the cluster the stack config describes, through the same component", async () => {
        const { calicoEksProgram } = await import("../../components/program");
        const { resources } = await runProgram(() => calicoEksProgram({ availabilityZoneCount: "2", clusterName: "from-stack" }));
        expect(resources.one("eks:index:Cluster").inputs.name).to.equal("from-stack");
        expect(resources.ofType("aws:ec2/subnet:Subnet")).to.have.length(4);
    });
});

// Referenced so the import is kept: the test composes with the provider's own resources elsewhere.
void aws;
