/**
 * The pre-flight of a dataplane switch, as a resource the operator release waits for. Its `check` runs on
 * every preview and up, before the release changes: it reads the dataplane the cluster's Installation names
 * and the deployed release's chart version, and fails with every problem dataplaneSwitch.ts finds, naming
 * `dataplane` and the fix. A cluster without Calico yet passes. Kubernetes API only.
 */
import * as pulumi from "@pulumi/pulumi";
import { kubeRequest } from "../cluster/kubeClient";
import { Dataplane } from "../config/types";
import { dataplaneSwitchProblems, runningDataplaneOf } from "./dataplaneSwitch";
import { readCalicoFacts } from "./versionPreflight";

export interface DataplanePreflightArgs {
    /** Kubeconfig (JSON) of the cluster; kept secret. */
    readonly kubeconfig: pulumi.Input<string>;
    /** The dataplane about to be set, and the Calico release about to be installed. */
    readonly dataplane: Dataplane;
    readonly targetVersion: string;
    /** Namespace and name of the tigera-operator Helm release. */
    readonly namespace: string;
    readonly releaseName: string;
    /**
     * Whether this `up` removes kube-proxy itself (CalicoEksCluster deletes its managed add-on once the switch
     * is made). Default false: a BPF target on a cluster still running kube-proxy is refused.
     */
    readonly kubeProxyRemovedHere?: boolean;
}

interface Inputs {
    kubeconfig: string;
    dataplane: Dataplane;
    targetVersion: string;
    namespace: string;
    releaseName: string;
    kubeProxyRemovedHere?: boolean;
}

/** Pulumi's wire sentinel for a value not known yet (a cluster being created): nothing to ask then. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

async function runningDataplane(kubeconfig: string): Promise<string | undefined> {
    const response = await kubeRequest(kubeconfig, "GET", "/apis/operator.tigera.io/v1/installations/default");
    if (response.status === 404) {
        return undefined; // no Calico yet (or not its CRD): nothing to switch from
    }
    if (response.status !== 200) {
        throw new Error(`GET the Installation: HTTP ${response.status}: ${response.body}`);
    }
    return runningDataplaneOf(JSON.parse(response.body));
}

async function kubeProxyExists(kubeconfig: string): Promise<boolean> {
    const response = await kubeRequest(kubeconfig, "GET", "/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy");
    if (response.status !== 200 && response.status !== 404) {
        throw new Error(`GET the kube-proxy DaemonSet: HTTP ${response.status}: ${response.body}`);
    }
    return response.status === 200;
}

/** Exported for tests. */
export const dataplanePreflightProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, news: Inputs) {
        if (typeof news.kubeconfig === "string" && news.kubeconfig !== UNKNOWN) {
            const running = await runningDataplane(news.kubeconfig);
            // The release's version matters only for a switch: no further reads on every other up.
            const switching = running !== undefined && running !== news.dataplane;
            const installedVersion = switching ? (await readCalicoFacts(news)).installedVersion : undefined;
            const kubeProxyRemovedHere = news.kubeProxyRemovedHere === true;
            const kubeProxyRunning = news.dataplane === "BPF" && !kubeProxyRemovedHere ? await kubeProxyExists(news.kubeconfig) : undefined;
            const problems = dataplaneSwitchProblems({ runningDataplane: running, installedVersion, kubeProxyRunning, kubeProxyRemovedHere }, news.dataplane, news.targetVersion);
            if (problems.length > 0) {
                throw new Error(
                    `the dataplane cannot be switched to ${news.dataplane} in this up; nothing was changed:\n` + problems.map(p => `  - calico-eks:${p.key}: ${p.message}. Fix: ${p.fix}`).join("\n"),
                );
            }
        }
        return { inputs: news };
    },
    async diff(_id: string, olds: Inputs, news: Inputs) {
        return { changes: olds.dataplane !== news.dataplane || olds.namespace !== news.namespace || olds.releaseName !== news.releaseName };
    },
    async create(inputs: Inputs) {
        return { id: `${inputs.namespace}/${inputs.releaseName}`, outs: inputs };
    },
    async update(_id: string, _olds: Inputs, news: Inputs) {
        return { outs: news };
    },
    async delete() {
        // Nothing to undo: the check changes nothing.
    },
};

/** Refuses a dataplane switch that one `up` cannot make safely, before the release changes. */
export class DataplanePreflight extends pulumi.dynamic.Resource {
    constructor(name: string, args: DataplanePreflightArgs, opts?: pulumi.CustomResourceOptions) {
        super(dataplanePreflightProvider, name, { ...args, kubeconfig: pulumi.secret(args.kubeconfig) }, opts);
    }
}
