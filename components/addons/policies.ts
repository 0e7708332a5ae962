/**
 * IAM policy documents for add-ons' IRSA roles. Pure data, written from each project's documented policy
 * for the pinned version.
 */

const allow = (Action: string[], Resource: string | string[] = "*", Condition?: object) => ({ Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) });
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const requestTagNull = (isNull: boolean) => ({ [`aws:RequestTag/${CLUSTER_TAG}`]: String(isNull) });
const resourceTagNull = (isNull: boolean) => ({ [`aws:ResourceTag/${CLUSTER_TAG}`]: String(isNull) });
const ELB = "arn:aws:elasticloadbalancing:*:*";

/** AWS Load Balancer Controller v2.14 (docs/install/iam_policy.json of that release). */
export function loadBalancerControllerPolicy(): object {
    return {
        Version: "2012-10-17",
        Statement: [
            allow(["iam:CreateServiceLinkedRole"], "*", { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } }),
            allow([
                ...[
                    "DescribeAccountAttributes",
                    "DescribeAddresses",
                    "DescribeAvailabilityZones",
                    "DescribeInternetGateways",
                    "DescribeVpcs",
                    "DescribeVpcPeeringConnections",
                    "DescribeSubnets",
                    "DescribeSecurityGroups",
                    "DescribeInstances",
                    "DescribeNetworkInterfaces",
                    "DescribeTags",
                    "GetCoipPoolUsage",
                    "DescribeCoipPools",
                    "GetSecurityGroupsForVpc",
                    "DescribeIpamPools",
                    "DescribeRouteTables",
                ].map(a => `ec2:${a}`),
                ...[
                    "DescribeLoadBalancers",
                    "DescribeLoadBalancerAttributes",
                    "DescribeListeners",
                    "DescribeListenerCertificates",
                    "DescribeSSLPolicies",
                    "DescribeRules",
                    "DescribeTargetGroups",
                    "DescribeTargetGroupAttributes",
                    "DescribeTargetHealth",
                    "DescribeTags",
                    "DescribeTrustStores",
                    "DescribeListenerAttributes",
                    "DescribeCapacityReservation",
                ].map(a => `elasticloadbalancing:${a}`),
            ]),
            allow([
                "cognito-idp:DescribeUserPoolClient",
                "acm:ListCertificates",
                "acm:DescribeCertificate",
                "iam:ListServerCertificates",
                "iam:GetServerCertificate",
                "waf-regional:GetWebACL",
                "waf-regional:GetWebACLForResource",
                "waf-regional:AssociateWebACL",
                "waf-regional:DisassociateWebACL",
                "wafv2:GetWebACL",
                "wafv2:GetWebACLForResource",
                "wafv2:AssociateWebACL",
                "wafv2:DisassociateWebACL",
                "shield:GetSubscriptionState",
                "shield:DescribeProtection",
                "shield:CreateProtection",
                "shield:DeleteProtection",
            ]),
            allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]),
            allow(["ec2:CreateSecurityGroup"]),
            allow(["ec2:CreateTags"], "arn:aws:ec2:*:*:security-group/*", { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, Null: requestTagNull(false) }),
            allow(["ec2:CreateTags", "ec2:DeleteTags"], "arn:aws:ec2:*:*:security-group/*", { Null: { ...requestTagNull(true), ...resourceTagNull(false) } }),
            allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], "*", { Null: resourceTagNull(false) }),
            allow(["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], "*", { Null: requestTagNull(false) }),
            allow(["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"]),
            allow(["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], [`${ELB}:targetgroup/*/*`, `${ELB}:loadbalancer/net/*/*`, `${ELB}:loadbalancer/app/*/*`], {
                Null: { ...requestTagNull(true), ...resourceTagNull(false) },
            }),
            allow(
                ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                [`${ELB}:listener/net/*/*/*`, `${ELB}:listener/app/*/*/*`, `${ELB}:listener-rule/net/*/*/*`, `${ELB}:listener-rule/app/*/*/*`],
            ),
            allow(
                [
                    "ModifyLoadBalancerAttributes",
                    "SetIpAddressType",
                    "SetSecurityGroups",
                    "SetSubnets",
                    "DeleteLoadBalancer",
                    "ModifyTargetGroup",
                    "ModifyTargetGroupAttributes",
                    "DeleteTargetGroup",
                    "ModifyListenerAttributes",
                    "ModifyCapacityReservation",
                    "ModifyIpPools",
                ].map(a => `elasticloadbalancing:${a}`),
                "*",
                { Null: resourceTagNull(false) },
            ),
            allow(["elasticloadbalancing:AddTags"], [`${ELB}:targetgroup/*/*`, `${ELB}:loadbalancer/net/*/*`, `${ELB}:loadbalancer/app/*/*`], {
                StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
                Null: requestTagNull(false),
            }),
            allow(["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], `${ELB}:targetgroup/*/*`),
            allow(["SetWebAcl", "ModifyListener", "AddListenerCertificates", "RemoveListenerCertificates", "ModifyRule", "SetRulePriorities"].map(a => `elasticloadbalancing:${a}`)),
        ],
    };
}

/**
 * external-dns on Route 53: the "IAM Policy" of docs/tutorials/aws.md at v0.19.0 (the chart 1.19.0's app),
 * statement for statement. Changing records is the one action with resource-level permissions; the tutorial's
 * way to fine-tune it to explicit zones is their ARNs in place of `hostedzone/*`. Listing zones, records and
 * zone tags stays on `*`, as upstream has it. No zone IDs given: every zone, the tutorial's policy unchanged.
 */
export function externalDnsPolicy(hostedZoneIds: string[] = []): object {
    const zones = hostedZoneIds.length ? hostedZoneIds.map(id => `arn:aws:route53:::hostedzone/${id}`) : ["arn:aws:route53:::hostedzone/*"];
    return {
        Version: "2012-10-17",
        Statement: [allow(["route53:ChangeResourceRecordSets"], zones), allow(["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResources"], ["*"])],
    };
}

/**
 * cluster-autoscaler on AWS: the "Full Cluster Autoscaler Features Policy (Recommended)" of
 * cluster-autoscaler/cloudprovider/aws/README.md at cluster-autoscaler-chart-9.50.1 (app 1.33.0), statement for
 * statement, with its second block restricted as that README asks, by tag conditionals: only auto scaling
 * groups tagged for auto-discovery and owned by this cluster (EKS tags its managed node groups' groups so).
 */
export function clusterAutoscalerPolicy(clusterName: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            allow(
                [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                ["*"],
            ),
            allow(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"], ["*"], {
                StringEquals: {
                    "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
                    [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
                },
            }),
        ],
    };
}
