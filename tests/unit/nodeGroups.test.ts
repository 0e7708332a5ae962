import { expect } from "chai";
import { ARM64_MOCK_AMI, runProgram, ssmParameterReads } from "./mockHarness";
import { nodeConfigOf } from "../support/nodeUserData";
import { problemsOf } from "../support/configProblems";
import { calicoEksProgram } from "../../components/program";
import { resolveConfig } from "../../components/stack/resolve";
import { ConfigProblem } from "../../components/config/problems";
import { architectureOf, minimumMemoryMiB, parseInstanceType, suggestInstanceType, InstanceType } from "../../components/nodes/instanceTypes";
import { labelKeyProblem, labelValueProblem } from "../../components/nodes/nodeLabels";
import { maxNodeGroupNameLength } from "../../components/nodes/nodeGroupNames";
import { recommendedAmiParameter } from "../../components/nodes/userData";
import { renderPlan } from "../../automation/plan";

describe("node groups: instance type names", () => {
    const valid: [string, string, "x86_64" | "arm64"][] = [
        ["m5.large", "m", "x86_64"],
        ["m6g.large", "m", "arm64"],
        ["m6gd.xlarge", "m", "arm64"],
        ["c7gn.16xlarge", "c", "arm64"],
        ["t4g.small", "t", "arm64"],
        ["g5g.xlarge", "g", "arm64"],
        ["g5.xlarge", "g", "x86_64"],
        ["g4ad.4xlarge", "g", "x86_64"],
        ["gr6.4xlarge", "gr", "x86_64"],
        ["is4gen.large", "is", "arm64"],
        ["im4gn.large", "im", "arm64"],
        ["hpc7g.16xlarge", "hpc", "arm64"],
        ["r8g.48xlarge", "r", "arm64"],
        ["x2gd.medium", "x", "arm64"],
        ["m7i-flex.large", "m", "x86_64"],
        ["x2iezn.6xlarge", "x", "x86_64"],
        ["c7i.metal-24xl", "c", "x86_64"],
        ["r7iz.metal-16xl", "r", "x86_64"],
        ["u-6tb1.metal", "u", "x86_64"],
        ["u7i-12tb.224xlarge", "u", "x86_64"],
        ["inf2.xlarge", "inf", "x86_64"],
        ["trn1n.32xlarge", "trn", "x86_64"],
        ["t3.nano", "t", "x86_64"],
        ["a1.large", "a", "arm64"],
    ];
    for (const [name, series, architecture] of valid) {
        it(`${name}: series ${series}, ${architecture}`, () => {
            const type = parseInstanceType(name) as InstanceType;
            expect(type, name).to.be.an("object");
            expect(type).to.include({ series, architecture });
        });
    }

    const malformed: [string, RegExp, string | undefined][] = [
        ["m5.lrage", /"lrage" is not an EC2 instance size/, "m5.large"],
        ["m5.xlrage", /not an EC2 instance size/, "m5.xlarge"],
        ["m5large", /<family>\.<size>/, "m5.large"],
        ["m52xlarge", /<family>\.<size>/, "m5.2xlarge"],
        ["M5.LARGE", /not an EC2 instance size/, "m5.large"],
        ["M5.large", /not an EC2 instance family/, "m5.large"],
        ["t3.micro ", /not an EC2 instance size/, "t3.micro"],
        [" t3.micro", /not an EC2 instance family/, "t3.micro"],
        ["m5", /<family>\.<size>/, undefined],
        ["m5.large.x", /<family>\.<size>/, undefined],
        ["m5.", /not an EC2 instance size/, undefined],
        [".large", /not an EC2 instance family/, undefined],
        ["large.m5", /not an EC2 instance size/, undefined],
        ["m.large", /not an EC2 instance family/, undefined],
        ["5m.large", /not an EC2 instance family/, undefined],
        ["m5.5xlarge", /not an EC2 instance size/, undefined],
        ["m5.metal-7xl", /not an EC2 instance size/, undefined],
        ["ml.m5.large", /<family>\.<size>/, undefined],
        ["db.r5.large", /<family>\.<size>/, undefined],
        ["cache.t3.micro", /<family>\.<size>/, undefined],
        ["Standard_D2s_v3", /<family>\.<size>/, undefined],
        ["e2-standard-4", /<family>\.<size>/, undefined],
    ];
    for (const [name, reason, suggestion] of malformed) {
        it(`refuses ${JSON.stringify(name)}${suggestion ? `, suggesting ${suggestion}` : ""}`, () => {
            expect(parseInstanceType(name)).to.be.a("string").and.to.match(reason);
            expect(suggestInstanceType(name)).to.equal(suggestion);
        });
    }

    it("gives the least memory of the sizes where it can be too small for the kubelet's reservations", () => {
        const memory = (name: string) => minimumMemoryMiB(parseInstanceType(name) as InstanceType);
        expect([memory("t3.nano"), memory("t3.micro"), memory("t4g.small"), memory("t3.medium"), memory("c6g.medium"), memory("m5.large")]).to.deep.equal([512, 1024, 2048, 4096, 2048, undefined]);
    });

    it("a group's architecture is its instance types' (x86_64 when none parses)", () => {
        expect(architectureOf(["m6g.large", "c6g.large"])).to.equal("arm64");
        expect(architectureOf(["m5.large"])).to.equal("x86_64");
        expect(architectureOf(["nonsense"])).to.equal("x86_64");
    });
});

