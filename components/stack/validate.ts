/**
 * Cross-field checks on a config whose fields have already been read. Each area's checks live beside that
 * area; this runs them in order. Pure; adds to `problems` and never throws.
 */
import { Problems } from "../config/problems";
import { CalicoEksConfig } from "./types";
import type { ResolveContext } from "./resolve";
import { validateControlPlane } from "../cluster/controlPlaneChecks";
import { validateCidrs, validateNetwork } from "../network/networkChecks";
import { validateCapacity, validateNatOutgoing, validatePools, validateTeams } from "../calico/poolChecks";
import { validateCalicoVersion } from "../calico/versionChecks";
import { validateDataplane } from "../calico/dataplaneChecks";
import { validateChartSource } from "../charts/chartSourceChecks";
import { validateNodeGroups } from "../nodes/nodeGroupChecks";
import { validateAddons } from "../addons/addonChecks";
import { validateSecurity } from "../cluster/securityChecks";
import { validateWireguardAndMetrics } from "../calico/wireguardMetricsChecks";

export function validateConfig(config: CalicoEksConfig, problems: Problems, context: ResolveContext = {}): void {
    validateControlPlane(config, problems);
    validateCalicoVersion(config, problems);
    validateDataplane(config, problems);
    validateNetwork(config, problems, context);
    const ranges = validateCidrs(config, problems);
    validatePools(config, ranges, problems);
    validateTeams(config, ranges, problems);
    validateNodeGroups(config, problems);
    validateCapacity(config, problems);
    validateNatOutgoing(config, problems);
    validateAddons(config, problems);
    validateWireguardAndMetrics(config, problems);
    validateSecurity(config, problems, context);
    validateChartSource(config, problems);
}
