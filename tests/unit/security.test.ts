import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { MOCK_SECRETS_KEY_ARN, Registered, Resources, runProgram } from "./mockHarness";
import { problemsOf } from "../support/configProblems";
import { calicoEksProgram } from "../../components/program";
import { resolveConfig } from "../../components/stack/resolve";
import { LOG_RETENTION_DAYS } from "../../components/config/defaults";
import { nearestLogType, nearestRetentions } from "../../components/cluster/securityChecks";
import { secretsKeyPolicy } from "../../components/cluster/secretsKey";
import { clusterAutoscalerPolicy, externalDnsPolicy } from "../../components/addons/policies";
import { nodeRolePolicies } from "../../components/nodes/nodeRolePolicies";
import { ADDONS } from "../../components/addons/definitions";
import { withTags } from "../../components/tags";
import { renderPlan } from "../../automation/plan";

const ALL_ADDONS_ON = { ...Object.fromEntries(ADDONS.map(a => [`${a.name}Enabled`, true])), externalDnsDomainFilters: ["example.com"] };
const STACK_TAGS = { "cost-center": "CC-1234", owner: "platform-team@example.com", "team:name": "Platform Engineering" };

async function deploy(raw: Record<string, unknown> = {}): Promise<Resources> {
    return (await runProgram(() => calicoEksProgram(raw))).resources;
}

