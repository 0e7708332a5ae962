/**
 * An outside review's catalogue: configs a new user writes by copying from eksctl, terraform-aws-eks or the
 * Calico docs, YAML's surprises, sizes at the edges, and what AWS generates or refuses later. The entries
 * marked "defect" were accepted (or wrongly refused) before their fix.
 */
import { expect } from "chai";
import { Catalogue, RefusedConfig } from "../../support/catalogue";
import { installationValues } from "../../../components/calico/installationValues";
import { ConfigProblem, formatProblem } from "../../../components/config/problems";
import { resolveConfig } from "../../../components/stack/resolve";

const group = (fields: Record<string, unknown>) => ({ nodeGroups: [fields] });
/** Twenty-one real instance types of one architecture: one more than EKS takes. */
const TWENTY_ONE_TYPES = [
    "m5.large",
    "m5a.large",
    "m5d.large",
    "m5n.large",
    "m6i.large",
    "m6a.large",
    "m7i.large",
    "m7a.large",
    "m5.xlarge",
    "m5a.xlarge",
    "m5d.xlarge",
    "m5n.xlarge",
    "m6i.xlarge",
    "m6a.xlarge",
    "m7i.xlarge",
    "m7a.xlarge",
    "c5.xlarge",
    "c6i.xlarge",
    "r5.large",
    "r6i.large",
    "t3.large",
];
const NO_TWO_REPLICA_ADDONS = { loadBalancerControllerEnabled: false, metricsServerEnabled: false };
const unknownField = (field: string, value: unknown, near: RegExp): RefusedConfig => ({
    name: `${field}, as eksctl spells it`,
    config: group({ [field]: value }),
    key: `nodeGroups[0].${field}`,
    message: new RegExp(`unknown field "${field}"`),
    fix: near,
});

