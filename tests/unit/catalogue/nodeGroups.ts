/**
 * Node groups: configs whose nodes would never join (labels the kubelet refuses, an AMI of the wrong
 * architecture, instance types that do not exist or are too small, names AWS cuts off), and the edge cases
 * that must keep working.
 */
import { expect } from "chai";
import { Catalogue } from "../../support/catalogue";
import { resolveConfig } from "../../../components/stack/resolve";
import { ConfigProblem } from "../../../components/config/problems";

const group = (fields: object) => ({ nodeGroups: [{ ...fields }] });
const labels = (l: Record<string, string>) => group({ labels: l });
const types = (...instanceTypes: string[]) => group({ instanceTypes });

export const catalogue: Catalogue = {
    area: "nodeGroups",
    refused: [
        // Labels: the kubelet's namespaces.
        {
            name: "the worker role label from kubeadm guides",
            config: labels({ "node-role.kubernetes.io/worker": "" }),
            key: "nodeGroups[0].labels",
            message: /"node-role\.kubernetes\.io\/worker" .*kubelet refuses to start/,
            fix: /pulumi config rm --path 'nodeGroups\[0\]\.labels\["node-role\.kubernetes\.io\/worker"\]' && pulumi config set --path 'nodeGroups\[0\]\.labels\.role' worker/,
        },
        {
            name: "a role label with a value",
            config: labels({ "node-role.kubernetes.io/ingress": "true" }),
            key: "nodeGroups[0].labels",
            message: /kubelet refuses to start/,
            fix: /labels\.role' true/,
        },
        {
            name: "a tier label under k8s.io",
            config: labels({ "tier.k8s.io/web": "true" }),
            key: "nodeGroups[0].labels",
            message: /"tier\.k8s\.io\/web" .*kubernetes\.io or k8s\.io namespaces/,
            fix: /labels\.web' true/,
        },
        { name: "the old kubernetes.io/role label", config: labels({ "kubernetes.io/role": "worker" }), key: "nodeGroups[0].labels", message: /kubelet refuses to start/, fix: /labels\.role' worker/ },
        { name: "a bare k8s.io key", config: labels({ "k8s.io/owner": "platform" }), key: "nodeGroups[0].labels", message: /kubelet refuses to start/, fix: /labels\.owner' platform/ },
        {
            name: "node-restriction labels (admins set them, kubelets may not)",
            config: labels({ "node-restriction.kubernetes.io/pci": "true" }),
            key: "nodeGroups[0].labels",
            message: /kubelet refuses to start/,
            fix: /pulumi config rm --path/,
        },
        {
            name: "a subdomain of kubernetes.io that the kubelet does not allow",
            config: labels({ "cloud.kubernetes.io/provider": "aws" }),
            key: "nodeGroups[0].labels",
            message: /kubelet refuses to start/,
            fix: /labels\.provider' aws/,
        },
        {
            name: "a label the kubelet sets itself (hostname)",
            config: labels({ "kubernetes.io/hostname": "node-1" }),
            key: "nodeGroups[0].labels",
            message: /sets this label itself/,
            fix: /pulumi config rm --path 'nodeGroups\[0\]\.labels\["kubernetes\.io\/hostname"\]'$/,
        },
        { name: "a zone label set by hand", config: labels({ "topology.kubernetes.io/zone": "us-west-2a" }), key: "nodeGroups[0].labels", message: /sets this label itself/, fix: /config rm/ },
        { name: "an architecture label set by hand", config: labels({ "kubernetes.io/arch": "arm64" }), key: "nodeGroups[0].labels", message: /sets this label itself/, fix: /config rm/ },
        {
            name: "an EKS label copied from another cluster",
            config: labels({ "eks.amazonaws.com/nodegroup": "general" }),
            key: "nodeGroups[0].labels",
            message: /reserved for labels EKS sets/,
            fix: /labels\.nodegroup' general/,
        },
        {
            name: "the program's own group label",
            config: labels({ "calico-eks/node-group": "other" }),
            key: "nodeGroups[0].labels",
            message: /program sets calico-eks\/node-group itself/,
            fix: /config rm/,
        },
        {
            name: "the recommended app label on a node (app.kubernetes.io is a kubernetes.io subdomain)",
            config: labels({ "app.kubernetes.io/name": "ingress" }),
            key: "nodeGroups[0].labels",
            message: /"app\.kubernetes\.io\/name" .*kubelet refuses to start/,
            fix: /labels\.name' ingress$/,
        },
        {
            name: "an OS label set by hand",
            config: labels({ "kubernetes.io/os": "linux" }),
            key: "nodeGroups[0].labels",
            message: /sets this label itself/,
            fix: /config rm --path 'nodeGroups\[0\]\.labels\["kubernetes\.io\/os"\]'/,
        },
        {
            name: "the deprecated instance-type label",
            config: labels({ "beta.kubernetes.io/instance-type": "m5.large" }),
            key: "nodeGroups[0].labels",
            message: /sets this label itself/,
            fix: /config rm/,
        },
        // Labels: syntax, lengths, and the one --node-labels flag.
        {
            name: "unquoted YAML booleans and numbers as label values",
            config: labels({ gpu: true, tier: 1 } as any),
            key: "nodeGroups[0].labels",
            message: /expected a mapping of strings/,
            fix: /mapping of strings/,
        },
        {
            name: "labels written the kubectl way, as one string",
            config: group({ labels: "team=payments" }),
            key: "nodeGroups[0].labels",
            message: /mapping of strings .*got the text "team=payments"/,
            fix: /YAML/,
        },
        { name: "a label key with a space", config: labels({ "cost center": "42" }), key: "nodeGroups[0].labels", message: /"cost center" is not a label key/, fix: /config rm/ },
        { name: "an upper-case label prefix", config: labels({ "Example.com/team": "a" }), key: "nodeGroups[0].labels", message: /label key is an optional DNS-subdomain prefix/, fix: /config rm/ },
        {
            name: "a label key of 64 characters (EKS allows 63)",
            config: labels({ [`example.com/${"k".repeat(52)}`]: "x" }),
            key: "nodeGroups[0].labels",
            message: /at most 63 characters; this one has 64/,
            fix: /config rm/,
        },
        {
            name: "a comma in a label value",
            config: labels({ teams: "payments,search" }),
            key: "nodeGroups[0].labels",
            message: /teams="payments,search" .*split it into other labels/,
            fix: /pulumi config set --path 'nodeGroups\[0\]\.labels\.teams' payments-search/,
        },
        { name: "an equals sign in a label value", config: labels({ selector: "env=prod" }), key: "nodeGroups[0].labels", message: /split it into other labels/, fix: /labels\.selector' env-prod/ },
        { name: "an empty label value (EKS requires 1–63 characters)", config: labels({ gpu: "" }), key: "nodeGroups[0].labels", message: /empty value is refused/, fix: /labels\.gpu' true/ },
        {
            name: "a label value of 64 characters",
            config: labels({ build: "b".repeat(64) }),
            key: "nodeGroups[0].labels",
            message: /at most 63 letters/,
            fix: new RegExp(`labels\\.build' ${"b".repeat(63)}$`),
        },
        { name: "a label value with a space", config: labels({ owner: "platform team" }), key: "nodeGroups[0].labels", message: /at most 63 letters, digits/, fix: /labels\.owner' platform-team/ },
        {
            name: "a label value with a slash (a path, not a value)",
            config: labels({ repo: "org/service" }),
            key: "nodeGroups[0].labels",
            message: /at most 63 letters/,
            fix: /labels\.repo' org-service/,
        },
        {
            name: "a refused label in the second group",
            config: { nodeGroups: [{}, { name: "web", labels: { "tier.k8s.io/web": "true" } }] },
            key: "nodeGroups[1].labels",
            message: /kubelet refuses/,
            fix: /nodeGroups\[1\]/,
        },
        // Instance types: names.
        {
            name: "a transposed size",
            config: types("m5.lrage"),
            key: "nodeGroups[0].instanceTypes[0]",
            message: /"m5\.lrage" is not an EC2 instance type: "lrage" is not an EC2 instance size/,
            fix: /pulumi config set --path 'nodeGroups\[0\]\.instanceTypes\[0\]' m5\.large$/,
        },
        { name: "a missing dot", config: types("m5large"), key: "nodeGroups[0].instanceTypes[0]", message: /<family>\.<size>/, fix: /instanceTypes\[0\]' m5\.large$/ },
        { name: "a missing dot before a multiple", config: types("c6g4xlarge"), key: "nodeGroups[0].instanceTypes[0]", message: /<family>\.<size>/, fix: /instanceTypes\[0\]' c6g\.4xlarge$/ },
        { name: "an upper-case type from a spreadsheet", config: types("M5.LARGE"), key: "nodeGroups[0].instanceTypes[0]", message: /not an EC2 instance/, fix: /instanceTypes\[0\]' m5\.large$/ },
        { name: "a space after the dot", config: types("m5. large"), key: "nodeGroups[0].instanceTypes[0]", message: /" large" is not an EC2 instance size/, fix: /instanceTypes\[0\]' m5\.large$/ },
        { name: "the second type misspelled", config: types("m5.large", "m5a.lage"), key: "nodeGroups[0].instanceTypes[1]", message: /"m5a\.lage"/, fix: /instanceTypes\[1\]' m5a\.large$/ },
        {
            name: "a size that does not exist",
            config: types("m5.5xlarge"),
            key: "nodeGroups[0].instanceTypes[0]",
            message: /"5xlarge" is not an EC2 instance size \(nano, micro, small, medium, large, xlarge, <n>xlarge, metal, metal-<n>xl\)/,
            fix: /instanceTypes\[0\]' m5\.large$/,
        },
        { name: "a SageMaker type", config: types("ml.m5.large"), key: "nodeGroups[0].instanceTypes[0]", message: /<family>\.<size>/, fix: /instanceTypes\[0\]' m5\.large$/ },
        { name: "an RDS type", config: types("db.r5.large"), key: "nodeGroups[0].instanceTypes[0]", message: /<family>\.<size>/, fix: /instanceTypes\[0\]'/ },
        { name: "an Azure VM size", config: types("Standard_D2s_v3"), key: "nodeGroups[0].instanceTypes[0]", message: /<family>\.<size>/, fix: /instanceTypes\[0\]' m5\.large$/ },
        { name: "a GCE machine type", config: types("e2-standard-4"), key: "nodeGroups[0].instanceTypes[0]", message: /<family>\.<size>/, fix: /instanceTypes\[0\]'/ },
        { name: "a family without a generation", config: types("m.large"), key: "nodeGroups[0].instanceTypes[0]", message: /not an EC2 instance family/, fix: /instanceTypes\[0\]'/ },
        { name: "the same type twice", config: types("m5.large", "m5.large"), key: "nodeGroups[0].instanceTypes[1]", message: /m5\.large is listed twice/, fix: /remove the second m5\.large/ },
        { name: "no instance type at all", config: group({ instanceTypes: [] }), key: "nodeGroups[0].instanceTypes", message: /one or more EC2 instance types/, fix: /\[m5\.large\]/ },
        { name: "a number among the instance types", config: types("m5.large", 5 as any), key: "nodeGroups[0].instanceTypes", message: /list of strings/, fix: /write each item as a string/ },
        // Instance types: architecture and families AL2023 cannot run.
        {
            name: "burstable x86 types with t4g (Graviton) in one group",
            config: types("t3.large", "t3a.large", "t4g.large"),
            key: "nodeGroups[0].instanceTypes",
            message: /t3\.large x86_64, t3a\.large x86_64, t4g\.large arm64/,
            fix: /separate node groups/,
        },
        {
            name: "x86 and Graviton types in one group",
            config: types("m5.large", "m6g.large"),
            key: "nodeGroups[0].instanceTypes",
            message: /must share an architecture.*m5\.large x86_64, m6g\.large arm64/,
            fix: /separate node groups/,
        },
        {
            name: "an x86 spot pool with one Graviton type",
            config: group({ capacityType: "SPOT", instanceTypes: ["m5.xlarge", "m5a.xlarge", "m6g.xlarge"] }),
            key: "nodeGroups[0].instanceTypes",
            message: /must share an architecture/,
            fix: /separate node groups/,
        },
        { name: "a GPU Graviton type beside an x86 GPU type", config: types("g5g.xlarge", "g5.xlarge"), key: "nodeGroups[0].instanceTypes", message: /must share an architecture/, fix: /separate/ },
        {
            name: "A1, the first Graviton (AL2023 does not run on it)",
            config: types("a1.large"),
            key: "nodeGroups[0].instanceTypes[0]",
            message: /A1 .*cannot run Amazon Linux 2023/,
            fix: /instanceTypes\[0\]' m6g\.large$/,
        },
        { name: "a Mac instance", config: types("mac2.metal"), key: "nodeGroups[0].instanceTypes[0]", message: /Mac instances/, fix: /instanceTypes\[0\]' m5\.large$/ },
        // Instance types: too small for the kubelet's reservations.
        {
            name: "t3.micro with the default 100 pods",
            config: types("t3.micro"),
            key: "nodeGroups[0].instanceTypes[0]",
            message: /t3\.micro has 1024 MiB .*reserves 1455 MiB .*refuses to start/,
            fix: /pulumi config set --path 'nodeGroups\[0\]\.maxPods' 14, or use a larger size/,
        },
        {
            name: "t3.nano with 30 pods",
            config: group({ instanceTypes: ["t3.nano"], maxPods: 30 }),
            key: "nodeGroups[0].instanceTypes[0]",
            message: /t3\.nano has 512 MiB .*reserves 685 MiB/,
            fix: /instanceTypes\[0\]' t3\.large$/,
        },
        {
            name: "t4g.small with 250 pods",
            config: group({ instanceTypes: ["t4g.small"], maxPods: 250 }),
            key: "nodeGroups[0].instanceTypes[0]",
            message: /2048 MiB .*reserves 3105 MiB/,
            fix: /maxPods' 60/,
        },
        {
            name: "c6g.medium with 200 pods",
            config: group({ instanceTypes: ["c6g.medium"], maxPods: 200 }),
            key: "nodeGroups[0].instanceTypes[0]",
            message: /c6g\.medium has 2048 MiB/,
            fix: /maxPods' 60/,
        },
        // Names: what AWS generates from them.
        {
            name: "a node group name of 37 characters",
            config: group({ name: "payments-batch-processing-spot-pool-a" }),
            key: "nodeGroups[0].name",
            message: /has 37 characters, but at most 36 fit: its EKS node group is named "<name>-" plus a 26-character unique suffix/,
            fix: /pulumi config set --path 'nodeGroups\[0\]\.name' payments-batch-processing-spot-pool$/,
        },
        { name: "a 40-character name (the old limit)", config: group({ name: "n".repeat(40) }), key: "nodeGroups[0].name", message: /at most 36 fit/, fix: new RegExp(`name' ${"n".repeat(36)}$`) },
        { name: "an upper-case node group name", config: group({ name: "General" }), key: "nodeGroups[0].name", message: /not a valid node group name/, fix: /name' group-0/ },
        {
            name: "a 70-character name with an underscore: the message gives the real maximum",
            config: group({ name: `${"n".repeat(69)}_` }),
            key: "nodeGroups[0].name",
            message: /not a valid node group name \(up to 36 lower-case letters/,
            fix: /name' group-0/,
        },
        { name: "a node group name with an underscore", config: group({ name: "spot_pool" }), key: "nodeGroups[0].name", message: /not a valid node group name/, fix: /name'/ },
    ],
    accepted: [
        {
            name: "a Graviton group gets the arm64 AMI, and the plan says so",
            config: group({ name: "graviton", instanceTypes: ["m6g.large", "m7g.large", "c7g.xlarge"] }),
            plan: [/create node groups: graviton \(m6g\.large\/m7g\.large\/c7g\.xlarge, arm64, 1\/2\/3, maxPods 100\)/],
        },
        {
            name: "an x86 group beside a Graviton group",
            config: {
                nodeGroups: [
                    { name: "x86", instanceTypes: ["m5.large", "m5a.large", "m6i.large"] },
                    { name: "arm", instanceTypes: ["t4g.xlarge"] },
                ],
            },
            plan: [/x86 \(m5\.large\/m5a\.large\/m6i\.large, x86_64,/, /arm \(t4g\.xlarge, arm64,/],
        },
        {
            name: "a pinned AMI on a Graviton group is accepted with a warning that its architecture is unchecked",
            config: group({ instanceTypes: ["r7g.large"], amiId: "ami-0123456789abcdef0" }),
            warnings: [/nodeGroups\[0\]\.amiId: ami-0123456789abcdef0 is pinned, and its architecture cannot be checked before `up`: it must be an arm64 EKS AL2023 AMI.*describe-images/],
            plan: [/r7g\.large, arm64 AMI ami-0123456789abcdef0/],
        },
        {
            name: "labels in the kubelet's own namespaces, a domain prefix, and 63-character values",
            config: labels({ "node.kubernetes.io/role": "worker", "kubelet.kubernetes.io/pool": "a", "example.com/team": "payments", build: "b".repeat(63), "gpu.node.kubernetes.io/present": "true" }),
            plan: [/node\.kubernetes\.io\/role: worker/],
            check: config => expect(Object.keys(config.nodeGroups[0].labels)).to.have.length(5),
        },
        {
            name: "a node group name of exactly 36 characters",
            config: group({ name: "payments-batch-processing-spot-pool" + "a" }),
            plan: [/create node groups: payments-batch-processing-spot-poola \(/],
        },
        {
            name: "a trailing space around a type is trimmed when the config is read",
            config: types(" m6i.large "),
            plan: [/create node groups: default \(m6i\.large, x86_64,/],
        },
        {
            name: "t3.medium with 100 pods (4 GiB, the kubelet reserves 1455 MiB)",
            config: types("t3.medium"),
            plan: [/t3\.medium, x86_64/],
        },
        {
            name: "t3.small with 100 pods starts, with a warning that pods get less than half its memory",
            config: types("t3.small"),
            warnings: [/t3\.small has 2048 MiB of memory; with maxPods 100 the kubelet reserves 1455 MiB.*maxPods' 60/],
            plan: [/t3\.small, x86_64/],
        },
        {
            name: "t3.micro with 14 pods",
            config: group({ instanceTypes: ["t3.micro"], maxPods: 14 }),
            plan: [/t3\.micro, x86_64, 1\/2\/3, maxPods 14/],
        },
        {
            name: "a GPU group on the standard AMI is accepted with a warning about drivers",
            config: types("g5.xlarge"),
            warnings: [/instanceTypes\[0\]: g5\.xlarge has NVIDIA\/AMD GPUs, but the standard EKS AL2023 AMI .* no drivers.*amiId/],
            plan: [/g5\.xlarge, x86_64/],
        },
        {
            name: "a pinned AMI on an x86 group: the warning names x86_64",
            config: group({ instanceTypes: ["m5.large"], amiId: "ami-0123456789abcdef0" }),
            warnings: [/must be an x86_64 EKS AL2023 AMI/],
            plan: [/m5\.large, x86_64 AMI ami-0123456789abcdef0/],
        },
        {
            name: "a Graviton GPU group (g5g): arm64, with the driver warning",
            config: types("g5g.2xlarge"),
            warnings: [/g5g\.2xlarge has NVIDIA\/AMD GPUs/],
            plan: [/g5g\.2xlarge, arm64/],
        },
        {
            name: "a GPU group with a pinned (nvidia) AMI gets no driver warning",
            config: group({ instanceTypes: ["p4d.24xlarge"], amiId: "ami-0123456789abcdef0" }),
            plan: [/p4d\.24xlarge, x86_64 AMI/],
            check: () => {
                const warnings: ConfigProblem[] = [];
                resolveConfig(group({ instanceTypes: ["p4d.24xlarge"], amiId: "ami-0123456789abcdef0" }), { warnings });
                expect(warnings.map(w => w.message).join("\n")).to.not.match(/GPU/);
            },
        },
        {
            name: "Graviton spot capacity over several families",
            config: group({ capacityType: "SPOT", instanceTypes: ["m6g.xlarge", "m7g.xlarge", "c6g.2xlarge", "r6g.large"] }),
            plan: [/m6g\.xlarge\/m7g\.xlarge\/c6g\.2xlarge\/r6g\.large, arm64/, /capacityType: SPOT/],
        },
        {
            name: "c6g.medium with 60 pods (2 GiB, the kubelet reserves 1015 MiB)",
            config: group({ instanceTypes: ["c6g.medium"], maxPods: 60 }),
            plan: [/c6g\.medium, arm64, 1\/2\/3, maxPods 60/],
        },
        {
            name: "t3.micro with 15 pods starts, with a warning (520 of 1024 MiB reserved)",
            config: group({ instanceTypes: ["t3.micro"], maxPods: 15 }),
            warnings: [/t3\.micro has 1024 MiB of memory; with maxPods 15 the kubelet reserves 520 MiB/],
            plan: [/maxPods 15/],
        },
        {
            name: "the well-known node.kubernetes.io label for load balancer exclusion",
            config: labels({ "node.kubernetes.io/exclude-from-external-load-balancers": "true" }),
            plan: [/node\.kubernetes\.io\/exclude-from-external-load-balancers: 'true'/],
        },
        {
            name: "metal and flex sizes, and the largest multiples",
            config: types("c7i.metal-24xl", "c7i.48xlarge", "c7i-flex.large"),
            plan: [/c7i\.metal-24xl\/c7i\.48xlarge\/c7i-flex\.large, x86_64/],
        },
    ],
};
