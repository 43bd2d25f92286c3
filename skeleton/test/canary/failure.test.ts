import {
  CanaryError,
  classifyError,
  describeFailure,
  errorCode,
  summarizeError,
  type FailureCause,
  type FailureContext,
} from '../../lambda/canary/failure';

/** A Node system error such as `connect ECONNREFUSED 127.0.0.1:5432`. */
const systemError = (code: string) => Object.assign(new Error(`connect ${code} 10.0.1.5:5432`), { code });
/** An AWS SDK v3 service error, wrapped the way Powertools Parameters wraps it. */
const sdkError = (name: string) => {
  const cause = Object.assign(new Error(`${name} from the service`), { name });
  return Object.assign(new Error(cause.message, { cause }), { name: 'GetParameterError' });
};
const noDriverCause = () => undefined;

describe('classifyError', () => {
  it.each([
    ['ResourceNotFoundException', 'secret-not-found'],
    ['AccessDeniedException', 'secret-access-denied'],
    ['DecryptionFailure', 'secret-access-denied'],
    ['UnrecognizedClientException', 'secret-access-denied'],
    ['ExpiredTokenException', 'secret-access-denied'],
    ['CredentialsProviderError', 'secret-access-denied'],
    ['TimeoutError', 'secret-unreachable'],
    ['InternalServiceError', 'secret-error'],
  ])('reading the secret: %s is %s', (name, cause) => {
    expect(classifyError('secret', sdkError(name), noDriverCause)).toBe(cause);
  });

  it('reading the secret: a secret that is not JSON is secret-invalid', () => {
    const error = Object.assign(new Error("Unable to transform value using 'json' transform: Unexpected token"), { name: 'TransformParameterError' });
    expect(classifyError('secret', error, noDriverCause)).toBe('secret-invalid');
  });

  it('reading the secret: a network error on the way to Secrets Manager is secret-unreachable', () => {
    const wrapped = Object.assign(new Error('wrapped', { cause: systemError('ECONNREFUSED') }), { name: 'GetParameterError' });
    expect(classifyError('secret', wrapped, noDriverCause)).toBe('secret-unreachable');
    expect(classifyError('secret', systemError('ETIMEDOUT'), noDriverCause)).toBe('secret-unreachable');
  });

  it('reading the secret: something that is not an Error is secret-error', () => {
    expect(classifyError('secret', 'boom', noDriverCause)).toBe('secret-error');
    expect(classifyError('secret', undefined, noDriverCause)).toBe('secret-error');
  });

  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'connection-refused'],
    ['EHOSTUNREACH', 'network-unreachable'],
    ['ETIMEDOUT', 'timeout'],
    ['ECONNRESET', 'connection-lost'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['EWHATEVER', 'database-error'],
  ])('on the database: Node error %s is %s', (code, cause) => {
    expect(classifyError('connect', systemError(code), noDriverCause)).toBe(cause);
  });

  it("on the database: the driver's own cause comes first", () => {
    expect(classifyError('query', systemError('ECONNRESET'), () => 'timeout')).toBe('timeout');
    expect(classifyError('query', new Error('syntax error'), noDriverCause)).toBe('database-error');
  });

  it('keeps the cause of a CanaryError at every stage', () => {
    expect(classifyError('secret', new CanaryError('secret-invalid', 'no username'), noDriverCause)).toBe('secret-invalid');
    expect(classifyError('connect', new CanaryError('misconfigured', 'no database'), () => 'tls')).toBe('misconfigured');
  });
});

describe('errorCode and summarizeError', () => {
  it('reads the code, or the first inner code of an AggregateError (a host with several addresses)', () => {
    expect(errorCode(systemError('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(errorCode(new AggregateError([systemError('ECONNREFUSED'), systemError('ENETUNREACH')]))).toBe('ECONNREFUSED');
    expect(errorCode(new Error('no code'))).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode(Object.assign(new Error('numeric'), { code: 1045 }))).toBeUndefined();
  });

  it('keeps name, code and message, never a stack', () => {
    expect(summarizeError(systemError('ECONNREFUSED'))).toEqual({ name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.1.5:5432' });
    expect(summarizeError(new TypeError('bad'))).toEqual({ name: 'TypeError', message: 'bad' });
    expect(summarizeError('text')).toEqual({ name: 'string', message: 'text' });
    expect(summarizeError({})).toEqual({ name: 'object', message: '[object Object]' });
  });

  it('reads errors by their fields, so an error from another realm (a vm context) counts too', () => {
    const foreign = { name: 'Error', message: 'connect ECONNREFUSED 10.0.1.5:443', code: 'ECONNREFUSED' };
    expect(summarizeError(foreign)).toEqual(foreign);
    expect(classifyError('secret', { name: 'GetParameterError', message: 'wrapped', cause: foreign }, noDriverCause)).toBe('secret-unreachable');
  });
});

describe('describeFailure', () => {
  const context: FailureContext = {
    stage: 'connect',
    region: 'eu-west-1',
    secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
    target: 'db.example:5432/app',
    host: 'db.example',
    database: 'app',
    user: 'admin',
    timeoutMs: 5000,
    detail: 'DETAIL',
  };

  it.each<[FailureCause, string]>([
    ['misconfigured', "the function's environment is incomplete or invalid: DETAIL"],
    ['secret-not-found', `secret ${context.secretArn} does not exist in eu-west-1; in the secondary region DB_SECRET_ARN must name the replica of the secret there`],
    ['secret-access-denied', `not allowed to read secret ${context.secretArn} in eu-west-1: the function's role needs secretsmanager:GetSecretValue on it and kms:Decrypt on its key (DETAIL)`],
    ['secret-unreachable', 'cannot reach Secrets Manager in eu-west-1 within 5000 ms: a function in private subnets needs the secretsmanager interface VPC endpoint or a NAT route (DETAIL)'],
    ['secret-invalid', `secret ${context.secretArn} is not a JSON object with string username and password: DETAIL`],
    ['secret-error', `cannot read secret ${context.secretArn} in eu-west-1: DETAIL`],
    ['dns', 'cannot resolve db.example: no DNS record for DB_HOST (DETAIL)'],
    ['connection-refused', 'db.example:5432/app refused the connection: nothing listens there; wrong DB_PORT, or the database is down or restarting (DETAIL)'],
    ['network-unreachable', 'no network route to db.example:5432/app (DETAIL)'],
    ['timeout', 'no answer from db.example:5432/app within 5000 ms: a security group, network ACL or route blocks the port, or the database does not respond (DETAIL)'],
    ['authentication', `db.example:5432/app rejected user admin: wrong user name or password, or no access to the database; does secret ${context.secretArn} hold the cluster's current master password? (DETAIL)`],
    ['database-not-found', "database app does not exist on db.example:5432/app: check DB_NAME or the secret's dbname (DETAIL)"],
    ['database-unavailable', 'db.example:5432/app accepts no sessions right now: it is starting, shutting down, failing over or out of connections (DETAIL)'],
    ['tls', 'no trusted TLS session with db.example:5432/app: DETAIL'],
    ['connection-lost', 'the connection to db.example:5432/app broke during the connect step (DETAIL)'],
    ['database-error', 'the connect step on db.example:5432/app failed: DETAIL'],
  ])('%s: says what failed and where to look', (cause, message) => {
    expect(describeFailure(cause, context)).toBe(message);
  });

  it('timeout during a query: blames load or a lock, not the network', () => {
    expect(describeFailure('timeout', { ...context, stage: 'query' })).toBe(
      'a query on db.example:5432/app did not finish within 5000 ms: the database is overloaded or a lock blocks it (DETAIL)',
    );
  });
});
