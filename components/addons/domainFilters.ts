/**
 * external-dns domain filters, checked the way external-dns reads them. Pure.
 *
 * external-dns treats each `--domain-filter` as a domain suffix: `example.com` covers the zone
 * example.com and every name under it, `.example.com` only names under it. It lowercases the filter and
 * drops a trailing dot, and compares everything else literally: a URL, a wildcard or a port never
 * matches a hosted zone, so external-dns would run and silently manage nothing; an empty filter is
 * dropped, and with no filter left it manages every zone it can see. One spelling per domain also keeps
 * the plan and duplicates honest, so the forms external-dns would normalise are refused with the
 * normalised form as the fix.
 */
import { Problems, setCommand } from "../config/problems";

const KEY = "externalDnsDomainFilters";
const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** What is wrong with one filter, and the filter(s) it should be, if one can tell. */
interface FilterProblem {
    readonly message: string;
    readonly replacement?: string[];
}

export function checkDomainFilters(filters: readonly string[], problems: Problems): void {
    const seen = new Set<string>();
    filters.forEach((filter, i) => {
        const key = `${KEY}[${i}]`;
        const problem = filterProblem(filter);
        if (problem) {
            problems.add(key, `"${filter}" is not a domain filter: ${problem.message}`, fixFor(i, filters.length, problem.replacement));
            return;
        }
        if (seen.has(filter)) {
            problems.add(key, `"${filter}" is listed twice`, `pulumi config rm --path '${key}'`);
        }
        seen.add(filter);
    });
    const subdomainsOnly = filters.filter(f => f.startsWith(".") && !filterProblem(f));
    for (const filter of subdomainsOnly) {
        const i = filters.indexOf(filter);
        problems.warn(
            `${KEY}[${i}]`,
            `"${filter}" (leading dot) matches only names and hosted zones below ${filter.slice(1)}, not the ${filter.slice(1)} zone itself`,
            `${setCommand(`${KEY}[${i}]`, filter.slice(1))} if records in the ${filter.slice(1)} zone are meant`,
        );
    }
}

function fixFor(index: number, listLength: number, replacement: string[] | undefined): string {
    if (replacement === undefined) {
        return `${setCommand(`${KEY}[${index}]`, "<a domain such as apps.example.com>")}`;
    }
    if (replacement.length === 0) {
        return `pulumi config rm --path '${KEY}[${index}]'`;
    }
    // Entries after this one keep their place: the extra domains go to the end of the list.
    return replacement.map((domain, n) => setCommand(`${KEY}[${n === 0 ? index : listLength + n - 1}]`, domain)).join(" and ");
}

function filterProblem(filter: string): FilterProblem | undefined {
    if (filter === "") {
        return { message: "it is empty (external-dns drops it; with no filter left it manages every hosted zone)", replacement: [] };
    }
    const url = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]*)/i.exec(filter);
    if (url) {
        return { message: "a URL, not a domain (no hosted zone is named like it, so external-dns would manage nothing)", replacement: [url[1].toLowerCase().replace(/\.$/, "")] };
    }
    if (filter.includes(",")) {
        return {
            message: "one domain per entry (the list is passed as one --domain-filter per entry)",
            replacement: filter
                .split(",")
                .map(f => f.trim().toLowerCase())
                .filter(f => f !== ""),
        };
    }
    if (filter.includes("*")) {
        return { message: "a wildcard: a filter is a domain suffix and already covers every name below it", replacement: [filter.replace(/^(\*\.)+/, "").toLowerCase()] };
    }
    const port = /^(.*):\d+$/.exec(filter);
    if (port) {
        return { message: "a domain has no port", replacement: [port[1].toLowerCase()] };
    }
    if (filter.endsWith(".")) {
        return { message: "no trailing dot (external-dns strips it; write the domain once, as it is matched)", replacement: [filter.slice(0, -1).toLowerCase()] };
    }
    if (filter !== filter.toLowerCase()) {
        return { message: "lowercase only (DNS names are matched lowercased)", replacement: [filter.toLowerCase()] };
    }
    const name = filter.startsWith(".") ? filter.slice(1) : filter;
    if (name.length > 253) {
        return { message: "longer than 253 characters" };
    }
    const labels = name.split(".");
    if (labels.every(l => /^\d+$/.test(l))) {
        return { message: "an IP address, not a domain" };
    }
    const tooLong = labels.find(l => l.length > 63);
    if (tooLong) {
        return { message: `the label "${tooLong.slice(0, 20)}…" is longer than 63 characters` };
    }
    if (!labels.every(l => LABEL.test(l))) {
        return { message: "each dot-separated label must be letters, digits and hyphens, not starting or ending with a hyphen (an internationalized name in its punycode form, xn--…)" };
    }
    return undefined;
}
