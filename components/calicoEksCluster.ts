/**
 * An EKS cluster networked by Calico's VXLAN overlay instead of the AWS VPC CNI: the runbook in
 * declarative form. The steps, in the order the dependency graph enforces:
 *
 *   network -> control plane (no nodes, no VPC CNI) -> aws-node removal -> tigera-operator + pools
 *           -> node groups (only now, so no node joins before the CNI) -> CoreDNS
 *           -> add-on releases (host network where the control plane calls them; they need nodes)
 *
 * In-cluster resources are `deletedWith` the cluster: destroying everything deletes the cluster, not its
 * objects one by one (the tigera-operator's pre-delete hook would wait for nodes already gone).
 *
 * Logical names come from the component's own name, never from the cluster name: renaming the cluster
 * replaces the EKS cluster (its name is fixed at creation), not the VPC, NAT gateways and roles too.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AddonRoles } from "./addons/addonRoles";
import { ClusterAddons } from "./addons/clusterAddons";
import { CalicoNetworking } from "./calico/calicoNetworking";
import { childOptions } from "./childOptions";
import { runsKubeProxy } from "./calico/dataplane";
import { teamPoolName } from "./calico/installationValues";
import { ControlPlane } from "./cluster/controlPlane";
import { createCoreDns } from "./cluster/coreDns";
import { CALICO_EKS_NAME } from "./config/defaults";
import { CalicoEksConfig } from "./config/types";
import { capacityReport, CapacityReport } from "./net/capacity";
import { parseCidr } from "./net/cidr";
import { VpcNetwork } from "./network/vpcNetwork";
import { NodeRole } from "./nodes/nodeRole";
import { nodeGroupComponentName } from "./nodes/nodeGroupNames";
import { OverlayNodeGroup } from "./nodes/overlayNodeGroup";

export interface CalicoEksClusterArgs {
    /** The resolved, validated stack config (see config/resolve.ts). */
    readonly config: CalicoEksConfig;
}

/** The logical name the program gives the component, whatever the cluster is called (see defaults.ts). */
export { CALICO_EKS_NAME };

/**
 * Aliases that carry a stack over from when the program named the component after its cluster. Children
 * inherit them (their names start with the component's), so no resource sees a replacement. They name
 * the cluster name of this run: upgrade with the cluster name unchanged, then rename.
 */
export function formerNameAliases(clusterName: string): pulumi.Alias[] {
    return clusterName === CALICO_EKS_NAME ? [] : [{ name: clusterName }];
}

export class CalicoEksCluster extends pulumi.ComponentResource {
    public readonly network: VpcNetwork;
    public readonly controlPlane: ControlPlane;
    public readonly calico: CalicoNetworking;
    public readonly nodeGroups: OverlayNodeGroup[];
    public readonly coreDns: aws.eks.Addon;
    public readonly addonRoles: AddonRoles;
    public readonly addons: ClusterAddons;

    public readonly clusterName: pulumi.Output<string>;
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly vpcId: pulumi.Output<string>;
    public readonly vpcCidr: pulumi.Output<string>;
    /** CIDRs of the subnets the nodes live in. */
    public readonly nodeCidrs: pulumi.Output<string[]>;
    /** CIDR of every Calico pool: where pod addresses come from. */
    public readonly podCidrs: pulumi.Output<string[]>;
    /** Each team's pod CIDR, by team name. */
    public readonly teamPodCidrs: pulumi.Output<Record<string, string>>;
    public readonly serviceCidr: pulumi.Output<string>;
    public readonly calicoVersion: pulumi.Output<string>;
    public readonly podCapacity: pulumi.Output<CapacityReport>;

