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
import { hostPortPlan, PortOwner } from "./addons/hostPorts";
import { CalicoNetworking } from "./calico/calicoNetworking";
import { systemHostPorts } from "./calico/calicoHostPorts";
import { childOptions } from "./childOptions";
import { runsKubeProxy } from "./calico/dataplane";
import { teamPoolName } from "./calico/installationValues";
import {
    argsErrorMessage,
    ComponentArgsError,
    problemsWorded,
    CalicoEksClusterArgs,
    checkDeferred,
    componentNameProblems,
    DeferrableKey,
    DeferredValues,
    formatArgProblem,
    resolveClusterArgs,
    ResolvedClusterArgs,
    wordingOf,
} from "./clusterArgs";
import { registerCluster, registration } from "./clusterRegistry";
import { ControlPlane } from "./cluster/controlPlane";
import { createCoreDns } from "./cluster/coreDns";
import { CALICO_EKS_NAME } from "./config/defaults";
import { ConfigProblem, ConfigValidationError, formatProblem } from "./config/problems";
import { capacityReport, CapacityReport } from "./net/capacity";
import { parseCidr } from "./net/cidr";
import { VpcNetwork } from "./network/vpcNetwork";
import { NodeRole } from "./nodes/nodeRole";
import { nodeGroupComponentName } from "./nodes/nodeGroupNames";
import { OverlayNodeGroup } from "./nodes/overlayNodeGroup";

export { CalicoEksClusterArgs };

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

/** What CalicoEksCluster refuses: one error on it listing every problem (`problems` holds them, each with key and fix). */
export class CalicoEksClusterError extends ComponentArgsError {}