describe("node groups: node labels, by the kubelet's rules and EKS's", () => {
    const accepted = [
        "team",
        "workload",
        "example.com/role",
        "node.kubernetes.io/role",
        "kubelet.kubernetes.io/pool",
        "gpu.node.kubernetes.io/present",
        "my.kubernetes.io.example.com/x",
        "a",
        "A_b.c-D",
        `example.com/${"x".repeat(51)}`,
    ];
    for (const key of accepted) {
        it(`accepts the key ${key}`, () => expect(labelKeyProblem(key)).to.equal(undefined));
    }

    const refused: [string, RegExp, string | undefined][] = [
        ["node-role.kubernetes.io/worker", /kubelet refuses to start/, "role"],
        ["tier.k8s.io/web", /kubelet refuses to start/, "web"],
        ["kubernetes.io/role", /kubelet refuses to start/, "role"],
        ["k8s.io/owner", /kubelet refuses to start/, "owner"],
        ["node-restriction.kubernetes.io/pci", /kubelet refuses to start/, "pci"],
        ["kubernetes.io/hostname", /sets this label itself/, undefined],
        ["topology.kubernetes.io/zone", /sets this label itself/, undefined],
        ["node.kubernetes.io/instance-type", /sets this label itself/, undefined],
        ["eks.amazonaws.com/nodegroup", /reserved for labels EKS sets/, "nodegroup"],
        ["calico-eks/node-group", /program sets calico-eks\/node-group itself/, undefined],
        ["bad key", /label key is/, undefined],
        ["-team", /label key is/, undefined],
        ["team-", /label key is/, undefined],
        ["Example.com/role", /label key is/, undefined],
        ["example.com/", /label key is/, undefined],
        ["/role", /label key is/, undefined],
        ["a/b/c", /label key is/, undefined],
        ["x".repeat(64), /label key is/, undefined],
        [`example.com/${"x".repeat(52)}`, /at most 63 characters; this one has 64/, undefined],
    ];
    for (const [key, reason, suggestedKey] of refused) {
        it(`refuses the key ${key.length > 40 ? `${key.slice(0, 20)}… (${key.length})` : key}`, () => {
            const problem = labelKeyProblem(key);
            expect(problem?.reason).to.match(reason);
            expect(problem?.suggestedKey).to.equal(suggestedKey);
        });
    }

    const values: [string, RegExp | undefined][] = [
        ["web", undefined],
        ["v1.2_3-x", undefined],
        ["x".repeat(63), undefined],
        ["", /empty value is refused/],
        ["a,b", /one --node-labels=k1=v1,k2=v2 flag/],
        ["a=b", /one --node-labels=k1=v1,k2=v2 flag/],
        ["x".repeat(64), /at most 63/],
        ["-web", /starting and ending with a letter or digit/],
        ["web app", /at most 63 letters/],
        ["true ", /at most 63 letters/],
    ];
    for (const [value, reason] of values) {
        it(`${reason ? "refuses" : "accepts"} the value ${JSON.stringify(value.length > 40 ? `${value.slice(0, 10)}…` : value)}`, () => {
            const problem = labelValueProblem(value);
            if (reason) {
                expect(problem).to.match(reason);
            } else {
                expect(problem).to.equal(undefined);
            }
        });
    }
});

describe("node groups: names fit what is generated from them", () => {
    it("a node group name has 63 − 26 − 1 = 36 characters when the cluster name is short", () => {
        expect(maxNodeGroupNameLength("calico-eks").max).to.equal(36);
        expect(maxNodeGroupNameLength("calico-eks").why).to.match(/26-character unique suffix/);
    });

    it("long cluster names leave less room: the launch template's name holds both (128 characters)", () => {
        // "<cluster>-<group>-" + 7 random characters ≤ 128
        expect(maxNodeGroupNameLength("c".repeat(100)).max).to.equal(128 - 8 - 101);
        expect(maxNodeGroupNameLength("c".repeat(100)).why).to.match(/launch template names are at most 128/);
        expect(maxNodeGroupNameLength("c".repeat(83)).max).to.equal(36);
        expect(maxNodeGroupNameLength("c".repeat(84)).max).to.equal(35);
    });

    it("the check uses the exact maximum, and the name at that maximum passes", () => {
        expect(problemsOf({ nodeGroups: [{ name: "n".repeat(36) }] })).to.deep.equal([]);
        const problems = problemsOf({ nodeGroups: [{ name: "n".repeat(37) }] });
        expect(problems.map(p => p.key)).to.deep.equal(["nodeGroups[0].name"]);
        expect(problems[0].message).to.match(/has 37 characters, but at most 36 fit/);
        expect(problems[0].fix).to.equal(`pulumi config set --path 'nodeGroups[0].name' ${"n".repeat(36)}`);
    });
});

