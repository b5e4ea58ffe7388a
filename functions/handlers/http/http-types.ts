import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import type { ConnectionState } from '../../core/ports/connections.js';
import type { Principal } from '../../core/use-cases/context.js';
import type { RawBody, WireFormat } from '../../core/wire/read-body.js';

/** An API Gateway HTTP API (payload v2) event, as AWS and the local server deliver it. */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** What the gateway's middleware adds to an event before the route runs. */
export interface GatewayHttpEvent extends HttpEvent {
  /** The authenticated caller (absent only on public routes). */
  principal?: Principal;
  /** The checked, digested body (routes that take one). */
  rawBody?: RawBody;
  /** The body's bytes exactly as received (for the verbatim archive). */
  rawBytes?: Uint8Array;
  /** The representation the response will use (from Accept, else the request's format). */
  responseFormat: WireFormat;
  /**
   * A media type other than JSON or XML that the route offers and `Accept` chose (the
   * compliance report's CSV and XLSX); problems are then JSON.
   */
  responseMediaType?: string;
  /** Items a listing returned, counted toward `policy.readLimitPerHour` (п.90-1(3)). */
  itemsRead?: number;
  /** The caller's connection state as admitted (п.90-1(3)); the visit is recorded once the route succeeded. */
  connection?: ConnectionState | null;
}
