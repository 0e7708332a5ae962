/**
 * Pre-flight of a `calicoVersion` change on a running cluster: what the cluster holds decides whether the
 * change is safe, before any CRD or release is touched. Pure: versionPreflight.ts reads the facts from the
 * cluster, this decides. Every problem names `calicoVersion` and a fix.
 */
import { ConfigProblem } from "../config/problems";
import { compareCalicoVersions, hasSeparateCrdChart, parseCalicoVersion, upgradePath, versionChangeProblem } from "./calicoVersions";

/** What the cluster holds that a Calico version change depends on. */
export interface CalicoClusterFacts {
    /** Chart version of the deployed tigera-operator release, when there is one. */
    readonly installedVersion?: string;
    /** Names of AdminNetworkPolicy objects. */
    readonly adminNetworkPolicies: readonly string[];
    /** Names of BaselineAdminNetworkPolicy objects. */
    readonly baselineAdminNetworkPolicies: readonly string[];
    /** Names of policies in the operator's `allow-tigera` tier that the operator did not create. */
    readonly ownAllowTigeraPolicies: readonly string[];
}

/** The tier the operator keeps its own policies in, up to v3.31, and its name from v3.32. */
export const OLD_OPERATOR_TIER = "allow-tigera";
export const NEW_OPERATOR_TIER = "calico-system";

const KEY = "calicoVersion";
const setVersion = (version: string) => `pulumi config set '${KEY}' ${version}`;
const list = (names: readonly string[]) => names.slice(0, 5).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");

export function upgradeProblems(facts: CalicoClusterFacts, target: string): ConfigProblem[] {
    const installed = facts.installedVersion;
    if (!installed || !parseCalicoVersion(installed) || !parseCalicoVersion(target) || installed === target) {
        return [];
    }
    const problems: ConfigProblem[] = [];
    const change = versionChangeProblem(installed, target);
    if (change) {
        const from = parseCalicoVersion(installed)!;
        const to = parseCalicoVersion(target)!;
        const fix =
            compareCalicoVersions(to, from) < 0
                ? `${setVersion(installed)} to keep the running release (to return to an older one, restore the cluster's backup or rebuild it; see Upgrade in the README)`
                : `upgrade one minor at a time: ${upgradePath(installed, target)
                      .map(v => `${setVersion(v)} && pulumi up`)
                      .join(", then ")}`;
        problems.push({ key: KEY, message: change, fix });
        return problems;
    }
    if (!hasSeparateCrdChart(installed) && hasSeparateCrdChart(target)) {
        const anps = [...facts.adminNetworkPolicies.map(n => `AdminNetworkPolicy ${n}`), ...facts.baselineAdminNetworkPolicies.map(n => `BaselineAdminNetworkPolicy ${n}`)];
        if (anps.length > 0) {
            problems.push({
                key: KEY,
                message: `Calico ${target} drops AdminNetworkPolicy and BaselineAdminNetworkPolicy support and their CRDs, so these objects would stop being enforced and be deleted with the CRDs: ${list(anps)}`,
                fix: `rewrite them as ClusterNetworkPolicy (policy.networking.k8s.io, served from ${target}) or Calico GlobalNetworkPolicy, delete them (kubectl delete adminnetworkpolicies,baselineadminnetworkpolicies --all), then pulumi up; or ${setVersion(installed)} to stay`,
            });
        }
        if (facts.ownAllowTigeraPolicies.length > 0) {
            problems.push({
                key: KEY,
                message: `Calico ${target} renames the operator's "${OLD_OPERATOR_TIER}" tier to "${NEW_OPERATOR_TIER}" and migrates only its own policies; these policies of yours are in "${OLD_OPERATOR_TIER}": ${list(facts.ownAllowTigeraPolicies)}`,
                fix: `move them to a tier of your own (recreate them there and delete the old ones), then pulumi up; or ${setVersion(installed)} to stay`,
            });
        }
    }
    return problems;
}
