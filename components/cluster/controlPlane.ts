/**
 * Runbook step 1: `eksctl create cluster --without-nodegroup`: an EKS control plane with no node group and
 * no VPC CNI. `bootstrapSelfManagedAddons: false` keeps EKS from installing aws-node, kube-proxy and
 * CoreDNS itself; kube-proxy comes back as a managed add-on, CoreDNS later (it needs nodes), and the VPC CNI
 * never. Also an OIDC provider, so add-ons get IAM roles through IRSA instead of the node role.
 */
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ControlPlaneConfig, SecurityConfig } from "../config/types";
import { childOptions } from "../childOptions";
import { StackTags, withTags } from "../tags";
import { createControlPlaneLogGroup } from "./controlPlaneLogs";
import { createSecretsKey } from "./secretsKey";

export interface ControlPlaneArgs {
    /** Name, version, service CIDR and endpoint access. */
    readonly controlPlane: ControlPlaneConfig;
    /** VPC the control plane's ENIs live in. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets the control plane's ENIs and the nodes use. */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Subnets for internet-facing load balancers (may be empty for a private cluster). */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Control-plane logs, secrets encryption and the stack's tags. */
    readonly security: SecurityConfig;
    /** The stack's tags when they come from another resource or stack (instead of `security.tags`). */
    readonly tags?: StackTags;
    /** The secrets key's ARN when it comes from another resource or stack (instead of `security.secretsKmsKeyArn`). */
    readonly secretsKmsKeyArn?: pulumi.Input<string>;
    /**
     * Whether the kube-proxy managed add-on exists. Default true; false under Calico's eBPF dataplane, which
     * replaces kube-proxy (turned off on a running cluster, the add-on and its DaemonSet are deleted).
     */
    readonly kubeProxy?: boolean;
}

export class ControlPlane extends pulumi.ComponentResource {
    public readonly cluster: eks.Cluster;
    /** Kubernetes provider for everything in the cluster. */
    public readonly provider: k8s.Provider;
    public readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig as JSON text. */
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** OIDC issuer without the scheme (the IRSA trust policy's condition key prefix). */
    public readonly oidcProviderUrl: pulumi.Output<string>;
    /** The log group EKS writes control-plane logs to, when logging is on. */
    public readonly logGroup?: aws.cloudwatch.LogGroup;
    /** The KMS key created for secrets encryption, when the stack names none. */
    public readonly secretsKey?: aws.kms.Key;

    constructor(name: string, args: ControlPlaneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:cluster:ControlPlane", name, {}, opts);
        const cp = args.controlPlane;
        const security = args.security;
        const tags = withTags(args.tags ?? security.tags);
        const logging = security.controlPlaneLogTypes.length > 0;
        if (logging) {
            this.logGroup = createControlPlaneLogGroup(name, cp.clusterName, security.controlPlaneLogRetentionDays, tags, childOptions(this, opts));
        }
        if (security.secretsEncryption && !security.secretsKmsKeyArn && args.secretsKmsKeyArn === undefined) {
            this.secretsKey = createSecretsKey(name, cp.clusterName, tags, childOptions(this, opts));
        }
        const secretsKeyArn = security.secretsEncryption ? (this.secretsKey?.arn ?? args.secretsKmsKeyArn ?? security.secretsKmsKeyArn) : undefined;
        this.cluster = new eks.Cluster(
            name,
            {
                name: cp.clusterName,
                version: cp.kubernetesVersion,
                vpcId: args.vpcId,
                privateSubnetIds: args.privateSubnetIds,
                publicSubnetIds: args.publicSubnetIds,
                kubernetesServiceIpAddressRange: cp.serviceCidr,
                endpointPublicAccess: cp.endpointPublicAccess,
                endpointPrivateAccess: cp.endpointPrivateAccess,
                // @pulumi/eks throws when the list is given with the public endpoint off (even the default one).
                publicAccessCidrs: cp.endpointPublicAccess ? cp.publicAccessCidrs : undefined,
                // Node groups come later, after the CNI; a default group would join before Calico exists.
                skipDefaultNodeGroup: true,
                createOidcProvider: true,
                authenticationMode: eks.AuthenticationMode.Api,
                // Default off: no aws-node, no self-managed kube-proxy/CoreDNS from EKS itself. Read only when the
                // cluster is created: @pulumi/eks ignores later changes (ignoreChanges), so a change does nothing
                // until the cluster is destroyed and created again.
                bootstrapSelfManagedAddons: cp.bootstrapSelfManagedAddons,
                // "Default" here means: the component installs no VPC CNI of its own either.
                useDefaultVpcCni: true,
                kubeProxyAddonOptions: { enabled: args.kubeProxy ?? true },
                // CoreDNS needs nodes; CalicoEksCluster adds it after the first node group.
                corednsAddonOptions: { enabled: false },
                // Off (an empty list) is left out rather than passed empty, as before these settings existed.
                enabledClusterLogTypes: logging ? security.controlPlaneLogTypes : undefined,
                // Fixed once the cluster has it: EKS can add a key to a cluster, never remove or change it.
                encryptionConfigKeyArn: secretsKeyArn,
                // `tags` reaches every AWS resource the component creates (cluster role, security groups, OIDC
                // provider); `clusterTags` the EKS cluster itself.
                tags,
                clusterTags: tags,
            },
            // EKS would create the log group itself (no retention) if the cluster came first.
            childOptions(this, opts, { dependsOn: this.logGroup ? [this.logGroup] : undefined }),
        );
        // The name is ours (set above); taking it through an output of the cluster makes everything that
        // uses it wait for the cluster to exist.
        // (The kubeconfig is secret; the name is not.)
        this.clusterName = pulumi.unsecret(this.cluster.kubeconfigJson.apply(() => cp.clusterName));
        this.kubeconfig = pulumi.secret(this.cluster.kubeconfigJson);
        this.oidcProviderArn = this.cluster.oidcProviderArn;
        this.oidcProviderUrl = this.cluster.oidcProviderUrl;
        this.provider = new k8s.Provider(
            name,
            {
                kubeconfig: this.kubeconfig,
                // Once the cluster is gone its objects are too; do not fail refresh/destroy on an unreachable API.
                deleteUnreachable: true,
            },
            { parent: this },
        );
        this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig, oidcProviderArn: this.oidcProviderArn });
    }
}
