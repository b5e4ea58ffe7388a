/**
 * An EventBridge Scheduler target that invokes one Lambda function. Unlike
 * `LambdaInvoke`, whose `grantInvoke` also allows `<function-arn>:*` (every version and
 * alias), the scheduler's role may invoke exactly the function ARN the schedule names.
 */
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';

export class InvokeFunctionTarget extends LambdaInvoke {
  private readonly target: IFunction;

  constructor(target: IFunction, props: ScheduleTargetBaseProps = {}) {
    super(target, props);
    this.target = target;
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.target.functionArn],
      }),
    );
  }
}
