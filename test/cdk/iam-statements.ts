/** Reading a synthesized function's IAM grants, for the CDK tests that check them. */
import type { Template } from 'aws-cdk-lib/assertions';

export type Statement = {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: unknown;
};

export function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** Every statement of every IAM policy in the templates, with the policy's logical id. */
export function policyStatements(
  templates: readonly Template[],
): Array<{ policy: string; statement: Statement }> {
  return templates.flatMap((template) =>
    Object.entries(
      template.findResources('AWS::IAM::Policy') as Record<
        string,
        { Properties?: { PolicyDocument?: { Statement: Statement[] } } }
      >,
    ).flatMap(([policy, resource]) =>
      (resource.Properties?.PolicyDocument?.Statement ?? []).map((statement) => ({
        policy,
        statement,
      })),
    ),
  );
}

/** The statements of the role policy of one GatewayFunction (by its construct id, e.g. `GetIncident`). */
export function roleStatements(templates: readonly Template[], functionId: string): Statement[] {
  return policyStatements(templates)
    .filter(({ policy }) => policy.startsWith(`${functionId}Role`))
    .map(({ statement }) => statement);
}
