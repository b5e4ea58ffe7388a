/**
 * Onboards a party on AWS, or rotates its credentials (docs/deploy.md):
 *
 *   npx tsx scripts/onboard-party.ts --party soc-alpha --role soc [--name "SOC Alpha"] [--webhook-url https://…]
 *   npx tsx scripts/onboard-party.ts --party soc-alpha --rotate
 *   npx tsx scripts/onboard-party.ts --party ncc-admin --role admin --register-admin --client-id <id> --table <name>
 *
 * A party is two things: a Cognito app client (client-credentials, scope
 * `ncc-gateway/<role>`), declared in cdk.json `parties` so that the API's authorizer
 * accepts it, and a registry entry (PUT /v1/parties/{id}) that names that client.
 * The script prints the AWS CLI and curl commands for the operator to review and run:
 * it changes nothing itself, except `--register-admin`, which writes the first admin's
 * registry entry straight to the table (there is no admin yet to call the API).
 * Stage and region default to cdk.json's context; `--stage`/`--region` override them.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDynamoDbClient } from '../functions/adapters/aws-clients.js';
import { createDynamoGatewayStore } from '../functions/adapters/dynamodb/index.js';
import type { PartyRecord } from '../functions/core/ports/records.js';
import { SCOPE_PREFIX } from '../functions/handlers/http/middleware/authenticate.js';

const ROLES = ['soc', 'ncc', 'owner', 'authority', 'admin'] as const;
type Role = (typeof ROLES)[number];
const PARTY_ID = /^[a-z0-9][a-z0-9_-]{1,63}$/;

const USAGE = `Usage:
  npx tsx scripts/onboard-party.ts --party <id> --role <${ROLES.join('|')}> [--name <name>] [--webhook-url <https://…>] [--stage <stage>] [--region <region>]
  npx tsx scripts/onboard-party.ts --party <id> --rotate [--stage <stage>] [--region <region>]
  npx tsx scripts/onboard-party.ts --party <id> --role admin --register-admin --client-id <id> --table <table> [--region <region>]`;

interface CdkContext {
  stage?: string;
  region?: string;
  parties?: Record<string, string>;
}

function cdkContext(): CdkContext {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context?: CdkContext;
  };
  return cdkJson.context ?? {};
}

function isRole(value: string | undefined): value is Role {
  return (ROLES as readonly string[]).includes(value ?? '');
}

/** Shell-quotes a value for the printed commands. */
const q = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

function stackQueries(stage: string, region: string): string {
  const output = (stack: string, key: string) =>
    `aws cloudformation describe-stacks --region ${region} --stack-name NccGateway-${stage}-${stack} --query "Stacks[0].Outputs[?OutputKey=='${key}'].OutputValue" --output text`;
  return [
    `USER_POOL_ID=$(${output('Stateful', 'UserPoolId')})`,
    `TOKEN_ENDPOINT=$(${output('Stateful', 'TokenEndpoint')})`,
    `API_URL=$(${output('Stateless', 'ApiUrl')})`,
  ].join('\n');
}

function clientIdQuery(stage: string, region: string, party: string): string {
  return `CLIENT_ID=$(aws cloudformation describe-stacks --region ${region} --stack-name NccGateway-${stage}-Stateful --query "Stacks[0].Outputs[?OutputKey=='PartyClientIds'].OutputValue" --output text | jq -r ${q(`.["${party}"]`)})`;
}

function onboardingSteps(options: {
  party: string;
  role: Role;
  name: string;
  webhookUrl?: string;
  stage: string;
  region: string;
  declared: Record<string, string>;
}): string {
  const { party, role, name, webhookUrl, stage, region, declared } = options;
  const parties = { ...declared, [party]: role };
  const body = {
    role,
    name,
    clientId: '__CLIENT_ID__',
    ...(webhookUrl ? { webhook: { url: webhookUrl, secret: '__WEBHOOK_SECRET__' } } : {}),
  };
  const alreadyDeclared = declared[party] === role;
  return `# Onboarding party "${party}" (role ${role}) on stage ${stage}, region ${region}.
# Review each step, then run it. Nothing has been changed yet.

# 1. Declare its app client ${alreadyDeclared ? '(already in cdk.json; deploy if not yet deployed)' : 'in cdk.json'}: context "parties" becomes
#      "parties": ${JSON.stringify(parties)}
#    then deploy both stacks (the stateful one creates the client, the stateless one
#    adds it to the authorizer's audience):
npx cdk deploy --all -c stage=${stage} -c region=${region}

# 2. Read the ids, the client id and its secret.
${stackQueries(stage, region)}
${clientIdQuery(stage, region, party)}
CLIENT_SECRET=$(aws cognito-idp describe-user-pool-client --region ${region} --user-pool-id "$USER_POOL_ID" --client-id "$CLIENT_ID" --query 'UserPoolClient.ClientSecret' --output text)
#    Hand CLIENT_ID, CLIENT_SECRET, TOKEN_ENDPOINT and API_URL to the party over a
#    channel fit for credentials (not plain e-mail). It asks for tokens with:
#    curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials -d scope=${SCOPE_PREFIX}${role} "$TOKEN_ENDPOINT"

# 3. Register it in the party registry, as an admin party${role === 'admin' ? ' (for the very first admin, use --register-admin instead; see docs/deploy.md)' : ''}.
ADMIN_TOKEN=$(curl -s -u "$ADMIN_CLIENT_ID:$ADMIN_CLIENT_SECRET" -d grant_type=client_credentials -d scope=${SCOPE_PREFIX}admin "$TOKEN_ENDPOINT" | jq -r .access_token)
${webhookUrl ? `WEBHOOK_SECRET=$(openssl rand -hex 32)   # share it with the party with the credentials\n` : ''}curl -sS -X PUT "$API_URL"v1/parties/${party} \\
  -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \\
  -d "$(jq -nc --arg client "$CLIENT_ID"${webhookUrl ? ' --arg secret "$WEBHOOK_SECRET"' : ''} ${q(
    JSON.stringify(body)
      .replace('"__CLIENT_ID__"', '$client')
      .replace('"__WEBHOOK_SECRET__"', '$secret'),
  )})"
