/**
 * Checks of the security settings: control-plane logs, secrets encryption, tags, external-dns's hosted zones.
 * Each refuses what AWS would refuse later (in the middle of an `up`) and warns about what is accepted but
 * weakens the cluster. Pure; adds to `problems` and never throws.
 */
import { CONFIG_DEFAULTS, CONTROL_PLANE_LOG_TYPES, LOG_RETENTION_DAYS } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import type { CalicoEksConfig } from "../stack/types";
import type { ResolveContext } from "../stack/resolve";
import { validateTags } from "./tagChecks";
import { editDistance } from "../config/suggest";

export function validateSecurity(config: CalicoEksConfig, problems: Problems, context: ResolveContext = {}): void {
    validateLogTypes(config, problems);
    validateLogRetention(config, problems);
    validateSecretsEncryption(config, problems, context);
    validateTags(config.security.tags, problems);
    validateHostedZoneIds(config, problems);
}

/** Spellings from other tools (eksctl, the Kubernetes component names, the console) and what EKS calls them. */
const LOG_TYPE_ALIASES: Record<string, string> = {
    apiserver: "api",
    kubeapiserver: "api",
    audits: "audit",
    auditlog: "audit",
    auditlogs: "audit",
    auth: "authenticator",
    authentication: "authenticator",
    iamauthenticator: "authenticator",
    awsiamauthenticator: "authenticator",
    controllermanager: "controllerManager",
    kubecontrollermanager: "controllerManager",
    controller: "controllerManager",
    kubescheduler: "scheduler",
};

/** The EKS log type a mistyped one most likely means, if any. */
export function nearestLogType(value: string): string | undefined {
    const folded = value.toLowerCase().replace(/[^a-z]/g, "");
    const exact = CONTROL_PLANE_LOG_TYPES.find(t => t.toLowerCase() === folded);
    if (exact || LOG_TYPE_ALIASES[folded]) {
        return exact ?? LOG_TYPE_ALIASES[folded];
    }
    const ranked = CONTROL_PLANE_LOG_TYPES.map(t => ({ t, d: editDistance(folded, t.toLowerCase()) })).sort((a, b) => a.d - b.d);
    return ranked[0].d <= 3 ? ranked[0].t : undefined;
}

function validateLogTypes({ security }: CalicoEksConfig, problems: Problems): void {
    const types = security.controlPlaneLogTypes;
    const seen = new Set<string>();
    types.forEach((type, i) => {
        const key = `controlPlaneLogTypes[${i}]`;
        if ((CONTROL_PLANE_LOG_TYPES as readonly string[]).includes(type)) {
            if (seen.has(type)) {
                problems.add(key, `"${type}" is listed twice`, `list each log type once: pulumi config rm --path '${key}'`);
            }
            seen.add(type);
            return;
        }
        const known = CONTROL_PLANE_LOG_TYPES.join(", ");
        if (type.toLowerCase() === "all" || type === "*") {
            problems.add(key, `EKS has no "${type}" log type; it takes each of ${known} by name`, `list them in the stack file: calico-eks:controlPlaneLogTypes: [${known}]`);
            return;
        }
        const near = nearestLogType(type);
        problems.add(key, `"${type}" is not an EKS control-plane log type (${known})`, near ? setCommand(key, near) : `use one of ${known}, or pulumi config rm --path '${key}'`);
    });
    if (types.length === 0) {
        problems.warn(
            "controlPlaneLogTypes",
            "control-plane logging is off: no audit trail of who did what through the Kubernetes API, and no record of authentication (the EKS Best Practices Guide asks for audit and authenticator)",
            "pulumi config rm controlPlaneLogTypes (the default: audit and authenticator)",
        );
    }
}

/** The accepted retention periods next to `days`: the largest below and the smallest above. */
export function nearestRetentions(days: number): { below?: number; above?: number } {
    const positive = LOG_RETENTION_DAYS.filter(d => d > 0);
    return { below: [...positive].reverse().find(d => d < days), above: positive.find(d => d > days) };
}

function validateLogRetention({ security }: CalicoEksConfig, problems: Problems): void {
    const days = security.controlPlaneLogRetentionDays;
    const key = "controlPlaneLogRetentionDays";
    if (LOG_RETENTION_DAYS.includes(days)) {
        if (security.controlPlaneLogTypes.length === 0 && days !== CONFIG_DEFAULTS.controlPlaneLogRetentionDays) {
            problems.warn(
                key,
                `${days} days is not used: control-plane logging is off, so no log group is created`,
                "pulumi config rm controlPlaneLogRetentionDays, or turn logging on with controlPlaneLogTypes",
            );
        } else if (days === 0 && security.controlPlaneLogTypes.length > 0) {
            problems.warn(
                key,
                "0 keeps the control-plane logs forever: CloudWatch storage grows without end (audit logs are large)",
                `${setCommand(key, "365")} to keep a year, or export them to S3 for the long term`,
            );
        }
        return;
    }
    const { below, above } = nearestRetentions(days);
    // Never propose keeping less than was asked for: an auditor's minimum is usually what was written.
    const proposal = above ?? below!;
    problems.add(
        key,
        days < 0
            ? `${days} days is not a retention period (0 means never expire)`
            : `CloudWatch Logs keeps logs only for one of its fixed periods (${LOG_RETENTION_DAYS.filter(d => d > 0).join(", ")} days, or 0 for ever), not ${days}` +
                  (below && above ? `; the nearest are ${below} and ${above}` : ""),
        setCommand(key, String(proposal)),
    );
}

