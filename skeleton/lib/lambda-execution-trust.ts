import * as pulumi from '@pulumi/pulumi';
import { LAMBDA_SERVICE_PRINCIPAL } from './config/aws-facts';

/**
 * The trust policy of every Lambda execution role of the stack: the Lambda service, for functions of
 * this account only (aws:SourceAccount; see LAMBDA_SERVICE_PRINCIPAL in lib/config/aws-facts.ts).
 */
export function lambdaExecutionTrust(accountId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: LAMBDA_SERVICE_PRINCIPAL },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    }],
  });
}
