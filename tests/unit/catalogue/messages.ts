/**
 * Messages that must help: a misspelled key suggests the key meant (or nothing when none is close), a value of
 * the wrong type or spelling names the allowed values and a concrete fix, never a placeholder.
 */
import { expect } from "chai";
import { Catalogue, RefusedConfig } from "../../support/catalogue";

const pool = (fields: Record<string, unknown>) => ({ ipPools: [{ cidr: "172.16.0.0/16", ...fields }] });
const group = (fields: Record<string, unknown>) => ({ nodeGroups: [{ name: "general", ...fields }] });
const team = (fields: Record<string, unknown>) => ({ teams: [{ name: "payments", namespaces: ["payments-api"], cidr: "172.20.0.0/20", ...fields }] });

/** A misspelled top-level key whose fix must rename it to `meant`, keeping its value. */
const misspelled = (name: string, key: string, value: unknown, meant: string, fix: RegExp): RefusedConfig => ({
    name,
    config: { [key]: value },
    key,
    message: /^unknown config key$/,
    fix: new RegExp(`^did you mean "${meant}"\\? ${fix.source}`),
});

/** An unknown key nothing is close to: the fix removes it and suggests nothing. */
const farFromAnyKey = (name: string, key: string, value: unknown): RefusedConfig => ({
    name,
    config: { [key]: value },
    key,
    message: /^unknown config key$/,
    fix: new RegExp(`^remove it with pulumi config rm '${key}' \\(the keys are listed`),
});

