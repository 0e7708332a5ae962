/**
 * Per-team namespaces whose pods draw addresses only from the team's Calico pool: each namespace carries
 * the `cni.projectcalico.org/ipv4pools` annotation naming that pool (the pool itself is in the
 * Installation, with assignmentMode Manual so no one else gets its addresses). Kubernetes only.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IPV4_POOLS_ANNOTATION } from "../config/defaults";
import { TeamConfig } from "../config/types";
import { childOptions } from "../childOptions";
import { teamPoolName } from "./installationValues";

export interface TeamNamespacesArgs {
    /** The teams whose namespaces to create. */
    readonly teams: readonly TeamConfig[];
}

export class TeamNamespaces extends pulumi.ComponentResource {
    public readonly namespaces: k8s.core.v1.Namespace[];

    constructor(name: string, args: TeamNamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:calico:TeamNamespaces", name, {}, opts);
        this.namespaces = args.teams.flatMap(team =>
            team.namespaces.map(
                namespace =>
                    new k8s.core.v1.Namespace(
                        `${name}-${namespace}`,
                        {
                            metadata: {
                                name: namespace,
                                labels: { "calico-eks/team": team.name },
                                annotations: { [IPV4_POOLS_ANNOTATION]: JSON.stringify([teamPoolName(team)]) },
                            },
                        },
                        childOptions(this, opts),
                    ),
            ),
        );
        this.registerOutputs({});
    }
}
