import { DEFAULT_PROBE_INTERVAL_SECONDS, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, MAX_WINDOW_SECONDS, connectOptions, loopSettings, parseSecret, readConfig, targetOf, type CanaryConfig } from '../../lambda/canary/config';

/** The environment the Pulumi program gives the function, plus what Lambda sets. */
const ENV = {
  AWS_REGION: 'eu-west-1',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
  DB_HOST: 'db.cluster-abc.eu-west-1.rds.amazonaws.com',
  DB_PORT: '5432',
  DB_NAME: 'app',
  DB_ENGINE: 'aurora-postgresql',
  CONNECT_TIMEOUT_MS: '3000',
};

describe('readConfig', () => {
  it('reads the environment the Pulumi program sets', () => {
    expect(readConfig({ ...ENV, PEER_HOST: ' primary.cluster-x.us-east-1.rds.amazonaws.com ', PROBE_INTERVAL_SECONDS: '10', PROBE_WINDOW_SECONDS: '70' }, 'aurora-postgresql')).toEqual({
      config: {
        region: 'eu-west-1',
        secretArn: ENV.DB_SECRET_ARN,
        host: ENV.DB_HOST,
        peerHost: 'primary.cluster-x.us-east-1.rds.amazonaws.com',
        intervalMs: 10_000,
        windowMs: 70_000,
        port: 5432,
        database: 'app',
        engine: 'aurora-postgresql',
        timeoutMs: 3000,
        tls: 'verify',
      },
    });
  });

  it('leaves port and database to the secret and defaults the timeout and TLS when they are not set', () => {
    const { DB_PORT: _port, DB_NAME: _name, CONNECT_TIMEOUT_MS: _timeout, ...rest } = ENV;
    expect(readConfig(rest, 'aurora-postgresql')).toEqual({
      config: {
        region: 'eu-west-1', secretArn: ENV.DB_SECRET_ARN, host: ENV.DB_HOST, intervalMs: DEFAULT_PROBE_INTERVAL_SECONDS * 1000, windowMs: 0,
        engine: 'aurora-postgresql', timeoutMs: DEFAULT_TIMEOUT_MS, tls: 'verify',
      },
    });
  });

  it('accepts DB_TLS=off for a local test database', () => {
    expect(readConfig({ ...ENV, DB_TLS: 'off' }, 'aurora-postgresql')).toMatchObject({ config: { tls: 'off' } });
  });

  it('names every problem at once', () => {
    expect(
      readConfig(
        { DB_HOST: '  ', DB_ENGINE: 'aurora-mysql', DB_PORT: '70000', CONNECT_TIMEOUT_MS: '1.5', DB_TLS: 'require', PROBE_INTERVAL_SECONDS: '0', PROBE_WINDOW_SECONDS: String(MAX_WINDOW_SECONDS + 1) },
        'aurora-postgresql',
      ),
    ).toEqual({
      problems: [
        'AWS_REGION is not set',
        'DB_SECRET_ARN is not set',
        'DB_HOST is not set',
        'DB_ENGINE is "aurora-mysql" but this function was built with the aurora-postgresql driver',
        'DB_PORT "70000" is not a port number (1-65535)',
        `CONNECT_TIMEOUT_MS "1.5" is not a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`,
        `PROBE_INTERVAL_SECONDS "0" is not a whole number of seconds from 1 to ${MAX_WINDOW_SECONDS}`,
        `PROBE_WINDOW_SECONDS "${MAX_WINDOW_SECONDS + 1}" is not a whole number of seconds from 0 to ${MAX_WINDOW_SECONDS}`,
        'DB_TLS "require" is neither "verify" (the default) nor "off"',
      ],
    });
  });

  it.each(['0', '-5', 'soon', String(MAX_TIMEOUT_MS + 1)])('rejects CONNECT_TIMEOUT_MS=%s', (value) => {
    expect(readConfig({ ...ENV, CONNECT_TIMEOUT_MS: value }, 'aurora-postgresql')).toEqual({
      problems: [`CONNECT_TIMEOUT_MS "${value}" is not a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`],
    });
  });

  it('requires DB_ENGINE', () => {
    const { DB_ENGINE: _engine, ...rest } = ENV;
    expect(readConfig(rest, 'aurora-postgresql')).toEqual({ problems: ['DB_ENGINE is not set'] });
  });
});

