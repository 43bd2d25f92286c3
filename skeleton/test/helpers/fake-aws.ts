// A local stand-in for AWS APIs, for bundle tests: the SDK clients in an invoked bundle are pointed at
// it with AWS_ENDPOINT_URL_<SERVICE>. It records every request (query-protocol parameters parsed) and
// answers with what the test's `answer` returns; a request it has no answer for gets AWS's error shape
// for an unknown operation, so an unexpected call fails loudly instead of passing by accident.
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface AwsRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Form parameters of a query-protocol request (RDS, SNS): `Action`, `GlobalClusterIdentifier`, … */
  readonly params: Readonly<Record<string, string>>;
}

export interface AwsAnswer {
  readonly status?: number;
  readonly contentType: string;
  readonly body: string;
}

export interface FakeAws {
  readonly url: string;
  readonly requests: AwsRequest[];
  close(): Promise<void>;
}

export async function fakeAws(answer: (request: AwsRequest) => AwsAnswer | undefined): Promise<FakeAws> {
  const requests: AwsRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const formEncoded = String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded');
      const recorded: AwsRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        body,
        params: formEncoded ? Object.fromEntries(new URLSearchParams(body)) : {},
      };
      requests.push(recorded);
      const reply = answer(recorded) ?? {
        status: 400,
        contentType: 'text/xml',
        body: `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the fake has no answer for ${recorded.method} ${recorded.path} ${recorded.params.Action ?? ''}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
      };
      response.statusCode = reply.status ?? 200;
      response.setHeader('content-type', reply.contentType);
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A query-protocol (RDS, SNS) success response: `<{Action}Response><{Action}Result>{result}</…>`. */
export function queryResponse(action: string, namespace: string, result: string): AwsAnswer {
  return {
    contentType: 'text/xml',
    body: `<${action}Response xmlns="${namespace}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`,
  };
}