#    Add sectors, objects and policy to the body as docs/contract.md §10 shows.

# 4. Check: a token for the party reaches the API (200), and its inbox answers.
PARTY_TOKEN=$(curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials -d scope=${SCOPE_PREFIX}${role} "$TOKEN_ENDPOINT" | jq -r .access_token)
curl -sS -H "authorization: Bearer $PARTY_TOKEN" "$API_URL"v1/deliveries
`;
}

function rotationSteps(party: string, stage: string, region: string): string {
  return `# Rotating the credentials of party "${party}" on stage ${stage}, region ${region}.
# Cognito keeps up to two secrets per app client, so the party switches without downtime.

${stackQueries(stage, region)}
${clientIdQuery(stage, region, party)}

# 1. Add a second secret; the output holds the new secret (ClientSecretValue) once.
aws cognito-idp add-user-pool-client-secret --region ${region} --user-pool-id "$USER_POOL_ID" --client-id "$CLIENT_ID"

# 2. Hand the new secret to the party; wait until it reports using it.

# 3. List the secrets and delete the old one by its ClientSecretId.
aws cognito-idp list-user-pool-client-secrets --region ${region} --user-pool-id "$USER_POOL_ID" --client-id "$CLIENT_ID"
aws cognito-idp delete-user-pool-client-secret --region ${region} --user-pool-id "$USER_POOL_ID" --client-id "$CLIENT_ID" --client-secret-id OLD_SECRET_ID

# Access tokens already issued with the old secret stay valid until they expire (1 hour).
# To cut the party off at once instead, remove it from cdk.json "parties" and deploy
# (its client leaves the authorizer's audience), then onboard it again.
# Its webhook secret is rotated separately, with PUT /v1/parties/${party}.
`;
}

async function registerAdmin(options: {
  party: string;
  name: string;
  clientId: string;
  table: string;
  region: string;
}) {
  const store = createDynamoGatewayStore({
    client: createDynamoDbClient({ region: options.region }),
    tableName: options.table,
  });
  if (await store.getParty(options.party)) {
    throw new Error(
      `Party ${options.party} is already registered; change it with PUT /v1/parties/${options.party}.`,
    );
  }
  const now = new Date().toISOString();
  const record: PartyRecord = {
    id: options.party,
    role: 'admin',
    name: options.name,
    clientId: options.clientId,
    createdAt: now,
    updatedAt: now,
  };
  await store.putParty(record);
  return record;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      party: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'webhook-url': { type: 'string' },
      stage: { type: 'string' },
      region: { type: 'string' },
      rotate: { type: 'boolean', default: false },
      'register-admin': { type: 'boolean', default: false },
      'client-id': { type: 'string' },
      table: { type: 'string' },
    },
    strict: true,
  });
  const context = cdkContext();
  const party = values.party;
  if (party === undefined || !PARTY_ID.test(party))
    throw new Error(`--party must be 2–64 lowercase letters, digits, "_" or "-".\n${USAGE}`);
  const stage = values.stage ?? context.stage ?? 'prod';
  const region = values.region ?? context.region ?? 'eu-central-1';

  if (values.rotate) {
    process.stdout.write(rotationSteps(party, stage, region));
    return;
  }
  const role = values.role;
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}.\n${USAGE}`);
  const name = values.name ?? party;

  if (values['register-admin']) {
    if (role !== 'admin')
      throw new Error(
        '--register-admin registers the first admin only; register other parties through the API.',
      );
    const clientId = values['client-id'];
    const table = values.table;
    if (!clientId || !table)
      throw new Error(`--register-admin needs --client-id and --table.\n${USAGE}`);
    const record = await registerAdmin({ party, name, clientId, table, region });
    process.stdout.write(
      `Registered ${record.id} (admin, client ${record.clientId}) in ${table}.\n`,
    );
    return;
  }

  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined && !webhookUrl.startsWith('https://'))
    throw new Error('--webhook-url must be https:// on AWS (docs/contract.md §10).');
  process.stdout.write(
    onboardingSteps({
      party,
      role,
      name,
      stage,
      region,
      declared: context.parties ?? {},
      ...(webhookUrl ? { webhookUrl } : {}),
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