export const catalogue: Catalogue = {
    area: "review",
    refused: [
        // Defect: the new VPC's private subnets hold one address per node (no VPC CNI), but nothing counted them.
        {
            name: "a /24 VPC over six AZs for a group that may grow to 100 nodes",
            config: { vpcCidr: "10.0.0.0/24", availabilityZoneCount: 6, ...group({ maxSize: 100 }) },
            key: "vpcCidr",
            message: /node groups may grow to 100 nodes, plus 12 during a rolling update.*private subnets of the new VPC \(6 × \/28\) hold 30 nodes/,
            fix: /^pulumi config set 'vpcCidr' 10\.0\.0\.0\/23 /,
        },
        {
            name: "a /24 VPC over two AZs for 120 nodes",
            config: { vpcCidr: "10.20.30.0/24", availabilityZoneCount: 2, ...group({ maxSize: 120 }) },
            key: "vpcCidr",
            message: /may grow to 120 nodes.*\(2 × \/26\) hold 106 nodes/,
            fix: /pulumi config set 'vpcCidr' 10\.20\.\d+\.0\/2\d/,
        },
        {
            name: "a /22 VPC for 500 nodes",
            config: { vpcCidr: "192.168.0.0/22", ...group({ maxSize: 500 }) },
            key: "vpcCidr",
            message: /may grow to 500 nodes.*\(3 × \/25\) hold 351 nodes/,
            fix: /vpcCidr' 192\.168\.0\.0\/2[01]/,
        },
        {
            name: "two groups that each fit a /24 VPC alone but not together",
            config: {
                vpcCidr: "10.0.0.0/24",
                nodeGroups: [
                    { name: "a", maxSize: 28 },
                    { name: "b", maxSize: 28 },
                ],
            },
            key: "vpcCidr",
            message: /may grow to 56 nodes, plus 12 during a rolling update.*hold 63 nodes/,
            fix: /vpcCidr' 10\.0\.0\.0\/23/,
        },
        // Defect: EKS takes at most 20 instance types per managed node group; CreateNodegroup failed after the cluster existed.
        {
            name: "21 instance types from an instance selector's output",
            config: group({ capacityType: "SPOT", instanceTypes: TWENTY_ONE_TYPES }),
            key: "nodeGroups[0].instanceTypes",
            message: /EKS takes at most 20 instance types per managed node group, got 21/,
            fix: /remove 1 of them/,
        },
        // Defect: with no node at all, the CoreDNS add-on (created after the first group) stays DEGRADED and `up` times out.
        {
            name: "every group starts with 0 nodes (scale from zero) and the two-replica add-ons are off",
            config: { ...NO_TWO_REPLICA_ADDONS, ...group({ minSize: 0, desiredSize: 0, maxSize: 5 }) },
            key: "nodeGroups[0].desiredSize",
            message: /no node group starts with a node.*CoreDNS add-on.*DEGRADED/,
            fix: /^pulumi config set --path 'nodeGroups\[0\]\.desiredSize' 1$/,
        },
        {
            name: "two groups, both at desiredSize 0",
            config: {
                ...NO_TWO_REPLICA_ADDONS,
                nodeGroups: [
                    { name: "a", minSize: 0, desiredSize: 0 },
                    { name: "b", minSize: 0, desiredSize: 0 },
                ],
            },
            key: "nodeGroups[0].desiredSize",
            message: /no node group starts with a node/,
            fix: /desiredSize' 1$/,
        },
        // Defect: an unquoted 1.30 in YAML is the number 1.3; the fix proposed 1.33 instead of what was meant.
        {
            name: "kubernetesVersion: 1.30 unquoted, read as 1.3",
            config: { kubernetesVersion: "1.3" },
            key: "kubernetesVersion",
            message: /"1\.3" is how YAML reads an unquoted 1\.30/,
            fix: /^pulumi config set 'kubernetesVersion' 1\.30 \(in the stack file quote it: "1\.30"\)$/,
        },
        {
            name: "kubernetesVersion: 1.310 is not a YAML accident",
            config: { kubernetesVersion: "1.310" },
            key: "kubernetesVersion",
            message: /is not a Kubernetes minor version EKS supports/,
            fix: /kubernetesVersion' 1\.33$/,
        },
        // The node group name limit is the same whatever the cluster is called (36 characters).
        {
            name: "a 37-character group name in a cluster with a 100-character name",
            config: { clusterName: "c".repeat(100), nodeGroups: [{ name: "payments-batch-processing-spot-pool-a" }] },
            key: "nodeGroups[0].name",
            message: /has 37 characters, but at most 36 fit: its EKS node group/,
            fix: /name' payments-batch-processing-spot-pool$/,
        },
        // Defect: each node also takes its VXLAN tunnel address from its own block, so maxPods equal to the block
        // size needs a second block per node; the capacity check counted one.
        {
            name: "maxPods 64 to fit one /26 block per node, four nodes over a /24 pool",
            config: { ipPools: [{ cidr: "172.16.0.0/24" }], ...group({ maxPods: 64, maxSize: 4 }) },
            key: "ipPools[0].cidr",
            message: /may grow to 4 nodes, but the pools that select its nodes hold 2: .*\(4 \/26 blocks, 2 per node\)/,
            fix: /\/23 or larger cidr/,
        },
        // Keys copied from eksctl's ClusterConfig.
        unknownField("instanceType", "m5.large", /instanceTypes/),
        unknownField("desiredCapacity", 3, /desiredSize/),
        unknownField("maxPodsPerNode", 110, /maxPods/),
        unknownField("privateNetworking", true, /instanceTypes|name/),
        unknownField("volumeSize", 80, /diskSizeGiB/),
        unknownField("spot", true, /capacityType/),
        // YAML 1.1 booleans and other tools' spellings.
        {
            name: "endpointPublicAccess: on (YAML 1.1)",
            config: { endpointPublicAccess: "on" },
            key: "endpointPublicAccess",
            message: /expected true or false, got "on"/,
            fix: /endpointPublicAccess' true$/,
        },
        {
            name: "endpointPrivateAccess: yes",
            config: { endpointPrivateAccess: "yes" },
            key: "endpointPrivateAccess",
            message: /expected true or false, got "yes"/,
            fix: /endpointPrivateAccess' true$/,
        },
        { name: "metricsServerEnabled: off", config: { metricsServerEnabled: "off" }, key: "metricsServerEnabled", message: /got "off"/, fix: /metricsServerEnabled' false$/ },
        { name: "requireImdsv2: True (capitalised)", config: { requireImdsv2: "True" }, key: "requireImdsv2", message: /got "True"/, fix: /requireImdsv2' true$/ },
        { name: "natGateways: perAZ (camel case of the AZ)", config: { natGateways: "perAZ" }, key: "natGateways", message: /"perAZ" is not one of "single", "perAz"/, fix: /natGateways' perAz$/ },
        {
            name: "capacityType: spot in lower case (eksctl's spot: true habit)",
            config: group({ capacityType: "spot" }),
            key: "nodeGroups[0].capacityType",
            message: /"spot" is not one of "ON_DEMAND", "SPOT"/,
            fix: /capacityType' SPOT$/,
        },
        {
            name: "natOutgoing: enabled in lower case",
            config: { ipPools: [{ natOutgoing: "enabled" }] },
            key: "ipPools[0].natOutgoing",
            message: /"enabled" is not one of "Enabled", "Disabled"/,
            fix: /natOutgoing' Enabled$/,
        },
        {
            name: 'natOutgoing: "true" as the CLI stores it',
            config: { ipPools: [{ natOutgoing: "true" }] },
            key: "ipPools[0].natOutgoing",
            message: /Calico takes the strings, not true\/false/,
            fix: /natOutgoing' Enabled$/,
        },
        // Units and forms of other tools.
        { name: "blockSize: /26 with the slash", config: { ipPools: [{ blockSize: "/26" }] }, key: "ipPools[0].blockSize", message: /expected a whole number, got "\/26"/, fix: /blockSize' 26$/ },
        {
            name: "diskSizeGiB: 50Gi (a Kubernetes quantity)",
            config: group({ diskSizeGiB: "50Gi" }),
            key: "nodeGroups[0].diskSizeGiB",
            message: /expected a whole number, got "50Gi"/,
            fix: /diskSizeGiB' 50$/,
        },
        { name: "diskSizeGiB: 10 (below what the AMI needs)", config: group({ diskSizeGiB: 10 }), key: "nodeGroups[0].diskSizeGiB", message: /outside 20–16384/, fix: /diskSizeGiB' 50$/ },
        { name: "maxPods: 0755 read as octal 493", config: group({ maxPods: 493 }), key: "nodeGroups[0].maxPods", message: /maxPods 493 is outside 1–250/, fix: /maxPods' 100$/ },
        { name: "maxPods: 110.5", config: group({ maxPods: 110.5 }), key: "nodeGroups[0].maxPods", message: /expected a whole number/, fix: /maxPods' 111$/ },
        {
            name: "instanceTypes as one comma-separated string",
            config: group({ instanceTypes: "m5.large,m5a.large" }),
            key: "nodeGroups[0].instanceTypes",
            message: /got the text "m5\.large,m5a\.large"/,
            fix: /YAML/,
        },
        {
            name: "kubernetesVersion: v1.33 (a git tag)",
            config: { kubernetesVersion: "v1.33" },
            key: "kubernetesVersion",
            message: /"v1\.33" is not a Kubernetes minor version/,
            fix: /kubernetesVersion' 1\.33$/,
        },
        {
            name: "kubernetesVersion: 1.33.1 (a patch release)",
            config: { kubernetesVersion: "1.33.1" },
            key: "kubernetesVersion",
            message: /"1\.33\.1" is not a Kubernetes minor version/,
            fix: /kubernetesVersion' 1\.33$/,
        },
        { name: "kubernetesVersion: 1.35 (not on EKS yet)", config: { kubernetesVersion: "1.35" }, key: "kubernetesVersion", message: /not a Kubernetes minor version EKS supports/, fix: /1\.33$/ },
        // Look-alikes, case and size.
        { name: "a Cyrillic 'о' in the cluster name", config: { clusterName: "prоd" }, key: "clusterName", message: /not a valid EKS cluster name/, fix: /clusterName' my-calico-cluster$/ },
        { name: "a Cyrillic 'е' in the pool name", config: { ipPools: [{ name: "dеfault" }] }, key: "ipPools[0].name", message: /not a valid pool name/, fix: /name' pool-0$/ },
        {
            name: "a Cyrillic 'а' in a team name",
            config: { teams: [{ name: "pаy", namespaces: ["pay"], cidr: "172.20.0.0/20" }] },
            key: "teams[0].name",
            message: /not a valid team name/,
            fix: /name' payments$/,
        },
        {
            name: "a team namespace in capitals (another team has it in lower case)",
            config: {
                teams: [
                    { name: "a", namespaces: ["Payments"], cidr: "172.20.0.0/20" },
                    { name: "b", namespaces: ["payments"], cidr: "172.21.0.0/20" },
                ],
            },
            key: "teams[0].namespaces[0]",
            message: /"Payments" is not a valid namespace name/,
            fix: /DNS label/,
        },
        {
            name: "a team given kube-system",
            config: { teams: [{ name: "platform", namespaces: ["kube-system"], cidr: "172.20.0.0/20" }] },
            key: "teams[0].namespaces[0]",
            message: /belongs to the cluster or to this program/,
            fix: /namespace of the team's own/,
        },
        {
            name: "a team given cert-manager's namespace",
            config: { teams: [{ name: "platform", namespaces: ["cert-manager"], cidr: "172.20.0.0/20" }] },
            key: "teams[0].namespaces[0]",
            message: /belongs to the cluster or to this program/,
            fix: /namespace of the team's own/,
        },
        {
            name: "a pool named like a team's pool",
            config: { ipPools: [{}, { name: "pay-pool", cidr: "172.18.0.0/16" }], teams: [{ name: "pay", namespaces: ["pay"], cidr: "172.20.0.0/20" }] },
            key: "teams[0].name",
            message: /"pay-pool" has the name of an entry in ipPools/,
            fix: /rename the team or the pool/,
        },
        {
            name: "a node label claiming a team (calico-eks/ is the program's)",
            config: group({ labels: { "calico-eks/team": "pay" } }),
            key: "nodeGroups[0].labels",
            message: /not a label key a node group may set/,
            fix: /config rm --path 'nodeGroups\[0\]\.labels\["calico-eks\/team"\]'/,
        },
        {
            name: "a node label value with a space",
            config: group({ labels: { team: "data science" } }),
            key: "nodeGroups[0].labels",
            message: /has a value a node cannot carry/,
            fix: /labels\.team' data-science$/,
        },
        {
            name: "a node label value of 64 characters",
            config: group({ labels: { build: "b".repeat(64) } }),
            key: "nodeGroups[0].labels",
            message: /at most 63/,
            fix: new RegExp(`labels\\.build' ${"b".repeat(63)}$`),
        },
        {
            name: "a pool selector on a group name in the wrong case",
            config: { ipPools: [{ nodeSelector: "calico-eks/node-group == 'Default'" }] },
            key: "nodeGroups[0].labels",
            message: /no IP pool's nodeSelector matches the nodes of group "default"/,
            fix: /calico-eks\/node-group == 'default'/,
        },
        { name: "a pool selector 'all' without parentheses", config: { ipPools: [{ nodeSelector: "all" }] }, key: "ipPools[0].nodeSelector", message: /not a Calico selector/, fix: /all\(\)/ },
        { name: "an AMI ID in capitals", config: group({ amiId: "ami-0123456789ABCDEF0" }), key: "nodeGroups[0].amiId", message: /is not an AMI ID/, fix: /ami-0123456789abcdef0/ },
        // Sizes at the edges.
        { name: "a cluster name of 101 characters", config: { clusterName: "c".repeat(101) }, key: "clusterName", message: /1–100 letters/, fix: /clusterName' my-calico-cluster$/ },
        {
            name: "a node label key of 64 characters",
            config: group({ labels: { [`team.example.com/${"k".repeat(47)}`]: "x" } }),
            key: "nodeGroups[0].labels",
            message: /at most 63 characters; this one has 64/,
            fix: /config rm --path/,
        },
        {
            name: "a /32 pool",
            config: { ipPools: [{ cidr: "172.16.0.1/32" }] },
            key: "ipPools[0].blockSize",
            message: /a \/26 block is larger than its pool/,
            fix: /blockSize' 32, or give the pool a larger cidr$/,
        },
        { name: "600 nodes over the default /16 pool", config: group({ maxSize: 600 }), key: "ipPools[0].cidr", message: /may grow to 600 nodes.*hold 512/, fix: /\/15 or larger.*maxSize' 512$/ },
        { name: "maxSize 0", config: group({ minSize: 0, desiredSize: 0, maxSize: 0 }), key: "nodeGroups[0].maxSize", message: /allows no node/, fix: /maxSize' 3$/ },
        // Address plans copied from other clusters.
        {
            name: "serviceCidr set to the pod range of the old cluster",
            config: { serviceCidr: "172.16.0.0/16" },
            key: "ipPools[0].cidr",
            message: /172\.16\.0\.0\/16 \(pool "default-ipv4-ippool"\) overlaps 172\.16\.0\.0\/16 \(the service CIDR/,
            fix: /ipPools\[0\]\.cidr' 172\.18\.0\.0\/16$/,
        },
        {
            name: "an existing VPC described as 10.0.0.0/8",
            config: { existingVpcId: "vpc-0123456789abcdef0", vpcCidr: "10.0.0.0/8", existingPrivateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"] },
            key: "serviceCidr",
            message: /10\.100\.0\.0\/16 \(the service CIDR\) overlaps 10\.0\.0\.0\/8 \(the VPC/,
            fix: /serviceCidr' 172\.18\.0\.0\/16$/,
        },
        {
            name: "an IPv6 pool from a dual-stack guide",
            config: { ipPools: [{ cidr: "fd00:10:244::/64" }] },
            key: "ipPools[0].cidr",
            message: /not an IPv4 CIDR/,
            fix: /ipPools\[0\]\.cidr' 172\.16\.0\.0\/16$/,
        },
        {
            name: "a team without a cidr",
            config: { teams: [{ name: "pay", namespaces: ["pay"] }] },
            key: "teams[0].cidr",
            message: /"" is not an IPv4 CIDR/,
            fix: /teams\[0\]\.cidr' 172\.20\.0\.0\/20$/,
        },
        {
            name: "a team's namespace written as namespace: (singular)",
            config: { teams: [{ name: "pay", namespace: "pay", cidr: "172.20.0.0/20" }] },
            key: "teams[0].namespace",
            message: /unknown field "namespace"/,
            fix: /namespaces/,
        },
        {
            name: "a team with its own natOutgoing",
            config: { teams: [{ name: "pay", namespaces: ["pay"], cidr: "172.20.0.0/20", natOutgoing: "Disabled" }] },
            key: "teams[0].natOutgoing",
            message: /unknown field "natOutgoing"/,
            fix: /name, namespaces, cidr, blockSize|namespaces/,
        },
        {
            name: "a second pool without a name",
            config: { ipPools: [{}, { cidr: "172.18.0.0/16" }] },
            key: "ipPools[1].name",
            message: /"" is not a valid pool name/,
            fix: /ipPools\[1\]\.name' pool-1$/,
        },
        { name: "ipPools: [] to mean the default", config: { ipPools: [] }, key: "ipPools", message: /no IP pool is configured/, fix: /remove the key/ },
        { name: "nodeGroups: [] (nodes to come later)", config: { nodeGroups: [] }, key: "nodeGroups", message: /no node group is configured/, fix: /remove the key/ },
        {
            name: "two node groups with the same name",
            config: { nodeGroups: [{ name: "general" }, { name: "general" }] },
            key: "nodeGroups[1].name",
            message: /node group name "general" is used twice/,
            fix: /its own name/,
        },
        { name: "a short AMI ID", config: group({ amiId: "ami-123" }), key: "nodeGroups[0].amiId", message: /"ami-123" is not an AMI ID/, fix: /ami-0123456789abcdef0/ },
        {
            name: "a label with a boolean value (gpu: true)",
            config: group({ labels: { gpu: true } }),
            key: "nodeGroups[0].labels",
            message: /expected a mapping of strings/,
            fix: /quote each value in the stack file \(gpu: "true"\)/,
        },
        {
            name: "one node while the two-replica add-ons are on",
            config: group({ minSize: 1, desiredSize: 1, maxSize: 1 }),
            key: "nodeGroups[0].desiredSize",
            message: /run two replicas that can never share a node/,
            fix: /desiredSize' 2/,
        },
        {
            name: "loadBalancerControllerEnabled: no",
            config: { loadBalancerControllerEnabled: "no" },
            key: "loadBalancerControllerEnabled",
            message: /got "no"/,
            fix: /loadBalancerControllerEnabled' false$/,
        },
        // Ports copied from other charts' docs.
        {
            name: "certManagerWebhookPort 4443, metrics-server's port",
            config: { certManagerEnabled: true, certManagerWebhookPort: 4443 },
            key: "metricsServerPort",
            message: /TCP\/4443 is bound by both metrics-server .* and cert-manager/,
            fix: /or change certManagerWebhookPort/,
        },
        {
            name: "loadBalancerControllerWebhookPort 9099, Felix's health port",
            config: { loadBalancerControllerWebhookPort: 9099 },
            key: "loadBalancerControllerWebhookPort",
            message: /TCP\/9099 is bound by both calico-node/,
            fix: /loadBalancerControllerWebhookPort'/,
        },
        {
            name: "metricsServerPort 8080 (the controller's metrics port)",
            config: { metricsServerPort: 8080 },
            key: "metricsServerPort",
            message: /TCP\/8080 is bound by both AWS Load Balancer Controller \(metrics\)/,
            fix: /metricsServerPort'/,
        },
        { name: "metricsServerPort 61779 (the controller's health port)", config: { metricsServerPort: 61779 }, key: "metricsServerPort", message: /TCP\/61779/, fix: /metricsServerPort'/ },
        {
            name: "certManagerWebhookPort 10256 (kube-proxy's health)",
            config: { certManagerEnabled: true, certManagerWebhookPort: 10256 },
            key: "certManagerWebhookPort",
            message: /TCP\/10256 is bound by both kube-proxy/,
            fix: /certManagerWebhookPort'/,
        },
        {
            name: "metricsServerPort 443 (the Service port, not the container's)",
            config: { metricsServerPort: 443 },
            key: "metricsServerPort",
            message: /outside 1024–65535/,
            fix: /metricsServerPort'/,
        },
    ],
    accepted: [
        // Defect: the limit was computed from clusterName, but the launch template is named after the program's component.
        {
            name: "a 23-character group name in a cluster with a 100-character name",
            config: { clusterName: "c".repeat(100), nodeGroups: [{ name: "general-purpose-workers" }] },
            plan: [/create node groups: general-purpose-workers \(m5\.large/],
        },
        {
            name: "a 36-character group name in a cluster named with 84 characters",
            config: { clusterName: "c".repeat(84), nodeGroups: [{ name: "n".repeat(36) }] },
            plan: [new RegExp(`create node groups: ${"n".repeat(36)} \\(`)],
        },
        {
            name: "exactly 20 instance types",
            config: group({ capacityType: "SPOT", instanceTypes: TWENTY_ONE_TYPES.slice(0, 20) }),
            plan: [/create node groups: default \(m5\.large\/m5a\.large\/.*\/r6i\.large, x86_64, 1\/2\/3/],
        },
        {
            name: "a /24 VPC over three AZs with room for the default group",
            config: { vpcCidr: "10.0.0.0/24" },
            plan: [/VPC: new 10\.0\.0\.0\/24/, /AZ 3 +10\.0\.0\.64\/27 +10\.0\.0\.160\/27/],
        },
        {
            name: "a /24 VPC over two AZs for 102 nodes, the rolling update's extra nodes included",
            config: { vpcCidr: "10.0.0.0/24", availabilityZoneCount: 2, ...group({ maxSize: 102 }) },
            plan: [/node groups may grow to 102 nodes/],
        },
        {
            name: "an existing VPC's subnet sizes are unknown offline: a large group is not refused for them",
            config: { existingVpcId: "vpc-0123456789abcdef0", vpcCidr: "10.0.0.0/24", existingPrivateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], ...group({ maxSize: 200 }) },
            // Defect: the load balancer controller needs subnet tags the program only puts on a VPC it creates.
            warnings: [/existingPrivateSubnetIds: the AWS Load Balancer Controller picks subnets by their tags.*describe-subnets --subnet-ids subnet-0a1b2c3d4e5f60001 subnet-0a1b2c3d4e5f60002/],
            plan: [/node groups may grow to 200 nodes/],
        },
        {
            name: "the first group starts empty while another starts with nodes",
            config: { nodeGroups: [{ name: "batch", minSize: 0, desiredSize: 0, maxSize: 10 }, { name: "general" }] },
            plan: [/batch \(m5\.large, x86_64, 0\/0\/10/, /general \(m5\.large, x86_64, 1\/2\/3/],
        },
        {
            name: "kubernetesVersion with spaces around it",
            config: { kubernetesVersion: " 1.32 " },
            plan: [/EKS control plane "calico-eks" 1\.32/],
            check: config => expect(config.controlPlane.kubernetesVersion).to.equal("1.32"),
        },
        {
            name: "kubernetesVersion 1.30 quoted",
            config: { kubernetesVersion: "1.30" },
            plan: [/EKS control plane "calico-eks" 1\.30/],
        },
        {
            name: 'blockSize "26" as the CLI stores numbers',
            config: { ipPools: [{ blockSize: "26" }] },
            plan: [/default-ipv4-ippool +172\.16\.0\.0\/16 +65536 +\/26/],
        },
        {
            name: "a second pool whose selector names a group that does not exist (a typo): accepted, with a warning",
            config: { ipPools: [{}, { name: "batch-pool", cidr: "172.18.0.0/16", nodeSelector: "calico-eks/node-group == 'batchs'" }], nodeGroups: [{ name: "batch" }] },
            warnings: [
                /ipPools\[1\]\.nodeSelector: pool "batch-pool" selects no node group \("calico-eks\/node-group == 'batchs'" matches none of "batch"\).*Fix: pulumi config set --path 'ipPools\[1\]\.nodeSelector' "calico-eks\/node-group == 'batch'", or remove the pool/,
            ],
            plan: [/batch-pool +172\.18\.0\.0\/16 .*groups: none/],
        },
        // Defect: team pools copied natOutgoing from ipPools[0], so a first pool set to Disabled (accepted, with a
        // warning, when another pool serves the nodes) left every team's pods without a way out of the overlay.
        {
            name: "teams beside a first pool with natOutgoing Disabled keep natOutgoing Enabled",
            config: { ipPools: [{ natOutgoing: "Disabled" }, { name: "egress", cidr: "172.18.0.0/16" }], teams: [{ name: "pay", namespaces: ["pay"], cidr: "172.20.0.0/20" }] },
            warnings: [/ipPools\[0\]\.natOutgoing: pods with its addresses cannot reach anything outside the pod pools/],
            plan: [/pay-pool +172\.20\.0\.0\/20 .*team pay: pay/],
            check: config => {
                const teamPool = installationValues(config.ipPools, config.teams).calicoNetwork.ipPools.find(p => p.name === "pay-pool")!;
                expect(teamPool.natOutgoing).to.equal("Enabled");
                expect(teamPool.assignmentMode).to.equal("Manual");
            },
        },
        // Defect: EKS's default quotas (450 nodes per managed node group, 30 groups per cluster) were not mentioned.
        {
            name: "one group of 500 nodes over a /15 pool: accepted, with a warning about the node quota",
            config: { ipPools: [{ cidr: "172.16.0.0/15" }], ...group({ maxSize: 500 }) },
            warnings: [/nodeGroups\[0\]\.maxSize: maxSize 500 is above EKS's default quota of 450 nodes per managed node group.*Service Quotas/],
            plan: [/default \(m5\.large, x86_64, 1\/2\/500/],
        },
        {
            name: "450 nodes over the default /16 pool: at the quota, no warning about it",
            config: group({ maxSize: 450 }),
            plan: [/node groups may grow to 450 nodes/],
            check: config => {
                const warnings: ConfigProblem[] = [];
                resolveConfig({ nodeGroups: [{ maxSize: config.nodeGroups[0].maxSize }] }, { warnings });
                expect(warnings.map(formatProblem).join("\n")).to.not.match(/quota/);
            },
        },
        {
            name: "31 node groups, one per team and zone: accepted, with a warning about the group quota",
            config: { nodeGroups: Array.from({ length: 31 }, (_, i) => ({ name: `g${i}`, minSize: 1, desiredSize: 1, maxSize: 2 })) },
            warnings: [/calico-eks:nodeGroups: 31 node groups are above EKS's default quota of 30 managed node groups per cluster/],
            plan: [/g30 \(m5\.large/],
        },
        // Defect: settings that hand the node role's credentials to every overlay pod were accepted without a word.
        {
            name: "nodeMetadataHopLimit 2, as EKS's docs suggest for pods that need IMDS: accepted, with a warning",
            config: { nodeMetadataHopLimit: 2 },
            warnings: [/nodeMetadataHopLimit: with hop limit 2 every overlay pod reaches the instance metadata service.*Fix: pulumi config set 'nodeMetadataHopLimit' 1 unless/],
            plan: [/metadataHopLimit: 2/],
        },
        {
            name: "requireImdsv2 false for an old SDK: accepted, with a warning",
            config: { requireImdsv2: false },
            warnings: [/requireImdsv2: IMDSv1 answers requests without a session token.*Fix: pulumi config set 'requireImdsv2' true$/m],
            plan: [/requireImdsv2: false/],
        },
        // Defect: settings that are ignored or run into a default quota were accepted without a word.
        {
            name: "natGateways perAz over six AZs: accepted, with a warning about the Elastic IP quota",
            config: { natGateways: "perAz", availabilityZoneCount: 6 },
            warnings: [
                /natGateways: one NAT gateway per AZ takes 6 Elastic IPs, more than the default quota of 5 per region.*Fix: request a higher "EC2-VPC Elastic IPs" quota first, or pulumi config set 'natGateways' single/,
            ],
            plan: [/AZ 6 /],
        },
        {
            name: "two AZs listed and availabilityZoneCount 4: accepted, the count ignored with a warning",
            config: { availabilityZones: ["eu-west-1a", "eu-west-1b"], availabilityZoneCount: 4 },
            region: "eu-west-1",
            warnings: [/availabilityZoneCount: availabilityZones lists 2 AZs, so availabilityZoneCount 4 is ignored. Fix: pulumi config rm availabilityZoneCount/],
            plan: [/eu-west-1b +192\.168\.64\.0\/18 +192\.168\.192\.0\/18/],
        },
        {
            name: "natGateways perAz with an existing VPC: accepted, ignored with a warning",
            config: { existingVpcId: "vpc-0123456789abcdef0", vpcCidr: "10.0.0.0/16", existingPrivateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], natGateways: "perAz" },
            warnings: [/natGateways: an existing VPC is used, so natGateways is ignored.*Fix: pulumi config rm natGateways/],
            plan: [/existingVpcId: vpc-0123456789abcdef0/],
        },
        {
            name: "two groups of one node each carry the two-replica add-ons",
            config: {
                nodeGroups: [
                    { name: "a", minSize: 1, desiredSize: 1, maxSize: 1 },
                    { name: "b", minSize: 1, desiredSize: 1, maxSize: 1 },
                ],
            },
            plan: [/a \(m5\.large, x86_64, 1\/1\/1, maxPods 100\); b \(m5\.large, x86_64, 1\/1\/1/],
        },
        {
            name: "a team pool of one /28 with /32 blocks",
            config: { teams: [{ name: "tiny", namespaces: ["tiny"], cidr: "172.20.0.0/28", blockSize: 32 }] },
            plan: [/tiny-pool +172\.20\.0\.0\/28/],
        },
        {
            name: "a team namespace that is another team's name",
            config: {
                teams: [
                    { name: "a", namespaces: ["b"], cidr: "172.20.0.0/20" },
                    { name: "b", namespaces: ["a"], cidr: "172.21.0.0/20" },
                ],
            },
            plan: [/team a: b/, /team b: a/],
        },
    ],
};
