/**
 * The library entry of the calico-eks package (`import { CalicoEksCluster, resolveConfig } from "calico-eks"`).
 *
 *   const cluster = new CalicoEksCluster("apps", { clusterName: "apps", vpcCidr: "10.20.0.0/16" }, { parent: this });
 *
 * The arguments are the stack config's keys (without the `calico-eks:` namespace), all optional; the component
 * validates them all at once and throws one CalicoEksClusterError (a ResourceError) before any child exists.
 * `resolveConfig` does the same validation without the SDK, throwing a ConfigValidationError.
 * The Automation API module is a separate entry, `calico-eks/automation`, so that a program composing the
 * components does not load it, and a service driving stacks can validate and plan without loading the SDK.
 */
export { CalicoEksCluster, CalicoEksClusterArgs, CalicoEksClusterError, CALICO_EKS_NAME, formerNameAliases, TeamPoolOutput } from "./calicoEksCluster";
export { DocumentedClusterArgs, DEFERRABLE_KEYS } from "./clusterArgs";
export { PortOwner } from "./addons/hostPorts";
export { CalicoNetworking, CalicoNetworkingArgs } from "./calico/calicoNetworking";
export { ClusterAddons, ClusterAddonsArgs } from "./addons/clusterAddons";
export { calicoEksProgram, stackConfig } from "./program";
export { RawConfig, ResolveContext, resolveConfig } from "./stack/resolve";
export { CalicoEksConfigInput } from "./stack/input";
export * from "./config/types";
export { CalicoEksConfig } from "./stack/types";
export { ConfigProblem, ConfigValidationError, formatProblem } from "./config/problems";
export { CapacityReport } from "./net/capacity";
export { renderPlan } from "../automation/plan";
