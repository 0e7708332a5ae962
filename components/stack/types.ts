/**
 * The resolved, validated config of a whole stack: every area's part. It lives above the areas because it
 * holds the add-on settings, whose shape the add-on table gives; `config/` stays free of any area.
 */
import { AddonsConfig } from "../addons/types";
import { CalicoConfig, ControlPlaneConfig, IpPoolConfig, NetworkConfig, NodeAccessConfig, NodeGroupConfig, SecurityConfig, TeamConfig } from "../config/types";

export interface CalicoEksConfig {
    readonly controlPlane: ControlPlaneConfig;
    readonly network: NetworkConfig;
    readonly calico: CalicoConfig;
    /**
     * Where charts come from: "" for each chart's upstream repository, an http(s) URL of a mirror that
     * serves every chart, an oci:// registry prefix, or a local directory holding one folder per chart.
     */
    readonly chartSource: string;
    readonly ipPools: IpPoolConfig[];
    readonly nodeGroups: NodeGroupConfig[];
    /** Teams with their own pools and namespaces. */
    readonly teams: TeamConfig[];
    readonly nodeAccess: NodeAccessConfig;
    /** Which add-ons run, at which chart versions, with which settings. */
    readonly addons: AddonsConfig;
    readonly security: SecurityConfig;
}
