/** Reading a kubeconfig (JSON). Pure. */

export interface ClusterConnection {
    /** API server URL. */
    readonly server: string;
    /** base64 PEM of the cluster CA. */
    readonly certificateAuthorityData: string;
}

/** A kubeconfig's cluster entry: the fields read here. */
export interface KubeconfigCluster {
    readonly server?: string;
    readonly "certificate-authority-data"?: string;
    readonly "insecure-skip-tls-verify"?: boolean;
}

/** A kubeconfig's user entry: the credentials read here. */
export interface KubeconfigUser {
    readonly token?: string;
    readonly "client-certificate-data"?: string;
    readonly "client-key-data"?: string;
    /** An exec credential plugin (client.authentication.k8s.io), such as `aws eks get-token`. */
    readonly exec?: { readonly command: string; readonly args?: string[]; readonly env?: { readonly name: string; readonly value: string }[] };
}

/** A kubeconfig (its JSON form), as far as it is read here: any field may be missing. */
export interface Kubeconfig {
    readonly "current-context"?: string;
    readonly contexts?: { readonly name: string; readonly context?: { cluster?: string; user?: string } }[];
    readonly clusters?: { readonly name: string; readonly cluster?: KubeconfigCluster }[];
    readonly users?: { readonly name: string; readonly user?: KubeconfigUser }[];
}

export interface CurrentContext {
    readonly contextName?: string;
    /** The context entry; undefined when the kubeconfig has none of that name. */
    readonly context?: { cluster?: string; user?: string };
    /** The context's cluster (the first cluster when there is no context). */
    readonly cluster?: KubeconfigCluster;
    /** The context's user; {} when none. */
    readonly user: KubeconfigUser;
}

/** What the kubeconfig's current context points at (the first context when none is current). */
export function currentContext(config: Kubeconfig): CurrentContext {
    const byName = <T extends { readonly name: string }>(list: T[] | undefined, name: string | undefined) => (list ?? []).find(item => item.name === name);
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