describe("node groups: every problem of a group at once", () => {
    it("reports a bad type, a mixed architecture, a refused label and a bad value together", () => {
        const problems = problemsOf({
            nodeGroups: [{ instanceTypes: ["m5.lrage", "m5.large", "m6g.large"], labels: { "node-role.kubernetes.io/worker": "", tier: "a,b" } }],
        });
        expect(problems.map(p => p.key)).to.deep.equal(["nodeGroups[0].instanceTypes[0]", "nodeGroups[0].instanceTypes", "nodeGroups[0].labels", "nodeGroups[0].labels", "nodeGroups[0].labels"]);
        expect(problems[0].fix).to.equal("pulumi config set --path 'nodeGroups[0].instanceTypes[0]' m5.large");
        expect(problems[2].fix).to.equal(`pulumi config rm --path 'nodeGroups[0].labels["node-role.kubernetes.io/worker"]' && pulumi config set --path 'nodeGroups[0].labels.role' worker`);
        expect(problems[4].fix).to.equal("pulumi config set --path 'nodeGroups[0].labels.tier' a-b");
    });

    it("warns, without refusing, when a Graviton group pins an AMI whose architecture nothing offline can read", () => {
        const all: ConfigProblem[] = [];
        resolveConfig({ nodeGroups: [{ instanceTypes: ["m6g.large"], amiId: "ami-0123456789abcdef0" }] }, { warnings: all });
        const warnings = all.filter(w => w.key.startsWith("nodeGroups"));
        expect(warnings).to.have.length(1);
        expect(warnings[0].key).to.equal("nodeGroups[0].amiId");
        expect(warnings[0].message).to.match(/must be an arm64 EKS AL2023 AMI/);
        expect(warnings[0].fix).to.match(/aws ec2 describe-images --image-ids ami-0123456789abcdef0/);
    });
});

describe("node groups: the AMI matches the architecture (Pulumi mocks)", () => {
    const raw = {
        nodeGroups: [
            { name: "general", instanceTypes: ["m5.large", "m5a.large"] },
            { name: "graviton", instanceTypes: ["m6g.large", "m7g.large"], labels: { workload: "arm" } },
            { name: "pinned", instanceTypes: ["c7g.large"], amiId: "ami-0fedcba9876543210" },
        ],
    };

    it("reads the x86_64 parameter for x86 groups, the arm64 one for Graviton groups, none for a pinned AMI", async () => {
        const { resources } = await runProgram(() => calicoEksProgram(raw));
        expect([...ssmParameterReads].sort()).to.deep.equal([
            "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/arm64/standard/recommended/image_id",
            "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id",
        ]);
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        const launchTemplates = resources.ofType("aws:ec2/launchTemplate:LaunchTemplate").sort(byName);
        const imageIds = launchTemplates.map(lt => [lt.name, lt.inputs.imageId]);
        expect(imageIds).to.deep.equal([
            ["calico-eks-general", "ami-0123456789abcdef0"],
            ["calico-eks-graviton", ARM64_MOCK_AMI],
            ["calico-eks-pinned", "ami-0fedcba9876543210"],
        ]);
        const groups = resources.ofType("aws:eks/nodeGroup:NodeGroup").sort(byName);
        expect(groups.map(g => g.inputs.instanceTypes)).to.deep.equal([["m5.large", "m5a.large"], ["m6g.large", "m7g.large"], ["c7g.large"]]);
        const graviton = nodeConfigOf(launchTemplates[1].inputs.userData);
        expect(graviton.spec.kubelet.flags).to.deep.equal(["--node-labels=workload=arm,calico-eks/node-group=graviton"]);
    });

    it("recommendedAmiParameter names the architecture", () => {
        expect(recommendedAmiParameter("1.34", "arm64")).to.equal("/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/arm64/standard/recommended/image_id");
        expect(recommendedAmiParameter("1.29", "x86_64")).to.equal("/aws/service/eks/optimized-ami/1.29/amazon-linux-2023/x86_64/standard/recommended/image_id");
    });

    it("the plan's step line shows each group's architecture", () => {
        const plan = renderPlan("test", resolveConfig(raw));
        expect(plan).to.match(
            /create node groups: general \(m5\.large\/m5a\.large, x86_64, 1\/2\/3, maxPods 100\); graviton \(m6g\.large\/m7g\.large, arm64, 1\/2\/3, maxPods 100\); pinned \(c7g\.large, arm64 AMI ami-0fedcba9876543210, 1\/2\/3, maxPods 100\)/,
        );
    });
});
