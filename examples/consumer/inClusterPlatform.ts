/**
 * The in-cluster half of the platform on a cluster that comes from elsewhere (another stack, another tool, any
 * conformant cluster): Calico through the tigera-operator with a pool for a team, the add-ons, and the namespace
 * the applications run in, all through one Kubernetes provider built from the cluster's kubeconfig. The same
 * components CalicoEksCluster uses inside, with the same argument names and defaults as calico-eks's stack config.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CalicoNetworking, ClusterAddons } from "calico-eks";

export interface InClusterPlatformArgs {
    /** The cluster's kubeconfig (JSON or YAML): for the provider and for the aws-node removal. */
    readonly kubeconfig: pulumi.Input<string>;
    /** The cluster's name, AWS region and VPC: what the load balancer controller and external-dns are told. */
    readonly clusterName: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    /** The namespace the applications run in. */
    readonly appNamespace: string;
    /** Where the charts come from (calico-eks's chartSource): "" for upstream, or a mirror. */
    readonly chartSource?: string;
    /** Wait for the add-ons to become ready (off where no node can run them). Default true. */
    readonly waitForReady?: boolean;
}

export class InClusterPlatform extends pulumi.ComponentResource {
    public readonly calico: CalicoNetworking;
    public readonly addons: ClusterAddons;
    public readonly appNamespace: k8s.core.v1.Namespace;

    constructor(name: string, args: InClusterPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("acme:platform:InClusterPlatform", name, {}, opts);
        const provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: args.kubeconfig }, { parent: this });

        // Validated in the constructor: a wrong pool or version fails here, naming the argument, before anything exists.
        this.calico = new CalicoNetworking(
            `${name}-calico`,
            {
                kubeconfig: args.kubeconfig,
                ipPools: [{ cidr: "172.16.0.0/16" }],
                teams: [{ name: "payments", namespaces: ["payments"], cidr: "172.20.0.0/20" }],
                chartSource: args.chartSource,
            },
            { parent: this, provider },
        );
        this.addons = new ClusterAddons(
            `${name}-addons`,
            {
                clusterName: args.clusterName,
                region: args.region,
                vpcId: args.vpcId,
                // The stack config's add-on keys: metrics-server (on by default) on host port 4443; no load balancer controller here.
                loadBalancerControllerEnabled: false,
                metricsServerPort: 4443,
                chartSource: args.chartSource,
                waitForReady: args.waitForReady,
            },
            // Pods need the CNI: the add-ons come after Calico.
            { parent: this, provider, dependsOn: this.calico.readyForNodes },
        );
        this.appNamespace = new k8s.core.v1.Namespace(
            `${name}-apps`,
            { metadata: { name: args.appNamespace, labels: { "acme/platform": name } } },
            { parent: this, provider, dependsOn: [this.calico.operator.release] },
        );
        this.registerOutputs({ calicoVersion: this.calico.operator.version, appNamespace: this.appNamespace.metadata.name });
    }
}
