/** Reading a kubeconfig (JSON). Pure. */

export interface ClusterConnection {
    /** API server URL. */
    readonly server: string;
    /** base64 PEM of the cluster CA. */
    readonly certificateAuthorityData: string;
}

export interface CurrentContext {
    readonly contextName?: string;
    /** The context entry; undefined when the kubeconfig has none of that name. */
    readonly context?: { cluster?: string; user?: string };
    /** The context's cluster (the first cluster when there is no context). */
    readonly cluster?: any;
    /** The context's user; {} when none. */
    readonly user: any;
}

/** What the kubeconfig's current context points at (the first context when none is current). */
export function currentContext(config: any): CurrentContext {
    const byName = (list: any[] | undefined, name: string | undefined) => (list ?? []).find(item => item.name === name);
    const contextName = config["current-context"] ?? config.contexts?.[0]?.name;
    const context = byName(config.contexts, contextName)?.context;
    return {
        contextName,
        context,
        cluster: byName(config.clusters, context?.cluster ?? config.clusters?.[0]?.name)?.cluster,
        user: byName(config.users, context?.user)?.user ?? {},
    };
}

/** The server and CA of the kubeconfig's current context. */
export function clusterConnection(kubeconfigJson: string): ClusterConnection {
    const { cluster } = currentContext(JSON.parse(kubeconfigJson));
    if (!cluster?.server || !cluster["certificate-authority-data"]) {
        throw new Error("the cluster's kubeconfig has no server or certificate-authority-data");
    }
    return { server: cluster.server, certificateAuthorityData: cluster["certificate-authority-data"] };
}
