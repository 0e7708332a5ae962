/**
 * Checks of `calicoVersion`: only the releases this program is tested with (SUPPORTED_CALICO_VERSIONS) are
 * accepted. Any other tag could render an Installation the program's values do not fit, or CRDs in a layout
 * the program does not apply. Pure; adds to `problems` and never throws.
 */
import { SUPPORTED_CALICO_VERSIONS } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import type { CalicoEksConfig } from "../stack/types";
import { suggestedCalicoVersion } from "./calicoVersions";

/** Images of the tigera-operator chart carry their own version line (v1.x); users copy it from values.yaml. */
const OPERATOR_IMAGE_VERSION = /^v?1\.\d+\.\d+$/;

export function validateCalicoVersion(config: CalicoEksConfig, problems: Problems): void {
    const version = config.calico.version;
    if (SUPPORTED_CALICO_VERSIONS.includes(version)) {
        return;
    }
    const supported = `supported: ${SUPPORTED_CALICO_VERSIONS.join(", ")}`;
    const fix = `${setCommand("calicoVersion", suggestedCalicoVersion(version))} (${supported})`;
    if (!version.trim()) {
        problems.add("calicoVersion", "an empty version would install whatever release is newest, untested with this program", fix);
    } else if (OPERATOR_IMAGE_VERSION.test(version)) {
        problems.add("calicoVersion", `"${version}" is a tigera-operator image version, not a Calico release; calicoVersion names the Calico release (the chart version)`, fix);
    } else if (SUPPORTED_CALICO_VERSIONS.includes(`v${version.trim()}`)) {
        problems.add("calicoVersion", `"${version}" lacks the leading "v" of Calico's chart versions`, `${setCommand("calicoVersion", `v${version.trim()}`)} (${supported})`);
    } else if (/^v?\d+\.\d+(\.\d+)?$/.test(version.trim())) {
        problems.add("calicoVersion", `Calico "${version}" is not a release this program supports and tests`, fix);
    } else {
        problems.add("calicoVersion", `"${version}" is not a Calico release like ${SUPPORTED_CALICO_VERSIONS[0]}`, fix);
    }
}
