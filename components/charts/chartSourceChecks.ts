/**
 * Checks of `chartSource`: a form Helm can pull from, and for a local directory, that it exists and holds
 * every chart this stack installs (at the version it installs), so that `up` does not stop halfway at the
 * first missing chart. Adds to `problems` and never throws; reads the file system only for local sources.
 */
import * as fs from "fs";
import * as path from "path";
import { ADDONS } from "../addons/definitions";
import { CALICO_CHART_REPOSITORY, CALICO_CRD_CHART } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import type { CalicoEksConfig } from "../stack/types";
import { hasSeparateCrdChart } from "../calico/calicoVersions";
import { chartSourceFormProblem, chartSourceKind, Exists, localChart, packagedChartName, UpstreamChart } from "./chartSource";

/** Every chart the stack installs, at the version it installs. */
export function requiredCharts(config: CalicoEksConfig): UpstreamChart[] {
    const calico = config.calico.version;
    return [
        ...(hasSeparateCrdChart(calico) ? [{ chart: CALICO_CRD_CHART, repository: CALICO_CHART_REPOSITORY, version: calico }] : []),
        { chart: "tigera-operator", repository: CALICO_CHART_REPOSITORY, version: calico },
        ...ADDONS.filter(a => config.addons[a.name].enabled).map(a => ({ ...a.chart, version: config.addons[a.name].version })),
    ];
}

const REMOVE = "pulumi config rm chartSource (each chart's upstream repository)";

export function validateChartSource(config: CalicoEksConfig, problems: Problems, exists: Exists = fs.existsSync): void {
    const source = config.chartSource;
    const form = chartSourceFormProblem(source);
    if (form) {
        problems.add("chartSource", form, `${setCommand("chartSource", "oci://<registry>/<prefix>")}, https://<mirror>, a local directory of charts, or ${REMOVE}`);
        return;
    }
    if (chartSourceKind(source) !== "local") {
        return;
    }
    if (!exists(source)) {
        problems.add(
            "chartSource",
            `the chart directory ${source} does not exist (a relative chartSource is relative to the project directory, where Pulumi.yaml is)`,
            `create it and put the charts there (${pullCommand(requiredCharts(config)[0], source)}, one per chart), or ${REMOVE}`,
        );
        return;
    }
    if (/\.tgz$/.test(source) || !isDirectory(source)) {
        problems.add("chartSource", `${source} is a file; chartSource names the directory that holds the charts`, setCommand("chartSource", `'${path.dirname(source)}'`));
        return;
    }
    for (const chart of requiredCharts(config)) {
        if (!localChart(source, chart, exists)) {
            problems.add(
                "chartSource",
                `${source} holds neither ${packagedChartName(chart.chart, chart.version)} nor an unpacked ${chart.chart}/ chart, which this stack installs`,
                `${pullCommand(chart, source)}, or disable what needs it`,
            );
        }
    }
}

function pullCommand(chart: UpstreamChart, directory: string): string {
    return `helm pull ${chart.chart} --repo ${chart.repository} --version ${chart.version} -d '${directory}'`;
}

function isDirectory(file: string): boolean {
    try {
        return fs.statSync(file).isDirectory();
    } catch {
        return false;
    }
}
