/**
 * The host ports Kubernetes and Calico bind on every node, for the Calico settings in use: the system half
 * of the host-port plan (addons/hostPorts.ts adds what the enabled add-ons bind). Pure.
 */
import { ALWAYS_ON_THE_HOST, PortOwner } from "../addons/hostPorts";
import { CalicoConfig } from "../config/types";
import { metricsHostPorts } from "./calicoMetrics";
import { dataplaneHostPorts } from "./dataplane";
import { wireguardHostPorts } from "./wireguard";

export function systemHostPorts(calico: CalicoConfig): PortOwner[] {
    return [...dataplaneHostPorts(ALWAYS_ON_THE_HOST, calico.dataplane), ...wireguardHostPorts(calico), ...metricsHostPorts(calico)];
}
