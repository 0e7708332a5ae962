/**
 * The network EKS runs in: a new VPC laid out like eksctl's (public and private subnets per AZ, an
 * internet gateway, NAT for the private side), or an existing VPC's IDs passed through. Nodes live in the
 * private subnets; pods do not use VPC addresses at all (Calico's pools are outside the VPC).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkConfig } from "../config/types";
import { planSubnets } from "../net/subnetPlan";
import { childOptions } from "../childOptions";
import { StackTags, withTags } from "../tags";

export interface VpcNetworkArgs {
    /** The network part of the stack config. */
    readonly network: NetworkConfig;
    /** EKS cluster name, for the subnet tags the load balancer controller discovers subnets by. */
    readonly clusterName: string;
    /** The stack's tags, for every resource created here (under each one's own). */
    readonly tags: StackTags;
    /**
     * The existing VPC's IDs when they come from another resource or stack (CalicoEksCluster's Output-valued
     * arguments, checked before they get here); `network` then holds stand-ins that only say "existing VPC".
     */
    readonly existing?: { readonly vpcId?: pulumi.Input<string>; readonly privateSubnetIds?: pulumi.Input<string[]>; readonly publicSubnetIds?: pulumi.Input<string[]> };
}

export class VpcNetwork extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly vpcCidr: pulumi.Output<string>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** CIDRs of the subnets nodes live in. */
    public readonly nodeCidrs: pulumi.Output<string[]>;

    constructor(name: string, args: VpcNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:network:VpcNetwork", name, {}, opts);
        const { network } = args;
        if (network.existingVpcId) {
            const existing = args.existing ?? {};
            this.vpcId = pulumi.output(existing.vpcId ?? network.existingVpcId);
            this.vpcCidr = pulumi.output(network.vpcCidr);
            this.publicSubnetIds = pulumi.output(existing.publicSubnetIds ?? network.existingPublicSubnetIds);
            this.privateSubnetIds = pulumi.output(existing.privateSubnetIds ?? network.existingPrivateSubnetIds);
            const cidrsOf = (ids: string[]) => pulumi.all(ids.map(id => aws.ec2.getSubnetOutput({ id }, { parent: this }).cidrBlock));
            this.nodeCidrs = existing.privateSubnetIds === undefined ? cidrsOf(network.existingPrivateSubnetIds) : this.privateSubnetIds.apply(cidrsOf);
        } else {
            const created = this.createVpc(name, args, opts);
            this.vpcId = created.vpc.id;
            this.vpcCidr = created.vpc.cidrBlock;
            this.publicSubnetIds = pulumi.all(created.publicSubnets.map(s => s.id));
            this.privateSubnetIds = pulumi.all(created.privateSubnets.map(s => s.id));
            this.nodeCidrs = pulumi.all(created.privateSubnets.map(s => s.cidrBlock));
        }
        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            nodeCidrs: this.nodeCidrs,
        });
    }

    private createVpc(name: string, { network, clusterName, tags: stackTags }: VpcNetworkArgs, componentOpts?: pulumi.ComponentResourceOptions) {
        const opts = childOptions(this, componentOpts);
        const azCount = network.availabilityZones.length || network.availabilityZoneCount;
        const azNames: pulumi.Output<string[]> = network.availabilityZones.length
            ? pulumi.output(network.availabilityZones)
            : aws.getAvailabilityZonesOutput({ state: "available" }, opts).names.apply(names => {
                  if (names.length < azCount) {
                      throw new Error(`the region has ${names.length} available AZs; set calico-eks:availabilityZoneCount to at most ${names.length}`);
                  }
                  return names.slice(0, azCount);
              });
        const plan = planSubnets(network.vpcCidr, azCount);
        const clusterTag = { [`kubernetes.io/cluster/${clusterName}`]: "shared" };
        const tags = (own: Record<string, string>) => withTags(stackTags, own);

        const vpc = new aws.ec2.Vpc(name, { cidrBlock: network.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags({ Name: name }) }, opts);
        const gateway = new aws.ec2.InternetGateway(name, { vpcId: vpc.id, tags: tags({ Name: name }) }, opts);
        const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }], tags: tags({ Name: `${name}-public` }) }, opts);

        /** One subnet of a tier in the i-th AZ, tagged for load balancer discovery, routed by `routeTableId`. */
        const subnet = (tier: "public" | "private", i: number, cidrBlock: string, routeTableId: (subnetName: string) => pulumi.Input<string>) => {
            const subnetName = `${name}-${tier}-${i}`;
            const created = new aws.ec2.Subnet(
                subnetName,
                {
                    vpcId: vpc.id,
                    cidrBlock,
                    availabilityZone: azNames[i],
                    mapPublicIpOnLaunch: tier === "public" ? true : undefined,
                    // Internet-facing load balancers go in public subnets; internal ones, and the nodes, in private ones.
                    tags: tags({ Name: subnetName, [tier === "public" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1", ...clusterTag }),
                },
                opts,
            );
            new aws.ec2.RouteTableAssociation(subnetName, { subnetId: created.id, routeTableId: routeTableId(subnetName) }, opts);
            return created;
        };

        const publicSubnets = plan.publicCidrs.map((cidrBlock, i) => subnet("public", i, cidrBlock, () => publicRoutes.id));

        const natCount = network.natGateways === "perAz" ? azCount : 1;
        const natGateways = publicSubnets.slice(0, natCount).map((subnet, i) => {
            const ip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc", tags: tags({ Name: `${name}-nat-${i}` }) }, opts);
            return new aws.ec2.NatGateway(`${name}-nat-${i}`, { subnetId: subnet.id, allocationId: ip.id, tags: tags({ Name: `${name}-nat-${i}` }) }, { ...opts, dependsOn: [gateway] });
        });

        const privateSubnets = plan.privateCidrs.map((cidrBlock, i) =>
            subnet("private", i, cidrBlock, subnetName => {
                const nat = natGateways[i % natGateways.length];
                return new aws.ec2.RouteTable(subnetName, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: tags({ Name: subnetName }) }, opts).id;
            }),
        );
        return { vpc, publicSubnets, privateSubnets };
    }
}
