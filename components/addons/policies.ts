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
                ...["DescribeAccountAttributes", "DescribeAddresses", "DescribeAvailabilityZones", "DescribeInternetGateways", "DescribeVpcs",
                    "DescribeVpcPeeringConnections", "DescribeSubnets", "DescribeSecurityGroups", "DescribeInstances", "DescribeNetworkInterfaces",
                    "DescribeTags", "GetCoipPoolUsage", "DescribeCoipPools", "GetSecurityGroupsForVpc", "DescribeIpamPools", "DescribeRouteTables"].map(a => `ec2:${a}`),
                ...["DescribeLoadBalancers", "DescribeLoadBalancerAttributes", "DescribeListeners", "DescribeListenerCertificates", "DescribeSSLPolicies",
                    "DescribeRules", "DescribeTargetGroups", "DescribeTargetGroupAttributes", "DescribeTargetHealth", "DescribeTags", "DescribeTrustStores",
                    "DescribeListenerAttributes", "DescribeCapacityReservation"].map(a => `elasticloadbalancing:${a}`),
            ]),
            allow([
                "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate", "iam:ListServerCertificates", "iam:GetServerCertificate",
                "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
                "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
                "shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
            ]),
            allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]),
            allow(["ec2:CreateSecurityGroup"]),
            allow(["ec2:CreateTags"], "arn:aws:ec2:*:*:security-group/*", { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, Null: requestTagNull(false) }),
            allow(["ec2:CreateTags", "ec2:DeleteTags"], "arn:aws:ec2:*:*:security-group/*", { Null: { ...requestTagNull(true), ...resourceTagNull(false) } }),
            allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], "*", { Null: resourceTagNull(false) }),
            allow(["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], "*", { Null: requestTagNull(false) }),
            allow(["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"]),
            allow(["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], [`${ELB}:targetgroup/*/*`, `${ELB}:loadbalancer/net/*/*`, `${ELB}:loadbalancer/app/*/*`], { Null: { ...requestTagNull(true), ...resourceTagNull(false) } }),
            allow(["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], [`${ELB}:listener/net/*/*/*`, `${ELB}:listener/app/*/*/*`, `${ELB}:listener-rule/net/*/*/*`, `${ELB}:listener-rule/app/*/*/*`]),
            allow(
                ["ModifyLoadBalancerAttributes", "SetIpAddressType", "SetSecurityGroups", "SetSubnets", "DeleteLoadBalancer", "ModifyTargetGroup",
                    "ModifyTargetGroupAttributes", "DeleteTargetGroup", "ModifyListenerAttributes", "ModifyCapacityReservation", "ModifyIpPools"].map(a => `elasticloadbalancing:${a}`),
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
 * external-dns on Route 53 (docs/tutorials/aws.md of v0.19.0, the chart 1.19.0's app): changing and reading
 * records, and the zone tags it filters by, only in the hosted zones it manages (the tutorial's way to scope
 * the role: zone ARNs in place of `hostedzone/*`); listing zones has no resource-level permission. No zone IDs
 * given: every zone, as the tutorial's policy.
 */
export function externalDnsPolicy(hostedZoneIds: string[] = []): object {
    const zones = hostedZoneIds.length ? hostedZoneIds.map(id => `arn:aws:route53:::hostedzone/${id}`) : ["arn:aws:route53:::hostedzone/*"];
    return {
        Version: "2012-10-17",
        Statement: [
            allow(["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"], zones),
            allow(["route53:ListHostedZones"], ["*"]),
        ],
    };
}

/** cluster-autoscaler on AWS: read everything, scale only this cluster's auto-discovered groups. */
export function clusterAutoscalerPolicy(clusterName: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            allow([
                "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements", "eks:DescribeNodegroup",
            ]),
            allow(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"], "*", {
                StringEquals: {
                    "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
                    [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
                },
            }),
        ],
    };
}