    constructor(name: string, args: CalicoEksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:index:CalicoEksCluster", name, {}, opts);
        const { config } = args;
        const clusterName = config.controlPlane.clusterName;

        // What the whole cluster waits for and is deleted with, every resource in it waits for and is deleted
        // with (Pulumi passes neither to children by itself); in-cluster ones are deleted with the cluster.
        const child = (extra?: pulumi.CustomResourceOptions) => childOptions(this, opts, extra);
        this.network = new VpcNetwork(`${name}-network`, { network: config.network, clusterName, tags: config.security.tags }, child());

        this.controlPlane = new ControlPlane(
            name,
            {
                controlPlane: config.controlPlane,
                vpcId: this.network.vpcId,
                privateSubnetIds: this.network.privateSubnetIds,
                publicSubnetIds: this.network.publicSubnetIds,
                security: config.security,
                kubeProxy: runsKubeProxy(config.calico.dataplane),
            },
            child(),
        );
        const inCluster = (extra?: pulumi.CustomResourceOptions) => child({ provider: this.controlPlane.provider, deletedWith: this.controlPlane.cluster, ...extra });

        this.calico = new CalicoNetworking(
            `${name}-calico`,
            {
                kubeconfig: this.controlPlane.kubeconfig,
                ipPools: config.ipPools,
                teams: config.teams,
                calicoVersion: config.calico.version,
                chartSource: config.chartSource,
                dataplane: config.calico.dataplane,
            },
            inCluster(),
        );

        if (!config.nodeAccess.requireImdsv2) {
            // The hop limit applies to IMDSv2 tokens only: with IMDSv1 allowed, overlay pods can read the node
            // role's credentials again.
            pulumi.log.warn("requireImdsv2 is false: overlay pods can reach the node role's credentials through IMDSv1", this);
        }
        const nodeRole = new NodeRole(`${name}-node`, { ssmAccess: config.security.nodeSsmAccess, tags: config.security.tags }, child());
        this.nodeGroups = config.nodeGroups.map(
            group =>
                new OverlayNodeGroup(
                    nodeGroupComponentName(name, group.name),
                    {
                        clusterName: this.controlPlane.clusterName,
                        kubeconfig: this.controlPlane.kubeconfig,
                        serviceCidr: config.controlPlane.serviceCidr,
                        kubernetesVersion: config.controlPlane.kubernetesVersion,
                        nodeRoleArn: nodeRole.arn,
                        subnetIds: this.network.privateSubnetIds,
                        group,
                        nodeAccess: config.nodeAccess,
                        tags: config.security.tags,
                    },
                    // A node that joins before the CNI never becomes Ready.
                    child({ dependsOn: this.calico.readyForNodes }),
                ),
        );

        this.coreDns = createCoreDns(
            `${name}-coredns`,
            { clusterName: this.controlPlane.clusterName, tags: config.security.tags },
            child({ dependsOn: [this.nodeGroups[0].nodeGroup] }),
        );

        this.addonRoles = new AddonRoles(
            `${name}-addon`,
            { config: config.addons, clusterName, hostedZoneIds: config.addons.externalDns.hostedZoneIds, tags: config.security.tags, oidcProviderArn: this.controlPlane.oidcProviderArn, oidcProviderUrl: this.controlPlane.oidcProviderUrl },
            child(),
        );
        this.addons = new ClusterAddons(
            `${name}-addons`,
            {
                config: config.addons,
                clusterName: this.controlPlane.clusterName,
                region: aws.getRegionOutput({}, { parent: this }).region,
                vpcId: this.network.vpcId,
                kubernetesVersion: config.controlPlane.kubernetesVersion,
                roleArns: this.addonRoles.arns,
                chartSource: config.chartSource,
            },
            // Add-ons need nodes to run on, and now it is right to wait for them to become ready. And CoreDNS
            // first: the load balancer controller (installed first of them) needs cluster DNS to reach AWS, and
            // its Service webhook must not exist before kube-dns is created.
            inCluster({ dependsOn: [...this.nodeGroups.map(g => g.nodeGroup), this.coreDns] }),
        );

        this.clusterName = this.controlPlane.clusterName;
        this.kubeconfig = this.controlPlane.kubeconfig;
        this.vpcId = this.network.vpcId;
        this.vpcCidr = this.network.vpcCidr;
        this.nodeCidrs = this.network.nodeCidrs;
        this.podCidrs = pulumi.output([...config.ipPools.map(p => p.cidr), ...config.teams.map(t => t.cidr)]);
        this.teamPodCidrs = pulumi.output(Object.fromEntries(config.teams.map(t => [t.name, t.cidr])));
        this.serviceCidr = pulumi.output(config.controlPlane.serviceCidr);
        this.calicoVersion = this.calico.operator.version;
        this.podCapacity = pulumi.output(
            capacityReport(
                [
                    ...config.ipPools.map(p => ({ name: p.name, cidr: parseCidr(p.cidr), blockSize: p.blockSize })),
                    ...config.teams.map(t => ({ name: teamPoolName(t), cidr: parseCidr(t.cidr), blockSize: t.blockSize })),
                ],
                Math.max(...config.nodeGroups.map(g => g.maxPods)),
            ),
        );
        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            nodeCidrs: this.nodeCidrs,
            podCidrs: this.podCidrs,
            teamPodCidrs: this.teamPodCidrs,
            serviceCidr: this.serviceCidr,
            calicoVersion: this.calicoVersion,
            podCapacity: this.podCapacity,
        });
    }
}
