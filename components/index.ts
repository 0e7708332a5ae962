/**
 * The library entry of the calico-eks package (`import { CalicoEksCluster, resolveConfig } from "calico-eks"`).
 *
 *   const config = resolveConfig({ clusterName: "apps", vpcCidr: "10.20.0.0/16" }, { region: "eu-west-1" });
 *   const cluster = new CalicoEksCluster("apps", { config }, { parent: this });
 *
 * `resolveConfig` takes the same keys as the stack config (without the `calico-eks:` namespace), fills the
 * defaults and validates everything at once, throwing a ConfigValidationError before any resource exists.
 * The Automation API module is a separate entry, `calico-eks/automation`, so that a program composing the
 * components does not load it, and a service driving stacks can validate and plan without loading the SDK.
 */
export { CalicoEksCluster, CalicoEksClusterArgs, CALICO_EKS_NAME, formerNameAliases } from "./calicoEksCluster";
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
