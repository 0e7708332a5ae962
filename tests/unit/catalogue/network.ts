import { Catalogue } from "../../support/catalogue";

export const catalogue: Catalogue = {
    area: "network",
    refused: [],
    accepted: [],
};