describe("security settings: defaults", () => {
    it("turns on audit and authenticator logs kept 90 days, a created secrets key, SSM access, no tags, every zone", () => {
        expect(resolveConfig({}).security).to.deep.equal({
            controlPlaneLogTypes: ["audit", "authenticator"],
            controlPlaneLogRetentionDays: 90,
            secretsEncryption: true,
            secretsKmsKeyArn: "",
            nodeSsmAccess: true,
            tags: {},
        });
        expect(resolveConfig({}).addons.externalDns.hostedZoneIds).to.deep.equal([]);
    });

    it("offers exactly CloudWatch Logs' retention periods", () => {
        // PutRetentionPolicy's accepted values (CloudWatch Logs API reference), 0 standing for "never expire".
        expect(LOG_RETENTION_DAYS).to.deep.equal([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
    });

    it("shows every setting in the plan", () => {
        const plan = renderPlan("t", resolveConfig({ ...ALL_ADDONS_ON, tags: STACK_TAGS, externalDnsHostedZoneIds: ["Z0123456789ABCDEFGHIJ"] }));
        expect(plan).to.include("control-plane logs: audit, authenticator to /aws/eks/calico-eks/cluster, kept 90 days");
        expect(plan).to.include("secrets encryption: a KMS key created for the cluster (rotation on)");
        expect(plan).to.include("node role: 3 managed policies: AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryPullOnly, AmazonSSMManagedInstanceCore");
        expect(plan).to.include("external-dns may change records in: Z0123456789ABCDEFGHIJ");
        expect(plan).to.include("tags on every taggable AWS resource: cost-center=CC-1234, owner=platform-team@example.com, team:name=Platform Engineering");
    });
});

describe("security settings: suggestions", () => {
    const logTypes: [string, string | undefined][] = [
        ["API", "api"],
        ["kube-apiserver", "api"],
        ["Audit", "audit"],
        ["audit-logs", "audit"],
        ["authentication", "authenticator"],
        ["aws-iam-authenticator", "authenticator"],
        ["controller-manager", "controllerManager"],
        ["kube-controller-manager", "controllerManager"],
        ["schedular", "scheduler"],
        ["kube-scheduler", "scheduler"],
        ["etcd", undefined],
        ["kubelet", undefined],
    ];
    for (const [typed, meant] of logTypes) {
        it(`reads "${typed}" as ${meant ?? "nothing EKS has"}`, () => expect(nearestLogType(typed)).to.equal(meant));
    }

    const retentions: [number, number | undefined, number | undefined][] = [
        [2, 1, 3],
        [10, 7, 14],
        [366, 365, 400],
        [730, 545, 731],
        [1095, 731, 1096],
        [4000, 3653, undefined],
    ];
    for (const [days, below, above] of retentions) {
        it(`places ${days} days between ${below} and ${above}`, () => expect(nearestRetentions(days)).to.deep.equal({ below, above }));
    }

    it("puts the program's own tags over the stack's, and gives none when there are none", () => {
        expect(withTags({ Name: "mine", owner: "a" }, { Name: "vpc" })).to.deep.equal({ Name: "vpc", owner: "a" });
        expect(withTags({})).to.equal(undefined);
    });

    it("reports every problem of a config at once", () => {
        const keys = problemsOf({ controlPlaneLogTypes: ["audits"], controlPlaneLogRetentionDays: 100, secretsKmsKeyArn: "alias/eks", tags: { "aws:owner": "x" } }).map(p => p.key);
        expect(keys).to.deep.equal(["controlPlaneLogTypes[0]", "controlPlaneLogRetentionDays", "secretsKmsKeyArn", 'tags["aws:owner"]']);
    });
});

describe("security settings: the secrets key's policy", () => {
    const policy = secretsKeyPolicy("aws", "123456789012", "eu-west-1", "amazonaws.com") as any;

    it("lets only the account administer the key, never use it directly", () => {
        const admin = policy.Statement[0];
        expect(admin.Principal).to.deep.equal({ AWS: "arn:aws:iam::123456789012:root" });
        expect(admin).to.not.have.property("Condition");
        for (const use of ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"]) {
            expect(admin.Action, use).to.not.include(use);
        }
        expect(admin.Action).to.include.members(["kms:Put*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"]);
    });

    it("lets the key encrypt and decrypt only through EKS, in this account and region", () => {
        const use = policy.Statement[1];
        expect(use.Principal).to.deep.equal({ AWS: "arn:aws:iam::123456789012:root" });
        expect(use.Action).to.deep.equal(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"]);
        expect(use.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "eks.eu-west-1.amazonaws.com", "kms:CallerAccount": "123456789012" } });
        expect(policy.Statement).to.have.length(2);
    });
});

/**
 * The add-on roles held to the policies their projects document for the pinned versions. Upstream files cannot be
 * downloaded here, so each reference is written out with where it comes from.
 */
describe("security settings: add-on roles match their projects' documented policies", () => {
    it("external-dns (chart 1.19.0, app v0.19.0): docs/tutorials/aws.md, changes scoped to the listed zones", () => {
        // kubernetes-sigs/external-dns v0.19.0, docs/tutorials/aws.md, "IAM Policy" (read at that tag):
        //   { Effect: Allow, Action: [route53:ChangeResourceRecordSets], Resource: [arn:aws:route53:::hostedzone/*] }
        //   { Effect: Allow, Action: [route53:ListHostedZones, route53:ListResourceRecordSets, route53:ListTagsForResources], Resource: [*] }
        // "you may fine-tune the policy to permit updates only to explicit Hosted Zone IDs": the first Resource.
        const reference = (zones: string[]) => ({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: zones },
                { Effect: "Allow", Action: ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResources"], Resource: ["*"] },
            ],
        });
        expect(externalDnsPolicy([])).to.deep.equal(reference(["arn:aws:route53:::hostedzone/*"]));
        expect(externalDnsPolicy(["Z1", "Z2ABC"])).to.deep.equal(reference(["arn:aws:route53:::hostedzone/Z1", "arn:aws:route53:::hostedzone/Z2ABC"]));
    });

    it("cluster-autoscaler (chart 9.50.1, app 1.33.0): cloudprovider/aws/README.md, scaling only this cluster's groups", () => {
        // kubernetes/autoscaler at cluster-autoscaler-chart-9.50.1, cluster-autoscaler/cloudprovider/aws/README.md,
        // "Full Cluster Autoscaler Features Policy (Recommended)" (read at that tag): the describe calls on ["*"],
        // and "only the second block of actions should be updated to restrict the resources/add conditionals";
        // the README recommends tag-based conditionals, here the two auto-discovery tags EKS puts on the auto
        // scaling groups of this cluster's managed node groups.
        expect(clusterAutoscalerPolicy("team-a")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: [
                        "autoscaling:DescribeAutoScalingGroups",
                        "autoscaling:DescribeAutoScalingInstances",
                        "autoscaling:DescribeLaunchConfigurations",
                        "autoscaling:DescribeScalingActivities",
                        "ec2:DescribeImages",
                        "ec2:DescribeInstanceTypes",
                        "ec2:DescribeLaunchTemplateVersions",
                        "ec2:GetInstanceTypesFromInstanceRequirements",
                        "eks:DescribeNodegroup",
                    ],
                    Resource: ["*"],
                },
                {
                    Effect: "Allow",
                    Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                    Resource: ["*"],
                    Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true", "aws:ResourceTag/k8s.io/cluster-autoscaler/team-a": "owned" } },
                },
            ],
        });
    });

    it("the CSI drivers: the AWS managed policies their install guides name, and nothing else", () => {
        // aws-ebs-csi-driver docs/install.md and aws-efs-csi-driver docs/iam-policy-create.md: the driver's
        // controller service account gets the AWS managed policy (maintained by AWS with the driver).
        const managed = Object.fromEntries(ADDONS.filter(a => a.irsa?.managedPolicyArns).map(a => [a.name, a.irsa!.managedPolicyArns]));
        expect(managed).to.deep.equal({
            ebsCsiDriver: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
            efsCsiDriver: ["arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"],
        });
        expect(ADDONS.filter(a => a.irsa?.managedPolicyArns && a.irsa.policy)).to.deep.equal([]);
    });

    it("gives a role only to the add-ons that call AWS", () => {
        expect(ADDONS.filter(a => a.irsa).map(a => a.name)).to.deep.equal(["loadBalancerController", "externalDns", "clusterAutoscaler", "ebsCsiDriver", "efsCsiDriver"]);
    });
});

