/**
 * Pod-address capacity of Calico IP pools. Pure.
 *
 * Calico's IPAM hands each node whole blocks of 2^(32 - blockSize) addresses. Besides its pods, a node takes
 * one address of its own block for its VXLAN tunnel interface, so a node that may run `maxPods` pods needs
 * ceil((maxPods + 1) / blockAddresses) blocks, and a pool of 2^(blockSize - prefix) blocks holds
 * floor(blocks / blocksPerNode) such nodes.
 */
import { Cidr, formatCidr as formatCidrOf } from "./cidr";

export interface PoolCapacity {
    /** Addresses in one block. */
    readonly addressesPerBlock: number;
    /** Blocks the pool is cut into. */
    readonly blocksInPool: number;
    /** Blocks one node needs to run maxPods pods. */
    readonly blocksPerNode: number;
    /** Nodes the pool can give a full set of blocks to. */
    readonly nodesItCanHold: number;
}

/** The node's own address from its block: calico-node assigns the VXLAN tunnel device one (vxlan.calico). */
const VXLAN_TUNNEL_ADDRESSES = 1;

export function poolCapacity(pool: Cidr, blockSize: number, maxPods: number): PoolCapacity {
    const addressesPerBlock = 2 ** (32 - blockSize);
    const blocksInPool = blockSize >= pool.prefix ? 2 ** (blockSize - pool.prefix) : 0;
    const blocksPerNode = Math.max(1, Math.ceil((maxPods + VXLAN_TUNNEL_ADDRESSES) / addressesPerBlock));
    return {
        addressesPerBlock,
        blocksInPool,
        blocksPerNode,
        nodesItCanHold: Math.floor(blocksInPool / blocksPerNode),
    };
}

/**
 * Memory the kubelet reserves for system daemons, in MiB, by the EKS AMI formula (255 MiB + 11 MiB per pod).
 * nodeadm computes it from the ENI-derived pod limit unless told otherwise, which under an overlay is far
 * below the real pod count, so we state it for the maxPods we configure.
 */
export function kubeReservedMemoryMiB(maxPods: number): number {
    return 255 + 11 * maxPods;
}

export interface PoolCapacityReport {
    readonly name: string;
    readonly cidr: string;
    readonly blockSize: number;
    readonly blocksPerNode: number;
    readonly nodesItCanHold: number;
}

export interface CapacityReport {
    /** The largest maxPods of any node group: what every pool must serve a node with. */
    readonly maxPodsPerNode: number;
    readonly pools: PoolCapacityReport[];
}

/** Capacity of each pool for nodes running `maxPodsPerNode` pods (the stack output `podCapacity`). */
export function capacityReport(pools: readonly { name: string; cidr: Cidr; blockSize: number }[], maxPodsPerNode: number): CapacityReport {
    return {
        maxPodsPerNode,
        pools: pools.map(p => {
            const c = poolCapacity(p.cidr, p.blockSize, maxPodsPerNode);
            return { name: p.name, cidr: `${formatCidrOf(p.cidr)}`, blockSize: p.blockSize, blocksPerNode: c.blocksPerNode, nodesItCanHold: c.nodesItCanHold };
        }),
    };
}
