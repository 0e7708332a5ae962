import { Catalogue } from "../../support/catalogue";

export const catalogue: Catalogue = {
    area: "controlPlane",
    refused: [],
    accepted: [],
};
