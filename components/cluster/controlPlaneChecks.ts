/** Checks of the control plane's settings. Pure; adds to `problems` and never throws. */
import { cidrProblem } from "../net/cidr";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import { CalicoEksConfig } from "../config/types";

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
    if (!SUPPORTED_KUBERNETES_VERSIONS.includes(controlPlane.kubernetesVersion)) {
        problems.add(
            "kubernetesVersion",
            `"${controlPlane.kubernetesVersion}" is not a Kubernetes minor version EKS supports (${SUPPORTED_KUBERNETES_VERSIONS.join(", ")})`,
            setCommand("kubernetesVersion", SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.length - 2]),
        );
    }
    if (!controlPlane.endpointPublicAccess && !controlPlane.endpointPrivateAccess) {
        problems.add("endpointPublicAccess", "the API endpoint would be reachable from nowhere", setCommand("endpointPrivateAccess", "true"));
    }
    controlPlane.publicAccessCidrs.forEach((cidr, i) => {
        const problem = cidrProblem(cidr);
        if (problem) {
            problems.add(`publicAccessCidrs[${i}]`, problem, "list CIDRs like 203.0.113.0/24");
        }
    });
}
