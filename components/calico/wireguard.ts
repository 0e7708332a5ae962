/**
 * WireGuard between nodes (`wireguard: true`): what Felix is told and which port it binds. Pure.
 *
 * Felix reads `wireguardEnabled` from the FelixConfiguration named `default`. The tigera-operator writes that
 * object too (healthPort, vxlanVNI, vxlanPort, bpfEnabled, routeTableRange...: a Get then a JSON merge patch of
 * the fields it wants, or a Create when the object is absent). So the program owns exactly the one field it sets,
 * through a server-side apply patch under a field manager of its own (see wireguardEncryption.ts for why not the
 * chart's `defaultFelixConfiguration`).
 */
import type { PortOwner } from "../addons/hostPorts";
import { CalicoConfig } from "../config/types";

/** Felix's `wireguardListeningPort` default (the CRD says so; the program does not change it). */
export const WIREGUARD_PORT = 51820;

/**
 * The field manager of the patch: a fixed name, so a later `up` (or another copy of the program) applies as
 * the same manager and the API server attributes `wireguardEnabled` to it, not to a random Pulumi name.
 */
export const WIREGUARD_FIELD_MANAGER = "calico-eks-wireguard";

/** The FelixConfiguration every Felix reads (a cluster-wide object; per-node ones are `node.<name>`). */
export const DEFAULT_FELIX_CONFIGURATION = "default";

/** What the program applies to FelixConfiguration `default`: that one field, nothing else. */
export function wireguardFelixSpec(): { wireguardEnabled: true } {
    return { wireguardEnabled: true };
}

/** UDP 51820 on every node when WireGuard is on: Felix's WireGuard device listens there for its peers. */
export function wireguardHostPorts(calico: Pick<CalicoConfig, "wireguard">): PortOwner[] {
    return calico.wireguard ? [{ owner: "calico-node", port: WIREGUARD_PORT, protocol: "UDP", purpose: "WireGuard (pod traffic between nodes, encrypted)" }] : [];
}

/** The plan's step for WireGuard, if on. */
export function wireguardPlanSteps(calico: Pick<CalicoConfig, "wireguard">): string[] {
    return calico.wireguard
        ? [`apply wireguardEnabled: true to FelixConfiguration default (server-side, field manager ${WIREGUARD_FIELD_MANAGER}; WireGuard on UDP/${WIREGUARD_PORT} between nodes)`]
        : [];
}
