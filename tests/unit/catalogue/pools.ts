import { Catalogue } from "../../support/catalogue";

export const catalogue: Catalogue = {
    area: "pools",
    refused: [],
    accepted: [],
};
