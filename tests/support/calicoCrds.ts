/**
 * The real Calico v3.31.2 CRDs, read from `shared/reference` beside the checkout (never copied into the
 * repo). CALICO_CRDS_DIR overrides the location.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { projectDir } from "../../automation/stackFiles";

export function calicoCrdsDir(): string {
    const dir = process.env.CALICO_CRDS_DIR ?? path.join(projectDir(), "..", "shared", "reference", "calico-v3.31.2", "crds");
    if (!fs.existsSync(dir)) {
        throw new Error(`Calico CRDs not found at ${dir}: check out shared/ beside the repository or set CALICO_CRDS_DIR`);
    }
    return dir;
}

/** Every CRD file of the operator chart and of crd.projectcalico.org, as parsed objects. */
export function allCalicoCrdFiles(): string[] {
    const dir = calicoCrdsDir();
    return [dir, path.join(dir, "calico")].flatMap(d => fs.readdirSync(d).filter(f => f.endsWith(".yaml")).map(f => path.join(d, f)));
}

/** The openAPIV3Schema of a CRD's served storage version. */
export function crdSchema(file: string): any {
    const crd = yaml.load(fs.readFileSync(path.join(calicoCrdsDir(), file), "utf8")) as any;
    const version = crd.spec.versions.find((v: any) => v.storage) ?? crd.spec.versions[0];
    return version.schema.openAPIV3Schema;
}
