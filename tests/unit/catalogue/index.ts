/** Every area's catalogue; each file is owned by the checks of that area. */
import { catalogue as controlPlane } from "./controlPlane";
import { catalogue as network } from "./network";
import { catalogue as pools } from "./pools";
import { catalogue as nodeGroups } from "./nodeGroups";
import { catalogue as addons } from "./addons";
import { catalogue as messages } from "./messages";
import { catalogue as security } from "./security";
import { catalogue as review } from "./review";
import { catalogue as charts } from "./charts";
import { catalogue as wireguardMetrics } from "./wireguardMetrics";
import { catalogue as dataplane } from "./dataplane";

export const CATALOGUES = [controlPlane, network, pools, nodeGroups, addons, messages, security, review, charts, wireguardMetrics, dataplane];
