import { Catalogue } from "../../support/catalogue";

export const catalogue: Catalogue = {
    area: "nodeGroups",
    refused: [],
    accepted: [],
};
