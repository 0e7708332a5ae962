import { Catalogue } from "../../support/catalogue";

export const catalogue: Catalogue = {
    area: "addons",
    refused: [],
    accepted: [],
};
