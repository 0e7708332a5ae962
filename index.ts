// calico-eks: an EKS cluster networked by Calico's VXLAN overlay. See README.md and components/program.ts.
import { calicoEksProgram } from "./components/program";

export = calicoEksProgram();
