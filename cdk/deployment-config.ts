/**
 * The deployment's settings, read once from CDK context (`cdk.json`, or `-c key=value`)
 * and checked, so that a typo fails `cdk synth` instead of a deploy. docs/deploy.md
 * lists every key.
 */
import type { Node } from 'constructs';
import { SCHEMAS } from '../functions/core/model/schemas.js';

/** The party roles, as the published schema lists them (one OAuth scope per role). */
export const ROLES: readonly string[] = SCHEMAS.common.$defs.role.enum;

export interface CustomDomain {
  /** e.g. `gateway.ncc.example.kz`; DNS stays with the operator (see the stack output). */
  domainName: string;
  /** ACM certificate for `domainName`, in the deployment region. */
  certificateArn: string;
}

export interface DeploymentConfig {
  /** Names the stacks (`NccGateway-<stage>-…`); one AWS account can hold several. */
  stage: string;
  /** AWS region; AWS has none in Kazakhstan (docs/deploy.md). */
  region: string;
  /** Account, if pinned; otherwise the CLI's current credentials decide at deploy time. */
  account?: string;
  /** Receives every alarm (an SNS e-mail subscription the owner must confirm). */
  alarmEmail?: string;
  customDomain?: CustomDomain;
  /** Prefix of the Cognito token endpoint `https://<prefix>.auth.<region>.amazoncognito.com`. */
  authDomainPrefix: string;
  /**
   * Party id → role. Each entry gets its own Cognito app client (client-credentials,
   * scope `ncc-gateway/<role>`), and only these clients pass the API's authorizer.
   */
  parties: Readonly<Record<string, string>>;
  /** Stage-wide API Gateway throttling, requests per second and burst. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Throttling of each public route (health, time, catalogue, schemas), apart from the parties' routes. */
  publicRateLimit: number;
  publicBurstLimit: number;
  /** ISO 3166 country codes CloudFront serves (e.g. `["KZ"]`); empty: every country. */
  edgeAllowedCountries: readonly string[];
  /** A CloudWatch Logs destination (the SIEM's) that receives every security event line. */
  siemDestinationArn?: string;
}

export class DeploymentConfigError extends Error {
  override name = 'DeploymentConfigError';
}

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
const PARTY_ID = /^[a-z0-9][a-z0-9_-]{1,63}$/;
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function optionalString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new DeploymentConfigError(`Context "${key}" must be a string.`);
  return value;
}

function positiveNumber(node: Node, key: string, fallback: number): number {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new DeploymentConfigError(
      `Context "${key}" must be a positive number, got ${JSON.stringify(raw)}.`,
    );
  }
  return value;
}

function parties(node: Node): Record<string, string> {
  let raw: unknown = node.tryGetContext('parties');
  // `-c parties='{"soc-alpha":"soc"}'` arrives as a string.
  if (typeof raw === 'string') raw = JSON.parse(raw);
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DeploymentConfigError('Context "parties" must map party ids to roles.');
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  for (const [id, role] of entries) {
    if (!PARTY_ID.test(id))
      throw new DeploymentConfigError(
        `Party id "${id}" is not 2–64 lowercase letters, digits, "_" or "-".`,
      );
    if (typeof role !== 'string' || !ROLES.includes(role)) {
      throw new DeploymentConfigError(
        `Party "${id}" has role ${JSON.stringify(role)}; expected one of ${ROLES.join(', ')}.`,
      );
    }
  }
  if (!entries.some(([, role]) => role === 'admin')) {
    // Without an admin client nobody can call PUT /v1/parties to register the others.
    throw new DeploymentConfigError(
      'Context "parties" needs at least one party with role "admin".',
    );
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Reads and checks the context; throws {@link DeploymentConfigError} naming the first problem. */
export function readDeploymentConfig(node: Node): DeploymentConfig {
  const stage = optionalString(node, 'stage') ?? 'prod';
  if (!STAGE.test(stage))
    throw new DeploymentConfigError(`Context "stage" must match ${STAGE}, got "${stage}".`);
  const region = optionalString(node, 'region') ?? process.env.CDK_DEFAULT_REGION ?? 'eu-central-1';
  const account = optionalString(node, 'account') ?? process.env.CDK_DEFAULT_ACCOUNT;
  const alarmEmail = optionalString(node, 'alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(alarmEmail)) {
    throw new DeploymentConfigError(
      `Context "alarmEmail" is not an e-mail address: "${alarmEmail}".`,
    );
  }
  const domainName = optionalString(node, 'domainName');
  const certificateArn = optionalString(node, 'certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new DeploymentConfigError(
      'Context "domainName" and "certificateArn" go together: set both or neither.',
    );
  }
  const authDomainPrefix = optionalString(node, 'authDomainPrefix') ?? `ncc-gateway-${stage}`;
  if (!DOMAIN_PREFIX.test(authDomainPrefix) || /aws|amazon|cognito/.test(authDomainPrefix)) {
    throw new DeploymentConfigError(
      `Context "authDomainPrefix" must be lowercase letters, digits and "-" and may not contain aws, amazon or cognito; got "${authDomainPrefix}".`,
    );
  }
  return {
    stage,
    region,
    ...(account === undefined ? {} : { account }),
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    ...(domainName !== undefined && certificateArn !== undefined
      ? { customDomain: { domainName, certificateArn } }
      : {}),
    authDomainPrefix,
    parties: parties(node),
    apiRateLimit: positiveNumber(node, 'apiRateLimit', 100),
    apiBurstLimit: positiveNumber(node, 'apiBurstLimit', 200),
    publicRateLimit: positiveNumber(node, 'publicRateLimit', 10),
    publicBurstLimit: positiveNumber(node, 'publicBurstLimit', 20),
    edgeAllowedCountries: countries(node, 'edgeAllowedCountries'),
    ...siemDestination(node),
  };
}

function siemDestination(node: Node): { siemDestinationArn?: string } {
  const arn = optionalString(node, 'siemDestinationArn');
  if (arn === undefined) return {};
  if (!/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:destination:[\w.-]+$/.test(arn)) {
    throw new DeploymentConfigError(
      `Context "siemDestinationArn" must be a CloudWatch Logs destination ARN (arn:aws:logs:<region>:<account>:destination:<name>), got "${arn}".`,
    );
  }
  return { siemDestinationArn: arn };
}

/** `"KZ"`, `"KZ,UZ"` or `["KZ"]` → `["KZ"]`; absent → `[]`. */
function countries(node: Node, key: string): string[] {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return [];
  const list = typeof raw === 'string' ? raw.split(',').map((c) => c.trim()) : raw;
  if (!Array.isArray(list) || !list.every((c) => typeof c === 'string' && /^[A-Z]{2}$/.test(c))) {
    throw new DeploymentConfigError(
      `Context "${key}" must list ISO 3166 alpha-2 country codes, e.g. "KZ"; got ${JSON.stringify(raw)}.`,
    );
  }
  return list as string[];
}