export const catalogue: Catalogue = {
    area: "messages",
    refused: [
        // Misspelled keys: the nearest key by edit distance, with the value carried over.
        misspelled("metricServerPort, an s short", "metricServerPort", 4443, "metricsServerPort", /pulumi config rm 'metricServerPort' && pulumi config set 'metricsServerPort' 4443$/),
        misspelled("clustername in lower case", "clustername", "team-a", "clusterName", /pulumi config rm 'clustername' && pulumi config set 'clusterName' team-a$/),
        misspelled("kubernetesVerison, two letters swapped", "kubernetesVerison", "1.33", "kubernetesVersion", /.*pulumi config set 'kubernetesVersion' 1\.33$/),
        misspelled("vpcCIDR in upper case", "vpcCIDR", "10.0.0.0/16", "vpcCidr", /.*pulumi config set 'vpcCidr' 10\.0\.0\.0\/16$/),
        misspelled("ipPool, singular", "ipPool", [{ cidr: "172.16.0.0/16" }], "ipPools", /Rename "ipPool" to "ipPools" in the stack file$/),
        misspelled("nodeGroup, singular", "nodeGroup", [{ name: "a" }], "nodeGroups", /Rename "nodeGroup" to "nodeGroups"/),
        misspelled("natGateway, singular", "natGateway", "perAz", "natGateways", /.*pulumi config set 'natGateways' perAz$/),
        misspelled("certManagerWebhookport", "certManagerWebhookport", 10260, "certManagerWebhookPort", /.*set 'certManagerWebhookPort' 10260$/),
        misspelled("requireIMDSv2", "requireIMDSv2", false, "requireImdsv2", /.*set 'requireImdsv2' false$/),
        misspelled("endpointPublicAcess, a c short", "endpointPublicAcess", false, "endpointPublicAccess", /.*set 'endpointPublicAccess' false$/),
        misspelled("externalDnsDomainFilter, singular", "externalDnsDomainFilter", ["example.com"], "externalDnsDomainFilters", /Rename/),
        misspelled("vpcId, the eksctl name", "vpcId", "vpc-0123456789abcdef0", "existingVpcId", /.*set 'existingVpcId' vpc-0123456789abcdef0$/),
        misspelled("version, the eksctl name", "version", "1.33", "kubernetesVersion", /.*set 'kubernetesVersion' 1\.33$/),
        {
            name: "region in this project's namespace instead of aws:",
            config: { region: "eu-west-1" },
            key: "region",
            message: /^unknown config key$/,
            fix: /^it belongs to another namespace: pulumi config rm 'region' && pulumi config set aws:region eu-west-1$/,
        },
        farFromAnyKey("a key from another project", "replicaCount", 3),
        farFromAnyKey("a short unrelated key", "foo", "bar"),
        // Unknown fields inside list items: the nearest field of that item.
        {
            name: "ipPools[].cidrs",
            config: pool({ cidrs: "172.17.0.0/16" }),
            key: "ipPools[0].cidrs",
            message: /^unknown field "cidrs"$/,
            fix: /^did you mean "cidr"\? pulumi config rm --path 'ipPools\[0\]\.cidrs' && pulumi config set --path 'ipPools\[0\]\.cidr' 172\.17\.0\.0\/16$/,
        },
        { name: "ipPools[].natOutGoing", config: pool({ natOutGoing: "Disabled" }), key: "ipPools[0].natOutGoing", message: /unknown field/, fix: /^did you mean "natOutgoing"\?/ },
        { name: "ipPools[].vxlanMode, Calico's IPPool field", config: pool({ vxlanMode: "Always" }), key: "ipPools[0].vxlanMode", message: /unknown field/, fix: /^did you mean "encapsulation"\?/ },
        {
            name: "nodeGroups[].instanceType, singular",
            config: group({ instanceType: "m5.large" }),
            key: "nodeGroups[0].instanceType",
            message: /unknown field/,
            fix: /^did you mean "instanceTypes"\? .*set --path 'nodeGroups\[0\]\.instanceTypes' m5\.large$/,
        },
        {
            name: "nodeGroups[].desiredCapacity, the eksctl name",
            config: group({ desiredCapacity: 2 }),
            key: "nodeGroups[0].desiredCapacity",
            message: /unknown field/,
            fix: /^did you mean "desiredSize"\?.*desiredSize' 2$/,
        },
        { name: "nodeGroups[].volumeSize, the eksctl name", config: group({ volumeSize: 100 }), key: "nodeGroups[0].volumeSize", message: /unknown field/, fix: /^did you mean "diskSizeGiB"\?/ },
        { name: "nodeGroups[].maxpods", config: group({ maxpods: 110 }), key: "nodeGroups[0].maxpods", message: /unknown field/, fix: /^did you mean "maxPods"\?/ },
        {
            name: "teams[].namespace, singular",
            config: team({ namespace: ["search"] }),
            key: "teams[0].namespace",
            message: /unknown field/,
            fix: /^did you mean "namespaces"\? Rename "namespace" to "namespaces" in teams\[0\]/,
        },
        {
            name: "teams[] field nothing is close to",
            config: team({ owner: "payments-team" }),
            key: "teams[0].owner",
            message: /unknown field "owner"/,
            fix: /^remove "owner" from teams\[0\] in the stack file; its fields are name, namespaces, cidr, blockSize$/,
        },
        // Enumerated values: every message names the allowed values, every fix the one meant.
        {
            name: "natOutgoing: true, the IPPool resource's style",
            config: pool({ natOutgoing: true }),
            key: "ipPools[0].natOutgoing",
            message: /^true is not one of "Enabled", "Disabled"/,
            fix: /^pulumi config set --path 'ipPools\[0\]\.natOutgoing' Enabled$/,
        },
        { name: "natOutgoing: false", config: pool({ natOutgoing: false }), key: "ipPools[0].natOutgoing", message: /^false is not one of "Enabled", "Disabled"/, fix: /natOutgoing' Disabled$/ },
        {
            name: 'natOutgoing: "true" as Pulumi stores it',
            config: pool({ natOutgoing: "true" }),
            key: "ipPools[0].natOutgoing",
            message: /"true" is not one of "Enabled", "Disabled"/,
            fix: /natOutgoing' Enabled$/,
        },
        { name: "natOutgoing in lower case", config: pool({ natOutgoing: "disabled" }), key: "ipPools[0].natOutgoing", message: /not one of "Enabled", "Disabled"/, fix: /natOutgoing' Disabled$/ },
        { name: "natOutgoing: yes", config: pool({ natOutgoing: "yes" }), key: "ipPools[0].natOutgoing", message: /^"yes" is not one of "Enabled", "Disabled"/, fix: /natOutgoing' Enabled$/ },
        { name: "capacityType: Spot", config: group({ capacityType: "Spot" }), key: "nodeGroups[0].capacityType", message: /not one of "ON_DEMAND", "SPOT"/, fix: /capacityType' SPOT$/ },
        { name: "encapsulation as a boolean", config: pool({ encapsulation: true }), key: "ipPools[0].encapsulation", message: /^true is not one of "VXLAN"/, fix: /encapsulation' VXLAN$/ },
        { name: "natGateways: perAZ", config: { natGateways: "perAZ" }, key: "natGateways", message: /not one of "single", "perAz"/, fix: /^pulumi config set 'natGateways' perAz$/ },
        { name: "natGateways: per-az", config: { natGateways: "per-az" }, key: "natGateways", message: /not one of "single", "perAz"/, fix: /'natGateways' perAz$/ },
        { name: "natGateways as a count", config: { natGateways: 3 }, key: "natGateways", message: /^3 is not one of "single", "perAz"/, fix: /'natGateways' single$/ },
        { name: "capacityType: spot", config: group({ capacityType: "spot" }), key: "nodeGroups[0].capacityType", message: /not one of "ON_DEMAND", "SPOT"/, fix: /capacityType' SPOT$/ },
        {
            name: "capacityType: on-demand",
            config: group({ capacityType: "on-demand" }),
            key: "nodeGroups[0].capacityType",
            message: /not one of "ON_DEMAND", "SPOT"/,
            fix: /capacityType' ON_DEMAND$/,
        },
        // Booleans written the YAML 1.1 or other tools' way: the fix says which one was meant.
        {
            name: "endpointPublicAccess: yes",
            config: { endpointPublicAccess: "yes" },
            key: "endpointPublicAccess",
            message: /^expected true or false, got "yes"$/,
            fix: /^pulumi config set 'endpointPublicAccess' true$/,
        },
        { name: "endpointPrivateAccess: no", config: { endpointPrivateAccess: "no" }, key: "endpointPrivateAccess", message: /expected true or false/, fix: /'endpointPrivateAccess' false$/ },
        { name: "requireImdsv2: off", config: { requireImdsv2: "off" }, key: "requireImdsv2", message: /expected true or false, got "off"/, fix: /'requireImdsv2' false$/ },
        { name: "metricsServerEnabled: Enabled", config: { metricsServerEnabled: "Enabled" }, key: "metricsServerEnabled", message: /expected true or false/, fix: /'metricsServerEnabled' true$/ },
        {
            name: "bootstrapSelfManagedAddons: 0",
            config: { bootstrapSelfManagedAddons: 0 },
            key: "bootstrapSelfManagedAddons",
            message: /expected true or false, got 0/,
            fix: /'bootstrapSelfManagedAddons' false$/,
        },
        // Numbers with units or words: the number meant.
        {
            name: "diskSizeGiB: 100Gi",
            config: group({ diskSizeGiB: "100Gi" }),
            key: "nodeGroups[0].diskSizeGiB",
            message: /^expected a whole number, got "100Gi" \(no unit/,
            fix: /^pulumi config set --path 'nodeGroups\[0\]\.diskSizeGiB' 100$/,
        },
        { name: "diskSizeGiB: 80 GB", config: group({ diskSizeGiB: "80 GB" }), key: "nodeGroups[0].diskSizeGiB", message: /no unit/, fix: /diskSizeGiB' 80$/ },
        { name: "maxPods: 110.5", config: group({ maxPods: 110.5 }), key: "nodeGroups[0].maxPods", message: /expected a whole number, got 110\.5/, fix: /maxPods' 111$/ },
        {
            name: "availabilityZoneCount: three",
            config: { availabilityZoneCount: "three" },
            key: "availabilityZoneCount",
            message: /expected a whole number, got "three"/,
            fix: /^pulumi config set 'availabilityZoneCount' 3$/,
        },
        // Strings that YAML read as something else.
        {
            name: "kubernetesVersion: 1.30 unquoted (YAML reads 1.3)",
            config: { kubernetesVersion: 1.3 },
            key: "kubernetesVersion",
            message: /^expected a string, got the number 1\.3 \(YAML reads an unquoted 1\.30 as 1\.3 too\)$/,
            fix: /^quote the value in the stack file as you meant it, e.g. pulumi config set 'kubernetesVersion' '1\.30' \(or '1\.3'\)$/,
        },
        { name: "clusterName as a number", config: { clusterName: 2024 }, key: "clusterName", message: /expected a string, got the number 2024$/, fix: /'clusterName' '2024'$/ },
        {
            name: "calicoVersion as a list",
            config: { calicoVersion: ["v3.31.2"] },
            key: "calicoVersion",
            message: /expected a string/,
            fix: /^give one value, not a list: pulumi config set 'calicoVersion' v3\.31\.2$/,
        },
        { name: "clusterName as a mapping", config: { clusterName: { name: "a" } }, key: "clusterName", message: /expected a string/, fix: /^pulumi config set 'clusterName' calico-eks$/ },
        // Lists and mappings written another way.
        {
            name: "publicAccessCidrs as one CIDR",
            config: { publicAccessCidrs: "203.0.113.0/24" },
            key: "publicAccessCidrs",
            message: /^expected a list of strings, got the text "203\.0\.113\.0\/24"$/,
            fix: /or pulumi config set --path 'publicAccessCidrs\[0\]' 203\.0\.113\.0\/24$/,
        },
        {
            name: "publicAccessCidrs comma-separated",
            config: { publicAccessCidrs: "203.0.113.0/24, 198.51.100.0/24" },
            key: "publicAccessCidrs",
            message: /expected a list of strings/,
            fix: /'publicAccessCidrs\[0\]' 203\.0\.113\.0\/24 && pulumi config set --path 'publicAccessCidrs\[1\]' 198\.51\.100\.0\/24$/,
        },
        {
            name: "instanceTypes as one type",
            config: group({ instanceTypes: "m5.large" }),
            key: "nodeGroups[0].instanceTypes",
            message: /expected a list of strings/,
            fix: /--path 'nodeGroups\[0\]\.instanceTypes\[0\]' m5\.large$/,
        },
        {
            name: "teams[].namespaces as one name",
            config: team({ namespaces: "payments-api" }),
            key: "teams[0].namespaces",
            message: /expected a list of strings/,
            fix: /'teams\[0\]\.namespaces\[0\]' payments-api$/,
        },
        {
            name: "availabilityZones with numbers",
            config: { availabilityZones: [1, 2] },
            key: "availabilityZones",
            message: /expected a list of strings, got \[1,2\]/,
            fix: /^write each item as a string: quote each item in the stack file \(availabilityZones: \["1", "2"\]\)$/,
        },
        {
            name: "ipPools as one mapping, not a list",
            config: { ipPools: { cidr: "172.16.0.0/16", blockSize: 26 } },
            key: "ipPools",
            message: /^expected a list of objects/,
            fix: /^make it a list of one item .*pulumi config set --path 'ipPools\[0\]\.cidr' 172\.16\.0\.0\/16 && pulumi config set --path 'ipPools\[0\]\.blockSize' 26$/,
        },
        {
            name: "labels as k=v list items",
            config: group({ labels: ["tier=web", "team=payments"] }),
            key: "nodeGroups[0].labels",
            message: /^expected a mapping of strings/,
            fix: /^write it as a mapping of strings: pulumi config set --path 'nodeGroups\[0\]\.labels\["tier"\]' web && pulumi config set --path 'nodeGroups\[0\]\.labels\["team"\]' payments$/,
        },
        {
            name: "labels with a number value",
            config: group({ labels: { tier: 1 } }),
            key: "nodeGroups[0].labels",
            message: /expected a mapping of strings/,
            fix: /quote each value in the stack file \(tier: "1"\)$/,
        },
    ],
    accepted: [
        {
            name: "Pulumi's string forms of booleans, numbers and lists",
            config: { endpointPublicAccess: "true", endpointPrivateAccess: "true", availabilityZoneCount: "2", publicAccessCidrs: '["198.51.7.0/24"]' },
            plan: [/endpointPublicAccess: true/, /AZ 2 /, /- 198\.51\.7\.0\/24/],
            check: config => expect(config.network.availabilityZoneCount).to.equal(2),
        },
        {
            name: "kubernetesVersion quoted, so 1.30 stays 1.30",
            config: { kubernetesVersion: "1.30" },
            plan: [/EKS control plane "calico-eks" 1\.30/],
        },
        {
            name: "natOutgoing Disabled, the Installation's string",
            // Beside an egress pool: the only pool of a group must keep natOutgoing (see the pools catalogue).
            config: { ipPools: [{ natOutgoing: "Disabled" }, { name: "egress", cidr: "172.17.0.0/16" }] },
            plan: [/VXLAN, natOutgoing Disabled, nodes all\(\)/],
        },
        {
            name: "values with surrounding spaces are trimmed",
            config: { natGateways: " perAz ", clusterName: " team-a " },
            plan: [/one NAT gateway per AZ/, /clusterName: team-a\n/],
        },
    ],
};
