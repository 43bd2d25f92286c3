import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { lambdaExecutionTrust } from './lambda-execution-trust';
import type { Side } from './regions';

/** Where the bundled /health handler is (`npm run build:lambda`); Pulumi runs from the project folder. */
export const APP_CODE_PATH = './lambda/dist/health';
export const APP_LOG_RETENTION_DAYS = 30;
/** Plain HTTP: the requirement asks for no certificate; Route 53 checks the same port. */
export const HTTP_PORT = 80;
export const HEALTH_PATH = '/health';

export interface AppTierArgs {
  readonly side: Side;
  readonly accountId: pulumi.Input<string>;
  readonly runtime: string;
  readonly vpcId: pulumi.Input<string>;
  readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** This region's key: encrypts the log group. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Private subnets and security group when the function runs in the VPC (`appLambdaInVpc`). */
  readonly vpc?: { readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>; readonly securityGroupId: pulumi.Input<string> };
}

/**
 * One region's application entry point: an internet-facing ALB with an HTTP listener on port 80
 * forwarding to a Lambda target group, and the Lambda that answers `GET /health`.
 */
export class AppTier extends pulumi.ComponentResource {
  public readonly loadBalancerDnsName: pulumi.Output<string>;
  public readonly loadBalancerZoneId: pulumi.Output<string>;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension of ALB metrics. */
  public readonly loadBalancerArnSuffix: pulumi.Output<string>;
  /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of ALB metrics. */
  public readonly targetGroupArnSuffix: pulumi.Output<string>;
  public readonly functionName: pulumi.Output<string>;
  /** `http://<alb dns name>`: this region's application, without DNS failover. */
  public readonly url: pulumi.Output<string>;

  constructor(name: string, args: AppTierArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:AppTier', name, {}, opts);
    const { side } = args;
    const options = { parent: this, provider: side.provider };
    const functionName = side.name('lambdaFunction', 'lambda', 'app');

    const securityGroup = new aws.ec2.SecurityGroup(`${name}-alb`, {
      name: side.name('securityGroup', 'vpc', 'alb-sg'),
      description: 'Application load balancer: HTTP from anywhere, nothing else',
      vpcId: args.vpcId,
    }, options);
    new aws.vpc.SecurityGroupIngressRule(`${name}-alb-http`, {
      securityGroupId: securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: HTTP_PORT,
      toPort: HTTP_PORT,
      cidrIpv4: '0.0.0.0/0',
      description: 'HTTP from the internet and Route 53 health checkers',
    }, options);
    // No egress rule: the load balancer invokes a Lambda target through the Lambda service, not the VPC.

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: APP_LOG_RETENTION_DAYS,
      kmsKeyId: args.kmsKeyArn,
    }, options);

    const role = new aws.iam.Role(`${name}-role`, {
      name: side.name('iamRole', 'iam', 'app'),
      assumeRolePolicy: lambdaExecutionTrust(args.accountId),
    }, options);
    const statements: unknown[] = [
      { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: pulumi.interpolate`${logGroup.arn}:*` },
    ];
    if (args.vpc) {
      statements.push({
        // EC2 has no resource-level permissions for these calls; AWS requires "*" (as the managed
        // AWSLambdaVPCAccessExecutionRole does).
        Sid: 'ManageVpcNetworkInterfaces',
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        Resource: '*',
      });
    }
    // Lambda checks the execution role's network-interface permissions when a function with a VPC
    // configuration is created, so the policy must exist first.
    const policy = new aws.iam.RolePolicy(`${name}-policy`, {
      role: role.id,
      policy: pulumi.jsonStringify({ Version: '2012-10-17', Statement: statements }),
    }, options);

    // No reserved concurrency: it would take capacity from the account's pool and fail deployments
    // in accounts with a low concurrency limit.
    const fn = new aws.lambda.Function(`${name}-function`, {
      name: functionName,
      description: `Answers GET ${HEALTH_PATH} behind the ${side.role} load balancer`,
      runtime: args.runtime,
      handler: 'index.handler',
      code: new pulumi.asset.FileArchive(APP_CODE_PATH),
      role: role.arn,
      timeout: 5,
      memorySize: 256,
      vpcConfig: args.vpc ? { subnetIds: args.vpc.subnetIds, securityGroupIds: [args.vpc.securityGroupId] } : undefined,
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      environment: { variables: { POWERTOOLS_SERVICE_NAME: functionName } },
    }, { ...options, dependsOn: [logGroup, policy] });

    const loadBalancer = new aws.lb.LoadBalancer(`${name}-alb`, {
      name: side.name('loadBalancer', 'alb', 'app'),
      loadBalancerType: 'application',
      internal: false,
      securityGroups: [securityGroup.id],
      subnets: args.publicSubnetIds,
      dropInvalidHeaderFields: true,
    }, options);
    const targetGroup = new aws.lb.TargetGroup(`${name}-targets`, {
      name: side.name('targetGroup', 'tg', 'app'),
      targetType: 'lambda',
      // Health checks of Lambda targets are off unless asked for; with them on, the ALB alarm on
      // healthy targets means something.
      healthCheck: { enabled: true, path: HEALTH_PATH, matcher: '200', interval: 35, timeout: 30, healthyThreshold: 2, unhealthyThreshold: 2 },
    }, options);
    const invoke = new aws.lambda.Permission(`${name}-invoke`, {
      function: fn.name,
      action: 'lambda:InvokeFunction',
      principal: 'elasticloadbalancing.amazonaws.com',
      sourceArn: targetGroup.arn,
    }, options);
    new aws.lb.TargetGroupAttachment(`${name}-target`, {
      targetGroupArn: targetGroup.arn,
      targetId: fn.arn,
    }, { ...options, dependsOn: [invoke] });
    new aws.lb.Listener(`${name}-http`, {
      loadBalancerArn: loadBalancer.arn,
      port: HTTP_PORT,
      protocol: 'HTTP',
      defaultActions: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
    }, options);

    this.loadBalancerDnsName = loadBalancer.dnsName;
    this.loadBalancerZoneId = loadBalancer.zoneId;
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.functionName = fn.name;
    this.url = pulumi.interpolate`http://${loadBalancer.dnsName}`;
    this.registerOutputs({ url: this.url, functionName: this.functionName });
  }
}
