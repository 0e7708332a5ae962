/** Checks of the control plane's settings. Pure; adds to `problems` and never throws. */
import { canonicalCidr, cidrProblem, parseCidr, specialRangeOf } from "../net/cidr";
import { CONFIG_DEFAULTS, SUPPORTED_KUBERNETES_VERSIONS } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import type { CalicoEksConfig } from "../stack/types";

/** EKS cluster names: 1–100 characters, a letter or digit first, then letters, digits, '-' and '_'. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

export function validateControlPlane(config: CalicoEksConfig, problems: Problems): void {
    const { controlPlane } = config;
    if (!CLUSTER_NAME.test(controlPlane.clusterName)) {
        problems.add(
            "clusterName",
            `"${controlPlane.clusterName}" is not a valid EKS cluster name (1–100 letters, digits, '-' or '_', starting with a letter or digit)`,
            setCommand("clusterName", "my-calico-cluster"),
        );
    }
    const yamlFloat = SUPPORTED_KUBERNETES_VERSIONS.find(v => v !== controlPlane.kubernetesVersion && v.endsWith("0") && v.slice(0, -1) === controlPlane.kubernetesVersion);
    if (yamlFloat) {
        // An unquoted 1.30 in a YAML stack file is the number 1.3; the Pulumi CLI hands it over as "1.3".
        problems.add(
            "kubernetesVersion",
            `"${controlPlane.kubernetesVersion}" is how YAML reads an unquoted ${yamlFloat} (a number, whose trailing zero is dropped)`,
            `${setCommand("kubernetesVersion", yamlFloat)} (in the stack file quote it: "${yamlFloat}")`,
        );
    } else if (!SUPPORTED_KUBERNETES_VERSIONS.includes(controlPlane.kubernetesVersion)) {
        problems.add(
            "kubernetesVersion",
            `"${controlPlane.kubernetesVersion}" is not a Kubernetes minor version EKS supports (${SUPPORTED_KUBERNETES_VERSIONS.join(", ")})`,
            setCommand("kubernetesVersion", SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.length - 2]),
        );
    }
    if (!controlPlane.endpointPublicAccess && !controlPlane.endpointPrivateAccess) {
        problems.add("endpointPublicAccess", "the API endpoint would be reachable from nowhere", setCommand("endpointPrivateAccess", "true"));
    }
    validatePublicAccess(config, problems);
    if (controlPlane.bootstrapSelfManagedAddons) {
        problems.warn(
            "bootstrapSelfManagedAddons",
            "EKS reads this only when it creates the cluster (@pulumi/eks ignores later changes): aws-node, kube-proxy and CoreDNS are installed then, and step 2 deletes aws-node again",
            "to change it for an existing cluster, destroy and re-create the cluster (pulumi destroy, then pulumi up)",
        );
    }
}

/** EKS's limit on publicAccessCidrs entries (a service quota that cannot be raised). */
const MAX_PUBLIC_ACCESS_CIDRS = 40;

/**
 * Who may reach the API server. EKS refuses reserved ranges in publicAccessCidrs (private, loopback,
 * documentation, ...) except 0.0.0.0/0 itself, and more than 40 entries; @pulumi/eks refuses the list when the
 * public endpoint is off, so it is then not passed at all.
 */
function validatePublicAccess({ controlPlane, network }: CalicoEksConfig, problems: Problems): void {
    const cidrs = controlPlane.publicAccessCidrs;
    if (!controlPlane.endpointPublicAccess) {
        if (controlPlane.endpointPrivateAccess) {
            problems.warn(
                "endpointPublicAccess",
                "the API server is reachable only from inside the VPC: pulumi up, preview, refresh and destroy talk to it (the kubernetes provider, the aws-node removal), so run them from a host in the VPC or connected to it (VPN, Direct Connect, peering)" +
                    (JSON.stringify(cidrs) !== JSON.stringify(CONFIG_DEFAULTS.publicAccessCidrs) ? `; publicAccessCidrs (${cidrs.join(", ")}) is not used` : ""),
                "nothing to change if the deployer runs inside the VPC; otherwise pulumi config set endpointPublicAccess true",
            );
        }
        return;
    }
    if (cidrs.length === 0) {
        // EKS would read an empty list as 0.0.0.0/0: the opposite of what an empty allow-list suggests.
        problems.add(
            "publicAccessCidrs",
            "the public endpoint is on but no CIDR may reach it (EKS would open it to everyone instead)",
            `${setCommand("publicAccessCidrs[0]", "<your public IP>/32")}, or pulumi config set endpointPublicAccess false`,
        );
    }
    if (cidrs.length > MAX_PUBLIC_ACCESS_CIDRS) {
        problems.add("publicAccessCidrs", `EKS takes at most ${MAX_PUBLIC_ACCESS_CIDRS} CIDRs here, got ${cidrs.length}`, "merge neighbouring ranges into larger ones");
    }
    const seen = new Set<string>();
    cidrs.forEach((cidr, i) => {
        const key = `publicAccessCidrs[${i}]`;
        const problem = cidrProblem(cidr);
        if (problem) {
            // A bare address (or one with /0 typed for /32) is the most common slip: it means that one host.
            const address = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/0+)?$/.exec(cidr.trim());
            const fix = canonicalCidr(address ? `${address[1]}/32` : cidr);
            problems.add(key, problem, fix ? setCommand(key, fix) : "list CIDRs of your public addresses, like 198.51.7.0/24");
            return;
        }
        const range = parseCidr(cidr);
        const reserved = range.prefix === 0 ? undefined : specialRangeOf(range);
        if (reserved) {
            problems.add(
                key,
                `${cidr} overlaps ${reserved.cidr} (${reserved.what}); EKS accepts only public addresses here (from inside the VPC, the private endpoint is the way in)`,
                `${setCommand(key, "<your public IP>/32")}, or remove it`,
            );
        } else if (seen.has(`${range.network}/${range.prefix}`)) {
            problems.add(key, `${cidr} is listed twice`, "list each CIDR once");
        }
        seen.add(`${range.network}/${range.prefix}`);
    });
    const everyone = cidrs.some(c => c.trim() === "0.0.0.0/0");
    if (everyone && cidrs.length > 1) {
        // Usually the default kept while adding the office range: the endpoint is still open to everyone.
        problems.warn(
            "publicAccessCidrs",
            "0.0.0.0/0 is in the list, so the public endpoint is open to every address and the other entries restrict nothing",
            `remove 0.0.0.0/0 to allow only ${cidrs.filter(c => c.trim() !== "0.0.0.0/0").join(", ")}`,
        );
    }
    // Nodes reach the API through the NAT gateway's public address when there is no private endpoint.
    if (!controlPlane.endpointPrivateAccess && !everyone && cidrs.length > 0) {
        if (network.existingVpcId) {
            problems.warn(
                "endpointPrivateAccess",
                "without the private endpoint nodes reach the API server through their NAT gateways' public addresses, which must be in publicAccessCidrs or no node joins",
                "list the NAT gateways' Elastic IPs (/32) in publicAccessCidrs, or pulumi config set endpointPrivateAccess true",
            );
        } else {
            problems.add(
                "endpointPrivateAccess",
                "without the private endpoint nodes reach the API server through the NAT gateway of the new VPC, whose public address does not exist yet and is not in publicAccessCidrs: no node would join",
                setCommand("endpointPrivateAccess", "true"),
            );
        }
    }
}