describe("security settings: the node role", () => {
    it("has exactly the managed policies a node needs, SSM only when asked for", () => {
        expect(nodeRolePolicies(true)).to.deep.equal({
            worker: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            ecr: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
            ssm: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        });
        expect(Object.values(nodeRolePolicies(false))).to.deep.equal(["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"]);
    });
});

describe("security settings under mocks: what reaches the resources", () => {
    describe("the defaults", () => {
        let resources: Resources;
        before(async () => (resources = await deploy()));

        it("creates the control-plane log group first, with its retention, and sends audit and authenticator logs", () => {
            const group = resources.one("aws:cloudwatch/logGroup:LogGroup");
            expect(group.inputs).to.deep.include({ name: "/aws/eks/calico-eks/cluster", retentionInDays: 90 });
            const cluster = resources.one("eks:index:Cluster");
            expect(cluster.inputs.enabledClusterLogTypes).to.deep.equal(["audit", "authenticator"]);
            expect(cluster.dependencies).to.include(group.urn);
        });

        it("creates a rotating KMS key and encrypts secrets with it", () => {
            const key = resources.one("aws:kms/key:Key");
            expect(key.inputs).to.deep.include({ enableKeyRotation: true, deletionWindowInDays: 30, customerMasterKeySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT" });
            expect(JSON.parse(key.inputs.policy)).to.deep.equal(secretsKeyPolicy("aws", "123456789012", "us-west-2", "amazonaws.com"));
            const cluster = resources.one("eks:index:Cluster");
            expect(cluster.inputs.encryptionConfigKeyArn).to.equal(MOCK_SECRETS_KEY_ARN);
            expect(cluster.dependencies).to.include(key.urn);
        });

        it("attaches exactly the node's managed policies to the node role", () => {
            const attached = resources.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter(a => a.name.startsWith("calico-eks-node-"));
            expect(Object.fromEntries(attached.map(a => [a.name, a.inputs.policyArn]))).to.deep.equal({
                "calico-eks-node-worker": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "calico-eks-node-ecr": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
                "calico-eks-node-ssm": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            });
        });

        it("adds no tags input where the program sets none itself (an upgraded stack sees no change)", () => {
            for (const type of ["aws:iam/role:Role", "aws:eks/nodeGroup:NodeGroup", "aws:eks/addon:Addon", "aws:ec2/launchTemplate:LaunchTemplate"]) {
                for (const r of resources.ofType(type)) {
                    expect(r.inputs, `${type} ${r.name}`).to.not.have.property("tags");
                }
            }
            expect(resources.one("aws:ec2/launchTemplate:LaunchTemplate").inputs).to.not.have.property("tagSpecifications");
        });
    });

    it("uses a named key and creates none", async () => {
        const arn = "arn:aws:kms:us-west-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef";
        const resources = await deploy({ secretsKmsKeyArn: arn });
        expect(resources.ofType("aws:kms/key:Key")).to.deep.equal([]);
        expect(resources.one("eks:index:Cluster").inputs.encryptionConfigKeyArn).to.equal(arn);
    });

    it("with encryption and logging off, passes neither to EKS and creates no key or log group", async () => {
        const resources = await deploy({ secretsEncryption: false, controlPlaneLogTypes: [] });
        expect(resources.ofType("aws:kms/key:Key")).to.deep.equal([]);
        expect(resources.ofType("aws:cloudwatch/logGroup:LogGroup")).to.deep.equal([]);
        expect(resources.one("eks:index:Cluster").inputs).to.not.have.any.keys("encryptionConfigKeyArn", "enabledClusterLogTypes");
    });

    it("keeps logs for ever when asked (0: no retention on the group)", async () => {
        const resources = await deploy({ controlPlaneLogRetentionDays: 0, controlPlaneLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"] });
        expect(resources.one("aws:cloudwatch/logGroup:LogGroup").inputs).to.not.have.property("retentionInDays");
        expect(resources.one("eks:index:Cluster").inputs.enabledClusterLogTypes).to.have.length(5);
    });

    it("leaves SSM off the node role when asked", async () => {
        const resources = await deploy({ nodeSsmAccess: false });
        const policies = resources
            .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter(a => a.name.startsWith("calico-eks-node-"))
            .map(a => a.inputs.policyArn);
        expect(policies).to.deep.equal(["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"]);
    });

    it("scopes external-dns to the listed hosted zones", async () => {
        const resources = await deploy({ externalDnsEnabled: true, externalDnsDomainFilters: ["example.com"], externalDnsHostedZoneIds: ["Z0123456789ABCDEFGHIJ"] });
        const policy = JSON.parse(resources.one("aws:iam/rolePolicy:RolePolicy", "calico-eks-addon-externalDns").inputs.policy);
        expect(policy).to.deep.equal(externalDnsPolicy(["Z0123456789ABCDEFGHIJ"]));
        expect(policy.Statement[0].Resource).to.deep.equal(["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"]);
        // external-dns itself is told the same zones, or it tries the others and its role is refused.
        const externalDns = (r: Resources) => r.ofType("kubernetes:helm.sh/v3:Release").find(x => x.inputs.chart === "external-dns")!.inputs.values;
        const values = externalDns(resources);
        expect(values.extraArgs).to.deep.equal({ "zone-id-filter": ["Z0123456789ABCDEFGHIJ"] });
        const unscoped = await deploy({ externalDnsEnabled: true, externalDnsDomainFilters: ["example.com"] });
        expect(externalDns(unscoped)).to.not.have.property("extraArgs");
    });

    describe("tags on every taggable AWS resource", () => {
        let resources: Resources;
        before(async () => (resources = await deploy({ ...ALL_ADDONS_ON, natGateways: "perAz", tags: STACK_TAGS })));

        /** Whether the AWS SDK's arguments of a resource type take `tags` (read from its type declarations). */
        function takesTags(type: string): boolean {
            const [, module, file, name] = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(type)!;
            const declarations = fs.readFileSync(path.join(require.resolve("@pulumi/aws/package.json"), "..", module, `${file}.d.ts`), "utf8");
            const args = new RegExp(`export interface ${name}Args \\{([\\s\\S]*?)\\n\\}`).exec(declarations)![1];
            return /^\s{4}tags\?:/m.test(args);
        }
        const awsResources = () => resources.all.filter(r => r.custom && r.type.startsWith("aws:"));

        it("creates the AWS resource types this test knows, and knows which take tags", () => {
            const types = [...new Set(awsResources().map(r => r.type))].sort();
            expect(types.map(t => [t, takesTags(t)])).to.deep.equal([
                ["aws:cloudwatch/logGroup:LogGroup", true],
                ["aws:ec2/eip:Eip", true],
                ["aws:ec2/internetGateway:InternetGateway", true],
                ["aws:ec2/launchTemplate:LaunchTemplate", true],
                ["aws:ec2/natGateway:NatGateway", true],
                ["aws:ec2/routeTable:RouteTable", true],
                ["aws:ec2/routeTableAssociation:RouteTableAssociation", false],
                ["aws:ec2/subnet:Subnet", true],
                ["aws:ec2/vpc:Vpc", true],
                ["aws:eks/addon:Addon", true],
                ["aws:eks/nodeGroup:NodeGroup", true],
                ["aws:iam/role:Role", true],
                ["aws:iam/rolePolicy:RolePolicy", false],
                ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", false],
                ["aws:kms/key:Key", true],
            ]);
        });

        it("gives every resource that takes tags the stack's tags", () => {
            const missing = awsResources()
                .filter(r => takesTags(r.type))
                .filter(r => Object.entries(STACK_TAGS).some(([k, v]) => r.inputs.tags?.[k] !== v))
                .map((r: Registered) => `${r.type} ${r.name}`);
            expect(missing).to.deep.equal([]);
        });

        it("passes them to the EKS component for the cluster and everything it creates", () => {
            const cluster = resources.one("eks:index:Cluster");
            expect(cluster.inputs.tags).to.deep.equal(STACK_TAGS);
            expect(cluster.inputs.clusterTags).to.deep.equal(STACK_TAGS);
        });

        it("tags the instances, volumes and network interfaces the node groups launch", () => {
            const template = resources.one("aws:ec2/launchTemplate:LaunchTemplate");
            expect(template.inputs.tagSpecifications).to.deep.equal(["instance", "volume", "network-interface"].map(resourceType => ({ resourceType, tags: STACK_TAGS })));
        });

        it("keeps the program's own tags where they are functional", () => {
            for (const subnet of resources.ofType("aws:ec2/subnet:Subnet")) {
                expect(subnet.inputs.tags).to.include({ "kubernetes.io/cluster/calico-eks": "shared", Name: subnet.name, ...STACK_TAGS });
            }
        });
    });
});
