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
