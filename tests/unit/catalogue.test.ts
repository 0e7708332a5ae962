import { expect } from "chai";
import { problemsOf } from "../support/configProblems";
import { Catalogue } from "../support/catalogue";
import { resolveConfig } from "../../components/stack/resolve";
import { ConfigProblem, formatProblem } from "../../components/config/problems";
import { renderPlan } from "../../automation/plan";
import { CATALOGUES } from "./catalogue";

describe("validation catalogue", () => {
    for (const catalogue of CATALOGUES as Catalogue[]) {
        describe(`${catalogue.area}: refused`, () => {
            for (const entry of catalogue.refused) {
                it(`${entry.name} → ${entry.key}`, () => {
                    const problems = problemsOf(entry.config, { region: entry.region });
                    const listed = problems.map(formatProblem).join("\n");
                    const match = problems.find(p => p.key === entry.key && entry.message.test(p.message));
                    expect(match, `no problem on ${entry.key} matching ${entry.message}; got:\n${listed}`).to.not.equal(undefined);
                    expect(match!.fix, `fix of ${entry.key}`).to.match(entry.fix);
                });
            }
        });
        describe(`${catalogue.area}: accepted`, () => {
            for (const entry of catalogue.accepted) {
                it(entry.name, () => {
                    const problems = problemsOf(entry.config, { region: entry.region });
                    expect(problems.map(formatProblem), "problems").to.deep.equal([]);
                    const warnings: ConfigProblem[] = [];
                    const config = resolveConfig(entry.config, { region: entry.region, warnings });
                    const plan = renderPlan("catalogue", config, warnings);
                    for (const warning of entry.warnings ?? []) {
                        expect(warnings.map(formatProblem).join("\n"), "warnings").to.match(warning);
                    }
                    for (const line of entry.plan) {
                        expect(plan, "plan").to.match(line);
                    }
                    entry.check?.(config);
                });
            }
        });
    }

    it("holds at least 150 refused or edge configs", () => {
        const total = (CATALOGUES as Catalogue[]).reduce((n, c) => n + c.refused.length + c.accepted.length, 0);
        expect(total).to.be.at.least(150);
    });
});
