/**
 * Runbook step 2: `kubectl delete daemonset -n kube-system aws-node`, declaratively.
 *
 * A cluster created with bootstrap add-ons (or adopted from elsewhere) runs the VPC CNI as the `aws-node`
 * DaemonSet; it would fight Calico for every pod's network. This resource guarantees the DaemonSet is absent:
 * creating it deletes aws-node when present; every later `up` checks again (in diff) and only then reports a
 * change, so a re-appeared aws-node is removed and an absent one costs nothing. Deleting this resource does
 * nothing: it must not bring the VPC CNI back. Kubernetes API only, no AWS: it runs against any cluster.
 */
import * as pulumi from "@pulumi/pulumi";
import { kubeRequest } from "./kubeClient";

export interface AwsNodeRemovalArgs {
    /** Kubeconfig (JSON) of the cluster; kept secret. */
    readonly kubeconfig: pulumi.Input<string>;
    /** Namespace of the DaemonSet. Default `kube-system`. */
    readonly namespace?: pulumi.Input<string>;
    /** Name of the DaemonSet. Default `aws-node`. */
    readonly daemonSetName?: pulumi.Input<string>;
}

interface RemovalInputs {
    kubeconfig: string;
    namespace: string;
    daemonSetName: string;
}

/** Deletes the DaemonSet if it exists; returns whether it did. 404 on either call means already gone. */
async function ensureAbsent(inputs: RemovalInputs): Promise<boolean> {
    if (!(await isPresent(inputs))) {
        return false;
    }
    const path = daemonSetPath(inputs);
    // Background propagation: the DaemonSet disappears at once and the garbage collector removes its pods.
    const deleted = await kubeRequest(inputs.kubeconfig, "DELETE", path, { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Background" });
    if (deleted.status !== 200 && deleted.status !== 202 && deleted.status !== 404) {
        throw new Error(`DELETE ${path}: HTTP ${deleted.status}: ${deleted.body}`);
    }
    return true;
}

function daemonSetPath(inputs: RemovalInputs): string {
    return `/apis/apps/v1/namespaces/${inputs.namespace}/daemonsets/${inputs.daemonSetName}`;
}

async function isPresent(inputs: RemovalInputs): Promise<boolean> {
    const path = daemonSetPath(inputs);
    const found = await kubeRequest(inputs.kubeconfig, "GET", path);
    if (found.status !== 200 && found.status !== 404) {
        throw new Error(`GET ${path}: HTTP ${found.status}: ${found.body}`);
    }
    return found.status === 200;
}

/**
 * What a dynamic provider receives for a value not known yet (during preview, while the cluster is being
 * created or replaced): Pulumi's wire sentinel for unknowns, not a kubeconfig.
 */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Exported for tests. */
export const removalProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: RemovalInputs) {
        const removed = await ensureAbsent(inputs);
        return { id: `${inputs.namespace}/${inputs.daemonSetName}`, outs: { ...inputs, removedOnLastRun: removed } };
    },
    async diff(_id: string, olds: RemovalInputs, news: RemovalInputs) {
        const target = (x: RemovalInputs) => `${x.namespace}/${x.daemonSetName}`;
        if (target(olds) !== target(news)) {
            return { changes: true, replaces: ["namespace", "daemonSetName"] };
        }
        // An unknown kubeconfig (cluster being replaced) cannot be asked; the update will run then.
        if (typeof news.kubeconfig !== "string" || news.kubeconfig === UNKNOWN) {
            return { changes: true };
        }
        return { changes: await isPresent(news) };
    },
    async update(_id: string, _olds: RemovalInputs, news: RemovalInputs) {
        return { outs: { ...news, removedOnLastRun: await ensureAbsent(news) } };
    },
    async delete() {
        // Deliberately nothing: removing this step must not reinstall the VPC CNI.
    },
};

/** Guarantees that no `aws-node` DaemonSet (the AWS VPC CNI) runs in the cluster. */
export class AwsNodeRemoval extends pulumi.dynamic.Resource {
    /** Whether the last create/update found and deleted the DaemonSet. */
    // `declare`: a plain field would be re-initialised to undefined after super() (ES2022 class fields)
    // and hide the output the base constructor set.
    declare public readonly removedOnLastRun: pulumi.Output<boolean>;

    constructor(name: string, args: AwsNodeRemovalArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            removalProvider,
            name,
            {
                kubeconfig: pulumi.secret(args.kubeconfig),
                namespace: args.namespace ?? "kube-system",
                daemonSetName: args.daemonSetName ?? "aws-node",
                removedOnLastRun: undefined,
            },
            opts,
        );
    }
}
