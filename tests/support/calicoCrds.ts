/**
 * The real Calico CRDs of each supported release, read from the packaged charts in `shared/reference/charts`
 * beside the checkout (never copied into the repo): up to v3.31 the tigera-operator chart's `crds/` folder,
 * from v3.32 the `crd.projectcalico.org.v1` chart's templates. CALICO_EKS_CHARTS_DIR overrides the location.
 */
import * as path from "path";
import * as yaml from "js-yaml";
import { CALICO_CRD_CHART, CALICO_VERSION } from "../../components/config/defaults";
import { hasSeparateCrdChart } from "../../components/calico/calicoVersions";
import { packagedChartName } from "../../components/charts/chartSource";
import { referenceChartsDir } from "./referenceCharts";
import { readTarball } from "./tarball";

/** Every CRD of a Calico release, parsed, by file name. */
export function calicoCrds(version: string = CALICO_VERSION): Map<string, any> {
    const separate = hasSeparateCrdChart(version);
    const chart = separate ? CALICO_CRD_CHART : "tigera-operator";
    const folder = separate ? `${chart}/templates/` : `${chart}/crds/`;
    const crds = new Map<string, any>();
    for (const [name, text] of readTarball(path.join(referenceChartsDir(), packagedChartName(chart, version)))) {
        if (name.startsWith(folder) && name.endsWith(".yaml")) {
            for (const doc of yaml.loadAll(text)) {
                if ((doc as any)?.kind === "CustomResourceDefinition") {
                    crds.set(path.basename(name), doc);
                }
            }
        }
    }
    if (crds.size === 0) {
        throw new Error(`no CRDs found in ${packagedChartName(chart, version)}`);
    }
    return crds;
}

/** The openAPIV3Schema of a CRD's storage version. */
export function crdSchema(file: string, version: string = CALICO_VERSION): any {
    const crd = calicoCrds(version).get(file);
    if (!crd) {
        throw new Error(`${file} is not a CRD of Calico ${version}`);
    }
    const served = crd.spec.versions.find((v: any) => v.storage) ?? crd.spec.versions[0];
    return served.schema.openAPIV3Schema;
}
