/**
 * The pre-flight of a Calico version change, as a resource the CRDs and the operator release wait for. Its
 * `check` runs on every preview and up, before any CRD or release is touched: it reads what the cluster
 * holds (the deployed tigera-operator release's chart version, AdminNetworkPolicies, policies of the user's
 * in the operator's tier) and fails with every problem, each naming `calicoVersion` and the fix
 * (upgradeChecks.ts decides). A cluster without Calico yet passes. Kubernetes API only.
 *
 * `checkedVersion` resolves only once the check has passed and this resource is created or updated: the CRDs
 * take their chart from it, so nothing of the new release can be applied before the verdict (a plain
 * dependsOn would not hold the objects a remote component such as helm.v4.Chart registers).
 */
import * as pulumi from "@pulumi/pulumi";
import { KubeObject, kubeRequest } from "../cluster/kubeClient";
import { CalicoClusterFacts, OLD_OPERATOR_TIER, upgradeProblems } from "./upgradeChecks";

export interface VersionPreflightArgs {
    /** Kubeconfig (JSON) of the cluster; kept secret. */
    readonly kubeconfig: pulumi.Input<string>;
    /** The Calico release about to be installed. */
    readonly targetVersion: string;
    /** Namespace and name of the tigera-operator Helm release. */
    readonly namespace: string;
    readonly releaseName: string;
}

interface PreflightInputs {
    kubeconfig: string;
    targetVersion: string;
    namespace: string;
    releaseName: string;
}

/** Helm's record of a release (a Secret labelled owner=helm, name, status, version). */
type HelmReleaseRecord = KubeObject & { readonly metadata: { readonly labels: Record<string, string> }; readonly data?: { readonly release?: string } };
/** A Calico (Global)NetworkPolicy: the field read here. */
type CalicoPolicy = KubeObject & { readonly spec?: { readonly tier?: string } };

/** Pulumi's wire sentinel for a value not known yet (a cluster being created): nothing to ask then. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The items of a list (parsed JSON, typed as far as the caller reads them). */
async function getItems<T extends KubeObject>(kubeconfig: string, apiPath: string): Promise<T[]> {
    const response = await kubeRequest(kubeconfig, "GET", apiPath);
    if (response.status === 404) {
        return []; // the kind is not served: none can exist
    }
    if (response.status !== 200) {
        throw new Error(`GET ${apiPath}: HTTP ${response.status}: ${response.body}`);
    }
    return JSON.parse(response.body).items ?? [];
}

/** The chart version of the deployed release, from Helm's own record (a Secret: base64 of gzipped JSON). */
async function deployedChartVersion(inputs: PreflightInputs): Promise<string | undefined> {
    const zlib = require("zlib") as typeof import("zlib");
    const selector = encodeURIComponent(`owner=helm,name=${inputs.releaseName},status=deployed`);
    const records = await getItems<HelmReleaseRecord>(inputs.kubeconfig, `/api/v1/namespaces/${inputs.namespace}/secrets?labelSelector=${selector}`);
    const latest = records.sort((a, b) => Number(b.metadata.labels.version) - Number(a.metadata.labels.version))[0];
    if (!latest?.data?.release) {
        return undefined;
    }
    const release = JSON.parse(zlib.gunzipSync(Buffer.from(Buffer.from(latest.data.release, "base64").toString("utf8"), "base64")).toString("utf8"));
    return release.chart?.metadata?.version;
}

export async function readCalicoFacts(inputs: PreflightInputs): Promise<CalicoClusterFacts> {
    const names = (items: KubeObject[]) => items.map(i => (i.metadata.namespace ? `${i.metadata.namespace}/${i.metadata.name}` : i.metadata.name));
    const ownedByOperator = (item: KubeObject) => (item.metadata.ownerReferences ?? []).some(o => String(o.apiVersion).startsWith("operator.tigera.io/"));
    const inOperatorTier = async (kind: string) =>
        (await getItems<CalicoPolicy>(inputs.kubeconfig, `/apis/crd.projectcalico.org/v1/${kind}`)).filter(p => p.spec?.tier === OLD_OPERATOR_TIER && !ownedByOperator(p));
    return {
        installedVersion: await deployedChartVersion(inputs),
        adminNetworkPolicies: names(await getItems(inputs.kubeconfig, "/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies")),
        baselineAdminNetworkPolicies: names(await getItems(inputs.kubeconfig, "/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies")),
        ownAllowTigeraPolicies: names([...(await inOperatorTier("globalnetworkpolicies")), ...(await inOperatorTier("networkpolicies"))]),
    };
}

/** Exported for tests. */
export const preflightProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: PreflightInputs, news: PreflightInputs) {
        if (typeof news.kubeconfig === "string" && news.kubeconfig !== UNKNOWN) {
            const problems = upgradeProblems(await readCalicoFacts(news), news.targetVersion);
            if (problems.length > 0) {
                throw new Error(
                    `Calico ${news.targetVersion} cannot be installed on this cluster yet; nothing was changed:\n` +
                        problems.map(p => `  - calico-eks:${p.key}: ${p.message}. Fix: ${p.fix}`).join("\n"),
                );
            }
        }
        return { inputs: news };
    },
    async diff(_id: string, olds: PreflightInputs, news: PreflightInputs) {
        return { changes: olds.targetVersion !== news.targetVersion || olds.namespace !== news.namespace || olds.releaseName !== news.releaseName };
    },
    async create(inputs: PreflightInputs) {
        return { id: `${inputs.namespace}/${inputs.releaseName}`, outs: { ...inputs, checkedVersion: inputs.targetVersion } };
    },
    async update(_id: string, _olds: PreflightInputs, news: PreflightInputs) {
        return { outs: { ...news, checkedVersion: news.targetVersion } };
    },
    async delete() {
        // Nothing to undo: the check changes nothing.
    },
};

/** Refuses a Calico version change the cluster is not ready for, before anything changes. */
export class CalicoVersionPreflight extends pulumi.dynamic.Resource {
    /** The target version, known only once the check passed (see the note at the top). */
    // `declare`: a plain field would be re-initialised after super() and hide the output (ES2022 class fields).
    declare public readonly checkedVersion: pulumi.Output<string>;

    constructor(name: string, args: VersionPreflightArgs, opts?: pulumi.CustomResourceOptions) {
        super(preflightProvider, name, { ...args, kubeconfig: pulumi.secret(args.kubeconfig), checkedVersion: undefined }, opts);
    }
}