describe('loopSettings', () => {
  it('a scheduled invocation probes every interval for the window', () => {
    expect(loopSettings({ ...ENV, PROBE_INTERVAL_SECONDS: '10', PROBE_WINDOW_SECONDS: '70' }, 'aurora-postgresql')).toEqual({ intervalMs: 10_000, windowMs: 70_000, timeoutMs: 3000 });
  });

  it('an environment with problems: one probe, which then reports them', () => {
    expect(loopSettings({ ...ENV, PROBE_WINDOW_SECONDS: '70' }, 'aurora-mysql')).toEqual({ intervalMs: DEFAULT_PROBE_INTERVAL_SECONDS * 1000, windowMs: 0, timeoutMs: DEFAULT_TIMEOUT_MS });
  });
});

describe('parseSecret', () => {
  it('takes the RDS secret layout, with a port as number or text', () => {
    expect(parseSecret({ username: 'admin', password: 'pw', dbname: 'app', port: 5432, engine: 'postgres', host: 'ignored' })).toEqual({
      username: 'admin',
      password: 'pw',
      dbname: 'app',
      port: 5432,
    });
    expect(parseSecret({ username: 'admin', password: 'pw', port: '3306' })).toEqual({ username: 'admin', password: 'pw', port: 3306 });
    expect(parseSecret({ username: 'admin', password: 'pw', dbname: '', port: '' })).toEqual({ username: 'admin', password: 'pw' });
  });

  it.each([
    [undefined, 'the value is undefined, not a JSON object'],
    ['text', 'the value is string, not a JSON object'],
    [null, 'the value is null, not a JSON object'],
    [['admin'], 'the value is an array, not a JSON object'],
    [{ password: 'pw' }, 'username is missing or not a string'],
    [{ username: 'admin', password: 7 }, 'password is missing or not a string'],
    [{ username: 'admin', password: '' }, 'password is missing or not a string'],
    [{ username: 'admin', password: 'pw', port: 'x' }, 'port "x" is not a port number'],
    [{ username: 'admin', password: 'pw', port: true }, 'port true is not a port number'],
    [{ username: 'admin', password: 'pw', port: 0 }, 'port 0 is not a port number'],
  ])('rejects %j: %s', (value, problem) => {
    expect(parseSecret(value)).toBe(problem);
  });
});

describe('connectOptions and targetOf', () => {
  const config: CanaryConfig = { region: 'eu-west-1', secretArn: 'arn', host: 'db', intervalMs: 10_000, windowMs: 0, engine: 'aurora-postgresql', timeoutMs: 3000, tls: 'verify' };
  const secret = { username: 'admin', password: 'pw' };

  it('prefers the environment, then the secret, then the engine default port', () => {
    expect(connectOptions({ ...config, port: 6543, database: 'env' }, { ...secret, dbname: 'secret', port: 7000 }, 5432)).toEqual({
      host: 'db',
      port: 6543,
      database: 'env',
      user: 'admin',
      password: 'pw',
      timeoutMs: 3000,
      tls: 'verify',
    });
    expect(connectOptions(config, { ...secret, dbname: 'secret', port: 7000 }, 5432)).toMatchObject({ port: 7000, database: 'secret' });
    expect(connectOptions(config, { ...secret, dbname: 'secret' }, 5432)).toMatchObject({ port: 5432 });
    expect(connectOptions(config, { ...secret, dbname: 'secret' }, 5432, 'peer')).toMatchObject({ host: 'peer' });
  });

  it('needs a database name from DB_NAME or the secret', () => {
    expect(connectOptions(config, secret, 5432)).toBe('no database name: set DB_NAME or put dbname in the secret');
  });

  it('names the target as far as it is known', () => {
    expect(targetOf(config, 5432)).toBe('db:5432');
    expect(targetOf(config, 5432, { ...secret, dbname: 'app', port: 6000 })).toBe('db:6000/app');
    expect(targetOf({ ...config, port: 6543, database: 'env' }, 5432, { ...secret, dbname: 'app' })).toBe('db:6543/env');
    expect(targetOf(config, 5432, undefined, 'peer')).toBe('peer:5432');
  });
});
