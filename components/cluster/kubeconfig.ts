/** Reading a kubeconfig (JSON). Pure. */

export interface ClusterConnection {
    /** API server URL. */
    readonly server: string;
    /** base64 PEM of the cluster CA. */
    readonly certificateAuthorityData: string;
}

/** The server and CA of the kubeconfig's current context. */
export function clusterConnection(kubeconfigJson: string): ClusterConnection {
    const config = JSON.parse(kubeconfigJson);
    const contextName = config["current-context"] ?? config.contexts?.[0]?.name;
    const clusterName = (config.contexts ?? []).find((c: any) => c.name === contextName)?.context?.cluster ?? config.clusters?.[0]?.name;
    const cluster = (config.clusters ?? []).find((c: any) => c.name === clusterName)?.cluster;
    if (!cluster?.server || !cluster["certificate-authority-data"]) {
        throw new Error("the cluster's kubeconfig has no server or certificate-authority-data");
    }
    return { server: cluster.server, certificateAuthorityData: cluster["certificate-authority-data"] };
}
