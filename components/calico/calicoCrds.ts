/**
 * The Calico CRDs of one release, applied by the program before the tigera-operator release, at the
 * version of that release's chart.
 *
 * Why not leave them to Helm: Helm installs a chart's `crds/` folder once and never upgrades it, so after a
 * `calicoVersion` change the new operator would run against the old CRDs. And from v3.32 the CRDs left the
 * tigera-operator chart for the `crd.projectcalico.org.v1` chart. Here both layouts end the same way: the
 * chart that holds the release's CRDs (the operator chart's `crds/` up to v3.31, the CRD chart from v3.32) is
 * rendered, everything but the CustomResourceDefinitions is dropped, and Pulumi applies them server-side
 * (some, the Installation's among them, are too large for a client-side apply's last-applied annotation).
 * The child names do not depend on the chart they came from, so a layout change updates the CRDs in place:
 * a CRD is never deleted and re-created, which would delete every object of its kind.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CALICO_CHART_REPOSITORY, CALICO_CRD_CHART } from "../config/defaults";
import { resolveChart } from "../charts/chartSource";
import { hasSeparateCrdChart } from "./calicoVersions";

/**
 * A Helm post-renderer (stdin: the rendered manifests, stdout: what to apply) that keeps only the
 * CustomResourceDefinition documents. It runs as `node -e`, so it needs nothing but the Node.js that runs
 * the program. A top-level `kind:` starts a line; nested ones (a CRD's `names.kind`) are indented.
 */
export const CRDS_ONLY_POST_RENDERER = [
    'let input = "";',
    'process.stdin.setEncoding("utf8");',
    'process.stdin.on("data", chunk => (input += chunk));',
    'process.stdin.on("end", () => {',
    "    const crds = input.split(/^---[ \\t]*$/m).filter(doc => /^kind:[ \\t]*CustomResourceDefinition[ \\t]*$/m.test(doc));",
    '    process.stdout.write(crds.map(doc => "---\\n" + doc.replace(/^\\r?\\n/, "")).join(""));',
    "});",
].join("\n");

export interface CalicoCrdsArgs {
    /** Calico release (chart version) whose CRDs to apply. */
    readonly version: string;
    /**
     * The same version, resolved once the version pre-flight has passed: the chart is only rendered then.
     * Default `version` (no pre-flight).
     */
    readonly checkedVersion?: pulumi.Input<string>;
    /** Chart source override (see charts/chartSource.ts). Default "" (the Calico chart repository). */
    readonly chartSource?: string;
}

export class CalicoCrds extends pulumi.ComponentResource {
    /** The rendered chart; its children are the CRDs. */
    public readonly chart: k8s.helm.v4.Chart;
    /** The chart the CRDs come from: `tigera-operator` (v3.31) or `crd.projectcalico.org.v1` (v3.32 on). */
    public readonly sourceChart: string;

    constructor(name: string, args: CalicoCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:calico:CalicoCrds", name, {}, opts);
        this.sourceChart = hasSeparateCrdChart(args.version) ? CALICO_CRD_CHART : "tigera-operator";
        const sourceChart = this.sourceChart;
        const chart = pulumi.output(args.checkedVersion ?? args.version).apply(version => resolveChart({ chart: sourceChart, repository: CALICO_CHART_REPOSITORY, version }, args.chartSource ?? ""));
        this.chart = new k8s.helm.v4.Chart(
            // One name for both layouts: see the note at the top.
            name,
            {
                chart: chart.chart,
                version: chart.version,
                repositoryOpts: chart.repositoryOpts,
                postRenderer: { command: process.execPath, args: ["-e", CRDS_ONLY_POST_RENDERER] },
            },
            { parent: this, deletedWith: opts?.deletedWith, dependsOn: opts?.dependsOn },
        );
        this.registerOutputs({ sourceChart: this.sourceChart });
    }
}
