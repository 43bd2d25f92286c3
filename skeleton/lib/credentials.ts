import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { Engine } from './config/aws-facts';
import type { Side } from './regions';

/** The master user of the global database; the same on both clusters after a failover. */
export const MASTER_USERNAME = 'dbadmin';
export const DATABASE_NAME = 'tapdr';

/**
 * Punctuation the generated password may use. RDS `CreateDBCluster` `MasterUserPassword`: 8 to 41
 * characters, any printable ASCII character except "/", '"' or "@"; no spaces either
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html).
 */
export const PASSWORD_SPECIAL_CHARACTERS = '!#$%&*()-_=+[]{}<>:?';

export interface DatabaseCredentialsArgs {
  readonly primary: Side;
  readonly secondary: Side;
  readonly primaryKeyArn: pulumi.Input<string>;
  readonly secondaryKeyArn: pulumi.Input<string>;
  readonly engine: Engine;
  readonly port: number;
  /** Off: the secret is deleted at once on destroy, so the stack can be re-created under the same name. */
  readonly deletionProtection: boolean;
}

/** The secret's value, as the canaries and the failover automation read it. */
export function credentialsJson(engine: Engine, port: number, password: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({ engine, username: MASTER_USERNAME, password, port, dbname: DATABASE_NAME });
}

/** The ARN of a secret's replica: the same ARN in another region. */
export function replicaSecretArn(secretArn: string, region: string): string {
  const parts = secretArn.split(':');
  parts[3] = region;
  return parts.join(':');
}

/**
 * The master password of the global database. Managed master passwords are not available for
 * clusters in a global database, so the password is generated here and kept in a secret that is
 * replicated to the secondary region: the secondary canary and the failover automation can read it
 * when the primary region is gone.
 */
export class DatabaseCredentials extends pulumi.ComponentResource {
  public readonly secretArn: pulumi.Output<string>;
  public readonly secondarySecretArn: pulumi.Output<string>;
  public readonly username: string;
  public readonly password: pulumi.Output<string>;
  public readonly databaseName: string;

  constructor(name: string, args: DatabaseCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:DatabaseCredentials', name, {}, opts);
    const { primary, secondary } = args;

    const password = new random.RandomPassword(`${name}-password`, {
      length: 32,
      special: true,
      overrideSpecial: PASSWORD_SPECIAL_CHARACTERS,
    }, { parent: this });

    const secret = new aws.secretsmanager.Secret(`${name}-secret`, {
      name: primary.name('secret', 'secret', 'db-master'),
      description: 'Master credentials of the Aurora global database',
      kmsKeyId: args.primaryKeyArn,
      replicas: [{ region: secondary.region, kmsKeyId: args.secondaryKeyArn }],
      recoveryWindowInDays: args.deletionProtection ? 7 : 0,
    }, { parent: this, provider: primary.provider });

    new aws.secretsmanager.SecretVersion(`${name}-secret-value`, {
      secretId: secret.id,
      secretString: credentialsJson(args.engine, args.port, password.result),
    }, { parent: this, provider: primary.provider });

    this.secretArn = secret.arn;
    this.secondarySecretArn = secret.arn.apply((arn) => replicaSecretArn(arn, secondary.region));
    this.username = MASTER_USERNAME;
    this.password = pulumi.secret(password.result);
    this.databaseName = DATABASE_NAME;
    this.registerOutputs({
      secretArn: this.secretArn,
      secondarySecretArn: this.secondarySecretArn,
      username: this.username,
      password: this.password,
      databaseName: this.databaseName,
    });
  }
}
