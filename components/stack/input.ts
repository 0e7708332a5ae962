/**
 * The stack config as a caller writes it: every key optional, structured keys partially filled (missing
 * fields take the defaults). Keys are those of the `calico-eks:` namespace, without it.
 */
import { AddonName } from "../addons/types";
import { CoreConfigInput } from "../config/input";

type AddonToggleKeys = { [K in AddonName as `${K}Enabled`]?: boolean } & { [K in AddonName as `${K}Version`]?: string };

export interface CalicoEksConfigInput extends CoreConfigInput, AddonToggleKeys {
    loadBalancerControllerWebhookPort?: number;
    metricsServerPort?: number;
    certManagerWebhookPort?: number;
    externalDnsDomainFilters?: string[];
    externalDnsHostedZoneIds?: string[];
}
