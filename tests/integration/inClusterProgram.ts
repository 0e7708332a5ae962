/**
 * The in-cluster half of CalicoEksCluster, which a plain API server can host with the real engine: the same
 * config validation as `pulumi up`, then CalicoNetworking (aws-node removal, the tigera-operator release with
 * the pools, team namespaces) and ClusterAddons (the add-on releases), from the real upstream charts packaged
 * beside the checkout (shared/reference/charts, the chart source a mirrored install would use). The cluster's
 * kubeconfig comes from the `test:kubeconfig` secret. AWS-only inputs (region, VPC, roles) are fixed values.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAddons } from "../../components/addons/clusterAddons";
import { CalicoNetworking } from "../../components/calico/calicoNetworking";
import { resolveConfig } from "../../components/stack/resolve";
import { stackConfig } from "../../components/program";
import { referenceChartsDir } from "../support/referenceCharts";

export async function inClusterProgram() {
    const config = resolveConfig(stackConfig());
    const kubeconfig = new pulumi.Config("test").requireSecret("kubeconfig");
    const provider = new k8s.Provider("local", { kubeconfig });
    const calico = new CalicoNetworking(
        "calico",
        {
            kubeconfig,
            ipPools: config.ipPools,
            teams: config.teams,
            calicoVersion: config.calico.version,
            chartSource: referenceChartsDir(),
            wireguard: config.calico.wireguard,
            calicoMetrics: config.calico.metrics,
            felixMetricsPort: config.calico.felixMetricsPort,
            typhaMetricsPort: config.calico.typhaMetricsPort,
            dataplane: config.calico.dataplane,
        },
        { provider },
    );
    new ClusterAddons(
        "addons",
        {
            config: config.addons,
            clusterName: config.controlPlane.clusterName,
            region: "us-west-2",
            vpcId: "vpc-0123456789abcdef0",
            kubernetesVersion: config.controlPlane.kubernetesVersion,
            roleArns: { loadBalancerController: "arn:aws:iam::123456789012:role/test-lbc" },
            chartSource: referenceChartsDir(),
            // No kubelet here: no pod ever becomes ready, so the add-ons cannot be waited for.
            waitForReady: false,
        },
        { provider, dependsOn: calico.readyForNodes },
    );
    return {
        removedOnLastRun: calico.awsNodeRemoval.removedOnLastRun,
        podCidrs: config.ipPools.map(p => p.cidr),
        calicoVersion: calico.operator.version,
        ...(calico.metricsMonitors ? { serviceMonitorsApplied: calico.metricsMonitors.applied } : {}),
    };
}
