/**
 * Files of the real upstream charts, read from `shared/reference/charts/<chart>-<version>.tgz` beside the
 * checkout (never copied into the repo; referenceCharts.ts finds them).
 */
import { spawnSync } from "child_process";
import * as path from "path";
import * as yaml from "js-yaml";
import { referenceChartsDir } from "./referenceCharts";

export { referenceChartsDir };

/** The text of one file of a chart archive, e.g. ("metrics-server", "3.13.0", "templates/deployment.yaml"). */
export function chartFile(chart: string, version: string, file: string): string {
    const archive = path.join(referenceChartsDir(), `${chart}-${version}.tgz`);
    const result = spawnSync("tar", ["-xzOf", archive, `${chart}/${file}`], { encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`cannot read ${chart}/${file} from ${archive}: ${result.stderr}`);
    }
    return result.stdout;
}

/** The chart's default values. */
export function chartValues(chart: string, version: string): any {
    return yaml.load(chartFile(chart, version, "values.yaml"));
}

/** Every template of a chart archive, concatenated: what a value path must appear in to be read at all. */
export function chartTemplates(chart: string, version: string): string {
    const archive = path.join(referenceChartsDir(), `${chart}-${version}.tgz`);
    const listing = spawnSync("tar", ["-tzf", archive], { encoding: "utf8" });
    if (listing.status !== 0) {
        throw new Error(`cannot list ${archive}: ${listing.stderr}`);
    }
    const prefix = `${chart}/templates/`;
    return listing.stdout
        .split("\n")
        .filter(name => name.startsWith(prefix) && /\.(yaml|tpl)$/.test(name))
        .map(name => chartFile(chart, version, name.slice(chart.length + 1)))
        .join("\n");
}
