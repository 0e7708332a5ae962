/**
 * The stack config as a caller writes it: every key optional, structured keys partially filled (missing
 * fields take the defaults). Keys are those of the `calico-eks:` namespace, without it: the areas' keys and
 * the add-on table's (`<addon>Enabled`, `<addon>Version`, `<addon>Values` and each add-on's settings).
 */
import { AddonConfigInput } from "../addons/definitions";
import { CoreConfigInput } from "../config/input";

export type CalicoEksConfigInput = CoreConfigInput & AddonConfigInput;
