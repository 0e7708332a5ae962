/**
 * The real upstream charts, packaged as `<chart>-<version>.tgz`, read from `shared/reference/charts` beside
 * the checkout (never copied into the repo). CALICO_EKS_CHARTS_DIR overrides the location.
 */
import * as fs from "fs";
import * as path from "path";
import { projectDir } from "../../automation/stackFiles";

export function referenceChartsDir(): string {
    const dir = path.resolve(process.env.CALICO_EKS_CHARTS_DIR ?? path.join(projectDir(), "..", "shared", "reference", "charts"));
    if (!fs.existsSync(dir)) {
        throw new Error(`reference charts not found at ${dir}: check out shared/ beside the repository or set CALICO_EKS_CHARTS_DIR`);
    }
    return dir;
}
