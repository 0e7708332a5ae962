/**
 * Calico selectors, as an IP pool's `nodeSelector` uses them: parsed by the grammar of Calico's own parser
 * (libcalico-go's selector package) and evaluated against the labels a node group's nodes will carry. Pure.
 *
 *   all()  global()  has(k)  !has(k)  k == 'v'  k != 'v'  k in {'a', 'b'}  k not in {...}
 *   k contains 'v'  k starts with 'v'  k ends with 'v'  !expr  (expr)  expr && expr  expr || expr
 *
 * Strings take single or double quotes. `k != 'v'` and `k not in {...}` also match nodes without the label.
 */

/** Labels the kubelet, EKS or a cloud controller put on nodes: the config cannot tell their values. */
const SYSTEM_LABEL_DOMAINS = /(^|\.)(kubernetes\.io|k8s\.io|amazonaws\.com|projectcalico\.org)\//;

type Node =
    | { kind: "all" }
    | { kind: "has"; label: string }
    | { kind: "compare"; label: string; op: "==" | "!=" | "contains" | "starts with" | "ends with"; value: string }
    | { kind: "set"; label: string; negated: boolean; values: string[] }
    | { kind: "not"; operand: Node }
    | { kind: "and" | "or"; operands: Node[] };

export type ParsedSelector = { readonly ok: true; readonly labels: string[]; readonly matches: (labels: Record<string, string>) => boolean } | { readonly ok: false; readonly error: string };

export function parseSelector(text: string): ParsedSelector {
    try {
        const parser = new Parser(tokenize(text));
        const root = parser.expression();
        parser.expectEnd();
        return { ok: true, labels: [...new Set(labelsOf(root))], matches: labels => evaluate(root, labels) };
    } catch (err) {
        return { ok: false, error: (err as Error).message };
    }
}

/**
 * Whether the selector can be decided from the config alone: it parses and names only labels the program
 * sets (a group's labels, calico-eks/node-group). Labels of the kubelet or EKS (zone, instance type, arch)
 * have values only the running node knows.
 */
export function undecidableLabels(selector: ParsedSelector): string[] {
    return selector.ok ? selector.labels.filter(label => SYSTEM_LABEL_DOMAINS.test(label)) : [];
}

type Token = { kind: "label" | "string" | "op"; value: string };