/** A team's pool as app stacks see it. */
export interface TeamPoolOutput {
    readonly name: string;
    readonly cidr: string;
    readonly blockSize: number;
    readonly namespaces: string[];
    /** The Calico IPPool's name (what the namespaces' annotation names). */
    readonly poolName: string;
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
    /** The API server's URL (https://...). */
    public readonly clusterEndpoint: pulumi.Output<string>;
    /** The security group EKS created for the cluster: the control plane's ENIs and every managed node carry it. */
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** ARN of the cluster's IAM OIDC provider: the federated principal of an app's IRSA role trust policy. */
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** The OIDC issuer URL (https://oidc.eks.<region>.amazonaws.com/id/...). */
    public readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The issuer without https://: the prefix of an IRSA trust policy's condition keys (`<this>:sub`). */
    public readonly oidcProviderUrl: pulumi.Output<string>;
    /** ARN of the IAM role every node group's instances assume. */
    public readonly nodeRoleArn: pulumi.Output<string>;
    /** Every port bound on the nodes' own network namespace, and by whom (system components and enabled add-ons). */
    public readonly hostPorts: pulumi.Output<PortOwner[]>;
    /** The teams' pools: name, CIDR, block size, namespaces and the Calico pool name. */
    public readonly teamPools: pulumi.Output<TeamPoolOutput[]>;

    /**
     * @param name the logical name; every child's name starts with it, so two clusters in one program need two names.
     * @param args the stack config's keys, all optional (see CalicoEksClusterArgs). Every problem is reported at
     *   once, as one CalicoEksClusterError on this component, before any child exists; an Output-valued argument is
     *   checked when it resolves, before any resource takes it.
     */
    constructor(name: string, args: CalicoEksClusterArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:index:CalicoEksCluster", name, {}, opts);
        const wording = wordingOf(args);
        const fail = (problems: readonly ConfigProblem[]) => new CalicoEksClusterError(argsErrorMessage(`CalicoEksCluster "${name}"`, problems, wording), this, problemsWorded(problems, wording));
        // The region validation checks AZ names against: the stack's aws:region (the default provider's).
        const context = { region: aws.config.region };
        let resolved: ResolvedClusterArgs;
        try {
            resolved = resolveClusterArgs(args, context);
        } catch (err) {
            throw err instanceof ConfigValidationError ? fail(err.problems) : err;
        }
        const { config } = resolved;
        const clusterName = config.controlPlane.clusterName;
        const deferred = (key: DeferrableKey) => resolved.deferredKeys.includes(key);
        const tooLong = componentNameProblems(name, config);
        if (tooLong.length) {
            throw fail(tooLong);
        }
        // Only now, with a valid config: checked against the other clusters of this program.
        const clash = registerCluster(registration(name, config, deferred("existingVpcId") ? "(output)" : config.network.existingVpcId));
        if (clash.length) {
            throw fail(clash);
        }
        if (wording === "args") {
            // The stack-config program logs its warnings itself, worded for the stack.
            resolved.warnings.forEach(w => pulumi.log.warn(formatArgProblem(`CalicoEksCluster "${name}"`, w), this));
        }
        // Output-valued arguments: validated with the rest once they resolve; every resource that takes one takes
        // it from here, so none is created with a value that fails the checks.
        const checked: pulumi.Output<DeferredValues> | undefined = resolved.deferredKeys.length
            ? pulumi.all(resolved.deferredInputs as Record<string, pulumi.Input<unknown>>).apply(values => {
                  const result = checkDeferred(resolved, values as DeferredValues, context);
                  result.warnings.forEach(w => pulumi.log.warn(wording === "stack" ? formatProblem(w) : formatArgProblem(`CalicoEksCluster "${name}"`, w), this));
                  if (result.problems.length) {
                      throw fail(result.problems);
                  }
                  return values as DeferredValues;
              })
            : undefined;
        const late = <K extends DeferrableKey>(key: K): pulumi.Output<NonNullable<DeferredValues[K]>> | undefined =>
            checked && deferred(key) ? (checked.apply(v => v[key]) as pulumi.Output<NonNullable<DeferredValues[K]>>) : undefined;
        const tags = late("tags") ?? config.security.tags;

        // What the whole cluster waits for and is deleted with, every resource in it waits for and is deleted
        // with (Pulumi passes neither to children by itself); in-cluster ones are deleted with the cluster.
        const child = (extra?: pulumi.CustomResourceOptions) => childOptions(this, opts, extra);
        this.network = new VpcNetwork(
            `${name}-network`,
            {
                network: config.network,
                clusterName,
                tags,
                existing: { vpcId: late("existingVpcId"), privateSubnetIds: late("existingPrivateSubnetIds"), publicSubnetIds: late("existingPublicSubnetIds") },
            },
            child(),
        );

        this.controlPlane = new ControlPlane(
            name,
            {
                controlPlane: config.controlPlane,
                vpcId: this.network.vpcId,
                privateSubnetIds: this.network.privateSubnetIds,
                publicSubnetIds: this.network.publicSubnetIds,
                security: config.security,
                tags: late("tags"),
                secretsKmsKeyArn: late("secretsKmsKeyArn"),
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
                wireguard: config.calico.wireguard,
                calicoMetrics: config.calico.metrics,
                felixMetricsPort: config.calico.felixMetricsPort,
                typhaMetricsPort: config.calico.typhaMetricsPort,
                // What its own checks hold the pools against: this cluster's networks, not the defaults.
                vpcCidr: config.network.vpcCidr,
                serviceCidr: config.controlPlane.serviceCidr,
                dataplane: config.calico.dataplane,
                // Under BPF the kube-proxy managed add-on is left out, so this up deletes it.
                removesKubeProxy: !runsKubeProxy(config.calico.dataplane),
            },
            inCluster(),
        );

        if (!config.nodeAccess.requireImdsv2) {
            // The hop limit applies to IMDSv2 tokens only: with IMDSv1 allowed, overlay pods can read the node
            // role's credentials again.
            pulumi.log.warn("requireImdsv2 is false: overlay pods can reach the node role's credentials through IMDSv1", this);
        }
        const nodeRole = new NodeRole(`${name}-node`, { ssmAccess: config.security.nodeSsmAccess, tags }, child());
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
                        tags,
                    },
                    // A node that joins before the CNI never becomes Ready.
                    child({ dependsOn: this.calico.readyForNodes }),
                ),
        );

        this.coreDns = createCoreDns(`${name}-coredns`, { clusterName: this.controlPlane.clusterName, tags }, child({ dependsOn: [this.nodeGroups[0].nodeGroup] }));

        this.addonRoles = new AddonRoles(
            `${name}-addon`,
            {
                config: config.addons,
                clusterName,
                hostedZoneIds: config.addons.externalDns.hostedZoneIds,
                tags,
                oidcProviderArn: this.controlPlane.oidcProviderArn,
                oidcProviderUrl: this.controlPlane.oidcProviderUrl,
            },
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
        this.clusterEndpoint = this.kubeconfig.apply(k => String(JSON.parse(k).clusters?.[0]?.cluster?.server ?? ""));
        this.clusterSecurityGroupId = this.controlPlane.cluster.eksCluster.apply(c => (c ? c.vpcConfig.clusterSecurityGroupId : pulumi.output("")));
        this.oidcProviderArn = this.controlPlane.oidcProviderArn;
        this.oidcProviderUrl = this.controlPlane.oidcProviderUrl.apply(url => url.replace(/^https:\/\//, ""));
        this.oidcIssuerUrl = this.oidcProviderUrl.apply(url => `https://${url}`);
        this.nodeRoleArn = nodeRole.arn;
        this.hostPorts = pulumi.output(hostPortPlan(config.addons, systemHostPorts(config.calico)).owners);
        this.teamPools = pulumi.output(config.teams.map(t => ({ name: t.name, cidr: t.cidr, blockSize: t.blockSize, namespaces: [...t.namespaces], poolName: teamPoolName(t) })));
        this.registerOutputs({
            clusterEndpoint: this.clusterEndpoint,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            oidcProviderArn: this.oidcProviderArn,
            oidcProviderUrl: this.oidcProviderUrl,
            oidcIssuerUrl: this.oidcIssuerUrl,
            nodeRoleArn: this.nodeRoleArn,
            hostPorts: this.hostPorts,
            teamPools: this.teamPools,
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
