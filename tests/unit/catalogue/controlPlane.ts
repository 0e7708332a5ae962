import { expect } from "chai";
import { Catalogue, RefusedConfig } from "../../support/catalogue";

/** Public addresses that are in no reserved range. */
const publicCidrs = (count: number) => Array.from({ length: count }, (_, i) => `${11 + i}.1.2.0/24`);
const publicCidr = (cidr: string, message: RegExp, fix: RegExp): RefusedConfig => ({
    name: `publicAccessCidrs with ${cidr}`,
    config: { publicAccessCidrs: ["198.51.7.0/24", cidr] },
    key: "publicAccessCidrs[1]",
    message,
    fix,
});
const RESERVED_FIX = /^pulumi config set --path 'publicAccessCidrs\[1\]' <your public IP>\/32, or remove it$/;

export const catalogue: Catalogue = {
    area: "controlPlane",
    refused: [
        {
            name: "public endpoint on with an empty allow-list (EKS would read it as everyone)",
            config: { publicAccessCidrs: [] },
            key: "publicAccessCidrs",
            message: /no CIDR may reach it \(EKS would open it to everyone instead\)/,
            fix: /^pulumi config set --path 'publicAccessCidrs\[0\]' <your public IP>\/32, or pulumi config set endpointPublicAccess false$/,
        },
        publicCidr("10.0.0.0/8", /overlaps 10\.0\.0\.0\/8 \(private \(RFC 1918\)\); EKS accepts only public addresses here/, RESERVED_FIX),
        publicCidr("192.168.1.0/24", /private \(RFC 1918\)/, RESERVED_FIX),
        publicCidr("172.31.0.0/16", /overlaps 172\.16\.0\.0\/12/, RESERVED_FIX),
        publicCidr("100.64.0.0/10", /shared address space/, RESERVED_FIX),
        publicCidr("127.0.0.1/32", /loopback/, RESERVED_FIX),
        publicCidr("203.0.113.0/24", /documentation \(TEST-NET-3\)/, RESERVED_FIX),
        publicCidr("0.0.0.0/1", /overlaps 0\.0\.0\.0\/8/, RESERVED_FIX),
        publicCidr("224.0.0.0/4", /multicast/, RESERVED_FIX),
        publicCidr("198.51.7.9", /not an IPv4 CIDR/, /^pulumi config set --path 'publicAccessCidrs\[1\]' 198\.51\.7\.9\/32$/),
        publicCidr("198.51.7.9/24", /host bits set; the network is 198\.51\.7\.0\/24/, /'publicAccessCidrs\[1\]' 198\.51\.7\.0\/24$/),
        publicCidr("198.51.7.9/0", /host bits set; the network is 0\.0\.0\.0\/0/, /'publicAccessCidrs\[1\]' 198\.51\.7\.9\/32$/),
        publicCidr("081.2.3.0/24", /leading zero/, /'publicAccessCidrs\[1\]' 81\.2\.3\.0\/24$/),
        publicCidr("::/0", /not an IPv4 CIDR/, /list CIDRs of your public addresses/),
        publicCidr("office", /not an IPv4 CIDR/, /list CIDRs of your public addresses/),
        publicCidr("198.51.7.0/24", /198\.51\.7\.0\/24 is listed twice/, /list each CIDR once/),
        {
            name: "more CIDRs than EKS takes",
            config: { publicAccessCidrs: publicCidrs(41) },
            key: "publicAccessCidrs",
            message: /at most 40 CIDRs here, got 41/,
            fix: /merge neighbouring ranges/,
        },
        {
            name: "no private endpoint, a restricted public one, and a new VPC (nodes could not join)",
            config: { endpointPrivateAccess: false, publicAccessCidrs: ["198.51.7.0/24"] },
            key: "endpointPrivateAccess",
            message: /through the NAT gateway of the new VPC, whose public address does not exist yet.*no node would join/,
            fix: /^pulumi config set 'endpointPrivateAccess' true$/,
        },
        {
            name: "both endpoints off",
            config: { endpointPublicAccess: false, endpointPrivateAccess: false },
            key: "endpointPublicAccess",
            message: /reachable from nowhere/,
            fix: /'endpointPrivateAccess' true/,
        },
        {
            name: "endpoint access as a word",
            config: { endpointPublicAccess: "private" },
            key: "endpointPublicAccess",
            message: /expected true or false/,
            fix: /endpointPublicAccess/,
        },
        {
            name: "publicAccessCidrs as one comma-separated string",
            config: { publicAccessCidrs: "198.51.7.0/24,198.51.8.0/24" },
            key: "publicAccessCidrs",
            message: /expected a list of strings, got the text "198\.51\.7\.0\/24,198\.51\.8\.0\/24"/,
            fix: /YAML/,
        },
        {
            name: "a cluster name with a dot",
            config: { clusterName: "team.prod" },
            key: "clusterName",
            message: /not a valid EKS cluster name/,
            fix: /'clusterName' my-calico-cluster/,
        },
        {
            name: "a cluster name of 101 characters",
            config: { clusterName: "c".repeat(101) },
            key: "clusterName",
            message: /1–100 letters/,
            fix: /clusterName/,
        },
        {
            name: "a cluster name starting with a dash",
            config: { clusterName: "-prod" },
            key: "clusterName",
            message: /starting with a letter or digit/,
            fix: /clusterName/,
        },
        {
            name: "Kubernetes 1.28 (out of support)",
            config: { kubernetesVersion: "1.28" },
            key: "kubernetesVersion",
            message: /"1\.28" is not a Kubernetes minor version EKS supports/,
            fix: /'kubernetesVersion' 1\.33/,
        },
        {
            name: "a version with a v",
            config: { kubernetesVersion: "v1.33" },
            key: "kubernetesVersion",
            message: /"v1\.33"/,
            fix: /kubernetesVersion/,
        },
        {
            name: "a patch version",
            config: { kubernetesVersion: "1.33.2" },
            key: "kubernetesVersion",
            message: /"1\.33\.2" is not a Kubernetes minor version/,
            fix: /kubernetesVersion/,
        },
        {
            name: "1.30 written unquoted in YAML (it becomes the number 1.3)",
            config: { kubernetesVersion: 1.3 },
            key: "kubernetesVersion",
            message: /expected a string, got the number 1\.3 \(YAML reads an unquoted 1\.30 as 1\.3/,
            fix: /pulumi config set 'kubernetesVersion' '1\.30'/,
        },
        {
            name: "bootstrapSelfManagedAddons as yes",
            config: { bootstrapSelfManagedAddons: "yes" },
            key: "bootstrapSelfManagedAddons",
            message: /expected true or false/,
            fix: /bootstrapSelfManagedAddons' true/,
        },
    ],
    accepted: [
        {
            name: "a private-only endpoint done right (no publicAccessCidrs reaches EKS)",
            config: { endpointPublicAccess: false },
            warnings: [
                /endpointPublicAccess: the API server is reachable only from inside the VPC: pulumi up, preview, refresh and destroy talk to it.*Fix: nothing to change if the deployer runs inside the VPC/,
            ],
            plan: [/endpointPublicAccess: false/, /create EKS control plane/],
            check: config => expect(config.controlPlane.endpointPrivateAccess).to.equal(true),
        },
        {
            name: "a private-only endpoint with a leftover allow-list: told it is not used",
            config: { endpointPublicAccess: false, publicAccessCidrs: ["198.51.7.0/24"] },
            warnings: [/publicAccessCidrs \(198\.51\.7\.0\/24\) is not used/],
            plan: [/endpointPublicAccess: false/],
        },
        {
            name: "a public endpoint for the office only, nodes through the private one",
            config: { publicAccessCidrs: ["198.51.7.0/24", "81.2.3.4/32"] },
            plan: [/publicAccessCidrs:\n\s+- 198\.51\.7\.0\/24\n\s+- 81\.2\.3\.4\/32/],
        },
        {
            name: "the default 0.0.0.0/0 kept while adding the office: accepted, told the endpoint is still open",
            config: { publicAccessCidrs: ["0.0.0.0/0", "198.51.7.0/24"] },
            warnings: [/publicAccessCidrs: 0\.0\.0\.0\/0 is in the list, so the public endpoint is open to every address.*Fix: remove 0\.0\.0\.0\/0 to allow only 198\.51\.7\.0\/24/],
            plan: [/- 0\.0\.0\.0\/0\n\s+- 198\.51\.7\.0\/24/],
        },
        {
            name: "exactly 40 allowed CIDRs",
            config: { publicAccessCidrs: publicCidrs(40) },
            plan: [/- 50\.1\.2\.0\/24/],
            check: config => expect(config.controlPlane.publicAccessCidrs).to.have.length(40),
        },
        {
            name: "public only, open to everyone (nodes join through the NAT gateway)",
            config: { endpointPrivateAccess: false },
            plan: [/endpointPrivateAccess: false/],
        },
        {
            name: "public only and restricted in an existing VPC: told to list the NAT addresses",
            config: {
                endpointPrivateAccess: false,
                publicAccessCidrs: ["198.51.7.0/24"],
                existingVpcId: "vpc-0123456789abcdef0",
                vpcCidr: "10.0.0.0/16",
                existingPrivateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
            },
            warnings: [/endpointPrivateAccess: .*NAT gateways' public addresses, which must be in publicAccessCidrs/],
            plan: [/VPC: existing/],
        },
        {
            name: "EKS bootstrapping its own add-ons: accepted, told it counts only at creation",
            config: { bootstrapSelfManagedAddons: true },
            warnings: [
                /bootstrapSelfManagedAddons: EKS reads this only when it creates the cluster \(@pulumi\/eks ignores later changes\).*Fix: to change it for an existing cluster, destroy and re-create the cluster/,
            ],
            plan: [/bootstrapSelfManagedAddons: true/],
        },
        {
            name: "the oldest Kubernetes minor offered",
            config: { kubernetesVersion: "1.29" },
            plan: [/"calico-eks" 1\.29/],
        },
        {
            name: "the newest Kubernetes minor offered",
            config: { kubernetesVersion: "1.34" },
            plan: [/"calico-eks" 1\.34/],
        },
        {
            name: "a 100-character cluster name with underscores",
            config: { clusterName: `team_${"a".repeat(95)}` },
            plan: [/create EKS control plane "team_a{95}"/],
        },
    ],
};