function tokenize(input: string): Token[] {
    const tokens: Token[] = [];
    let rest = input;
    for (;;) {
        rest = rest.replace(/^[ \t]+/, "");
        if (!rest) {
            return tokens;
        }
        const previous = tokens[tokens.length - 1];
        const fixed = /^(\(|\)|\{|\}|,|==|!=|!|&&|\|\|)/.exec(rest);
        if (fixed) {
            tokens.push({ kind: "op", value: fixed[1] });
            rest = rest.slice(fixed[1].length);
            continue;
        }
        if (rest[0] === "'" || rest[0] === '"') {
            const end = rest.indexOf(rest[0], 1);
            if (end < 0) {
                throw new Error(`unterminated string ${rest}`);
            }
            tokens.push({ kind: "string", value: rest.slice(1, end) });
            rest = rest.slice(end + 1);
            continue;
        }
        if (rest[0] === "=" || rest[0] === "&" || rest[0] === "|") {
            throw new Error(`"${rest[0]}" where Calico expects ${rest[0] === "=" ? "==" : rest[0].repeat(2)}`);
        }
        if (previous?.kind === "label") {
            // After a label only an operator word may follow.
            const word = /^(contains|starts[ \t]+with|ends[ \t]+with|not[ \t]+in|in)(?![a-zA-Z0-9_./-])/.exec(rest);
            if (!word) {
                throw new Error(`unexpected "${rest}" after label ${previous.value}, expected an operator (==, !=, in, ...)`);
            }
            tokens.push({ kind: "op", value: word[1].replace(/[ \t]+/, " ") });
            rest = rest.slice(word[1].length);
            continue;
        }
        const call = /^(all|global|has)\(/.exec(rest);
        if (call) {
            tokens.push({ kind: "op", value: `${call[1]}(` });
            rest = rest.slice(call[0].length);
            continue;
        }
        const label = /^[a-zA-Z0-9_./-]{1,512}/.exec(rest);
        if (!label) {
            throw new Error(`unexpected characters "${rest}"`);
        }
        tokens.push({ kind: "label", value: label[0] });
        rest = rest.slice(label[0].length);
    }
}

class Parser {
    private position = 0;
    constructor(private readonly tokens: Token[]) {}

    expression(): Node {
        const operands = [this.conjunction()];
        while (this.take("||")) {
            operands.push(this.conjunction());
        }
        return operands.length === 1 ? operands[0] : { kind: "or", operands };
    }

    expectEnd(): void {
        const next = this.tokens[this.position];
        if (next) {
            throw new Error(`unexpected ${JSON.stringify(next.value)} after a complete selector`);
        }
    }

    private conjunction(): Node {
        const operands = [this.unary()];
        while (this.take("&&")) {
            operands.push(this.unary());
        }
        return operands.length === 1 ? operands[0] : { kind: "and", operands };
    }

    private unary(): Node {
        if (this.take("!")) {
            return { kind: "not", operand: this.unary() };
        }
        if (this.take("(")) {
            const inner = this.expression();
            this.expect(")");
            return inner;
        }
        if (this.take("all(") || this.take("global(")) {
            this.expect(")");
            return { kind: "all" };
        }
        if (this.take("has(")) {
            const label = this.next("label", "a label name in has(...)");
            this.expect(")");
            return { kind: "has", label };
        }
        const label = this.next("label", "all(), has(label) or a label comparison");
        const op = this.tokens[this.position++];
        if (op?.kind === "op" && (op.value === "in" || op.value === "not in")) {
            this.expect("{");
            const values: string[] = [];
            if (!this.take("}")) {
                do {
                    values.push(this.next("string", "a quoted value"));
                } while (this.take(","));
                this.expect("}");
            }
            return { kind: "set", label, negated: op.value === "not in", values };
        }
        if (op?.kind === "op" && ["==", "!=", "contains", "starts with", "ends with"].includes(op.value)) {
            const value = this.next("string", `a quoted value after ${label} ${op.value} (e.g. '${this.tokens[this.position]?.value ?? "v"}')`);
            return { kind: "compare", label, op: op.value as "==", value };
        }
        throw new Error(`expected an operator after label ${label}`);
    }

    private take(value: string): boolean {
        const token = this.tokens[this.position];
        if (token?.kind === "op" && token.value === value) {
            this.position++;
            return true;
        }
        return false;
    }

    private expect(value: string): void {
        if (!this.take(value)) {
            throw new Error(`expected "${value}"`);
        }
    }

    private next(kind: Token["kind"], what: string): string {
        const token = this.tokens[this.position];
        if (token?.kind !== kind) {
            throw new Error(`expected ${what}${token ? `, got ${JSON.stringify(token.value)}` : " at the end"}`);
        }
        this.position++;
        return token.value;
    }
}

function labelsOf(node: Node): string[] {
    switch (node.kind) {
        case "all":
            return [];
        case "not":
            return labelsOf(node.operand);
        case "and":
        case "or":
            return node.operands.flatMap(labelsOf);
        default:
            return [node.label];
    }
}

function evaluate(node: Node, labels: Record<string, string>): boolean {
    const value = "label" in node ? labels[node.label] : undefined;
    const present = "label" in node && Object.prototype.hasOwnProperty.call(labels, node.label);
    switch (node.kind) {
        case "all":
            return true;
        case "has":
            return present;
        case "not":
            return !evaluate(node.operand, labels);
        case "and":
            return node.operands.every(o => evaluate(o, labels));
        case "or":
            return node.operands.some(o => evaluate(o, labels));
        case "set":
            // As in Calico: "not in" also matches nodes without the label.
            return node.negated ? !present || !node.values.includes(value!) : present && node.values.includes(value!);
        case "compare":
            switch (node.op) {
                case "==":
                    return present && value === node.value;
                case "!=":
                    // As in Calico: also true when the label is absent.
                    return !present || value !== node.value;
                case "contains":
                    return present && value!.includes(node.value);
                case "starts with":
                    return present && value!.startsWith(node.value);
                case "ends with":
                    return present && value!.endsWith(node.value);
            }
    }
}
