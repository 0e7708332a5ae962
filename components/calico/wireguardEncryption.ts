/**
 * WireGuard between nodes (`wireguard: true`): `wireguardEnabled: true` in FelixConfiguration `default`, as a
 * server-side apply patch that owns that one field (wireguard.ts). Kubernetes only, no AWS.
 *
 * Why a patch and not the tigera-operator chart's `defaultFelixConfiguration` value (the same template in
 * v3.31.2, v3.31.7 and v3.32.1: when enabled, the release renders the whole `FelixConfiguration default`):
 * - the operator creates `default` itself the first time it runs and then merge-patches its own fields
 *   (healthPort, vxlanVNI, vxlanPort, bpfEnabled...). On a running cluster, switching the value on makes the
 *   release render an object that exists outside it, and `helm upgrade` fails on its ownership;
 * - Helm would own the whole object: switching WireGuard off by switching the value off, or uninstalling the
 *   release, deletes `default` with every field the operator and users wrote to it;
 * - v3.32.1 picks the object's apiVersion by a `lookup` of the cluster's CRDs at render time.
 * The patch has none of these: it works before the operator ever ran (the apply creates `default` with that
 * field, and the operator then adds its own) and after; a second `up` changes nothing; `wireguard: false`
 * deletes the patch, and the API server removes exactly the field this manager owned (Felix's default,
 * off, applies again), leaving the operator's fields and anyone else's as they are. A Calico upgrade does
 * not touch it (the CRDs are updated in place, the object stays). Forced: a value someone set by hand with
 * kubectl is taken over, as the stack config is what decides.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "../childOptions";
import { DEFAULT_FELIX_CONFIGURATION, WIREGUARD_FIELD_MANAGER, wireguardFelixSpec } from "./wireguard";

export class WireguardEncryption extends pulumi.ComponentResource {
    /** The server-side apply patch of FelixConfiguration `default`. */
    public readonly felixConfigurationPatch: k8s.apiextensions.CustomResourcePatch;

    /** Give it the cluster's provider (opts.provider) and make it wait for the Calico CRDs (opts.dependsOn). */
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:calico:WireguardEncryption", name, {}, opts);
        this.felixConfigurationPatch = new k8s.apiextensions.CustomResourcePatch(
            name,
            {
                // The crd.projectcalico.org CRDs exist in every supported release (from v3.32 in the CRD chart),
                // and the Calico API server that serves projectcalico.org/v3 needs nodes, which do not exist yet.
                apiVersion: "crd.projectcalico.org/v1",
                kind: "FelixConfiguration",
                metadata: {
                    name: DEFAULT_FELIX_CONFIGURATION,
                    annotations: { "pulumi.com/patchFieldManager": WIREGUARD_FIELD_MANAGER, "pulumi.com/patchForce": "true" },
                },
                spec: wireguardFelixSpec(),
            },
            childOptions(this, opts),
        );
        this.registerOutputs({ felixConfigurationPatch: this.felixConfigurationPatch });
    }
}
