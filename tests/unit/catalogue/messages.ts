import { Catalogue } from "../../support/catalogue";

export const catalogue: Catalogue = {
    area: "messages",
    refused: [],
    accepted: [],
};