/**
 * A KMS key ARN as EKS takes it for envelope encryption: partition, region, account and the key's ID (a UUID,
 * or `mrk-` and 32 hex digits for a multi-Region key). Key IDs are lower-case.
 */
const KMS_KEY_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):kms:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function validateSecretsEncryption({ security }: CalicoEksConfig, problems: Problems, context: ResolveContext): void {
    const arn = security.secretsKmsKeyArn;
    const key = "secretsKmsKeyArn";
    if (!security.secretsEncryption) {
        if (arn) {
            problems.add(key, "a key is named but secretsEncryption is false, so it would not be used", "pulumi config set secretsEncryption true, or pulumi config rm secretsKmsKeyArn");
        } else {
            problems.warn(
                "secretsEncryption",
                "Kubernetes secrets are encrypted only with EKS's AWS-owned key (no key policy of yours, no CloudTrail record of its use). A cluster that already has a customer key cannot lose it (EKS cannot remove one): the provider would replace the cluster",
                "pulumi config rm secretsEncryption (a key is created for the cluster)",
            );
        }
        return;
    }
    if (!arn) {
        return;
    }
    const describe = (id: string) => `find its key ARN with aws kms describe-key --key-id '${id}' --query KeyMetadata.Arn --output text, then pulumi config set ${key} <that ARN>`;
    if (/^(arn:[^:]+:kms:[^:]*:\d*:)?alias\//.test(arn)) {
        // EKS would take the alias, but binds the cluster to the key it points to at creation, for good:
        // re-pointing the alias later changes nothing for the cluster and makes the stack say otherwise.
        problems.add(key, `${arn} is an alias; the cluster stays bound for its whole life to the key the alias names at creation, so name that key`, describe(arn));
        return;
    }
    if (KEY_ID.test(arn)) {
        problems.add(key, `${arn} is a key ID; EKS needs the key's ARN (with its region and account)`, describe(arn));
        return;
    }
    const lowered = arn.replace(/key\/(.*)$/i, (_, id: string) => `key/${id.toLowerCase()}`);
    if (lowered !== arn && KMS_KEY_ARN.test(lowered)) {
        problems.add(key, `KMS key IDs are lower-case; ${arn} names no key`, setCommand(key, lowered));
        return;
    }
    const match = KMS_KEY_ARN.exec(arn);
    if (!match) {
        const service = /^arn:[^:]*:([^:]*):/.exec(arn)?.[1];
        problems.add(
            key,
            service && service !== "kms" ? `${arn} is a ${service} ARN, not a KMS key's` : `${arn} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key ID>)`,
            `pulumi config set ${key} arn:aws:kms:<region>:<account>:key/<key ID>, or pulumi config rm ${key} to have a key created`,
        );
        return;
    }
    if (context.region && match[2] !== context.region) {
        problems.add(
            key,
            `the key is in ${match[2]} but the cluster in ${context.region}; EKS takes only a key of the cluster's own region`,
            `pulumi config rm ${key} (a key is created in ${context.region}), or name a key (or a multi-Region replica) of ${context.region}`,
        );
    }
}

/** Route 53 hosted zone IDs: `Z` and upper-case letters and digits (the API's `/hostedzone/` prefix dropped). */
const HOSTED_ZONE_ID = /^Z[0-9A-Z]{1,31}$/;

function validateHostedZoneIds({ addons }: CalicoEksConfig, problems: Problems): void {
    const seen = new Set<string>();
    addons.externalDns.hostedZoneIds.forEach((id, i) => {
        const key = `externalDnsHostedZoneIds[${i}]`;
        if (HOSTED_ZONE_ID.test(id)) {
            if (seen.has(id)) {
                problems.add(key, `${id} is listed twice`, `list each zone once: pulumi config rm --path '${key}'`);
            }
            seen.add(id);
            return;
        }
        // What aws route53 list-hosted-zones prints ("/hostedzone/Z..."), or the zone's ARN.
        const bare = /^(?:arn:[^:]+:route53:::hostedzone\/|\/?hostedzone\/)(.+)$/.exec(id)?.[1].toUpperCase() ?? id.toUpperCase();
        if (HOSTED_ZONE_ID.test(bare)) {
            problems.add(key, `"${id}" is not written as a hosted zone ID (Z and upper-case letters and digits)`, setCommand(key, bare));
        } else if (/\./.test(id)) {
            problems.add(
                key,
                `"${id}" is a domain, not a hosted zone ID`,
                `find its ID with aws route53 list-hosted-zones-by-name --dns-name '${id}' --query 'HostedZones[0].Id' --output text, then ${setCommand(key, "<the ID after /hostedzone/>")}`,
            );
        } else {
            problems.add(key, `"${id}" is not a Route 53 hosted zone ID (like Z0123456789ABCDEFGHIJ)`, `${setCommand(key, "<zone ID>")} (aws route53 list-hosted-zones lists them)`);
        }
    });
    if (addons.externalDns.enabled && addons.externalDns.hostedZoneIds.length === 0) {
        problems.warn(
            "externalDnsHostedZoneIds",
            "external-dns may change records in every hosted zone of the account (its domain filters limit what it does, not what its role allows)",
            `${setCommand("externalDnsHostedZoneIds[0]", "<zone ID>")} for each zone it manages`,
        );
    }
}
