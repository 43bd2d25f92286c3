import * as pulumi from '@pulumi/pulumi';
import { mockCall, mockId, mockState, type ExistingZone } from './aws-mocks';

/**
 * Runs Pulumi code in-process under `pulumi.runtime.setMocks`, the way `pulumi preview` would run it,
 * and records every resource: type, name, inputs, parent, provider and the AWS region it resolves
 * to. Ids, ARNs and attributes come from ./aws-mocks.ts. Behind `npm run preview:offline`,
 * `npm run policy` and `npm run diagram` (scripts/), and the unit tests' resource graphs; no Pulumi
 * CLI, no AWS.
 */

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** `type::name` of the parent resource, or undefined for children of the stack. */
  readonly parent?: string;
  /** Name of the provider resource that manages it (custom resources only). */
  readonly provider?: string;
  /** AWS region it lives in: its own `region` input, else its provider's region. */
  readonly region?: string;
  readonly custom: boolean;
  /** Whether the program asked Pulumi to protect it (`protect: true`). */
  readonly protect?: boolean;
  /** `type::name` of the resources named in its `dependsOn` option, when it has one. */
  readonly dependsOn?: string[];
  /**
   * The id the mocks gave it (custom resources only): inputs holding another resource's id refer to it,
   * so a reader of the graph can follow references (a record's health check, a calculated check's children).
   */
  readonly id?: string;
  /** Inputs the program told Pulumi not to change back (`ignoreChanges`), when it named any. */
  readonly ignoreChanges?: readonly string[];
}

/** An invoke (data source call) the program made: its Pulumi token and the AWS region it was asked in. */
export interface RecordedInvoke {
  readonly token: string;
  readonly region?: string;
}

export interface OfflineRun {
  readonly resources: RecordedResource[];
  readonly outputs: Record<string, unknown>;
  /** The invokes the program made, one per token and region, sorted (docs/preview-policy.json grants their reads). */
  readonly invokes?: RecordedInvoke[];
}

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider?: string;
  custom: boolean;
  id: string;
}

const key = (type: string, name: string) => `${type}::${name}`;

const STACK_TYPE = 'pulumi:pulumi:Stack';

/** Provider name from a mock provider reference `urn:pulumi:…::name::id`. */
function providerName(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const parts = reference.split('::');
  return parts[parts.length - 2];
}

/**
 * Runs `program` as the body of a Pulumi stack named `stack` of project `project` under mocks and
 * returns every resource it registered and the stack outputs.
 */
export interface OfflineOptions {
  project?: string;
  stack?: string;
  config?: Record<string, string>;
  /**
   * Public hosted zones the mocked account already has (zone ID → name). By default the one the stack
   * config names: `TapStack:publicHostedZoneId` holding `TapStack:publicDomainName`.
   */
  existingZones?: Record<string, ExistingZone>;
}

/** The existing public zone a stack config points the application tier at, as the mocked account holds it. */
export function existingZonesIn(config: Readonly<Record<string, string>> = {}): Record<string, ExistingZone> {
  const zoneId = config['TapStack:publicHostedZoneId'];
  const name = config['TapStack:publicDomainName'];
  return zoneId && name ? { [zoneId]: { name } } : {};
}

export async function runOffline(
  program: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  options: OfflineOptions = {},
): Promise<OfflineRun> {
  // Pulumi keeps a stack trace of every promise it makes (for its promise-leak report), and under
  // jest every frame of it goes through jest's source-map lookup: with jest's 100 frames that was
  // half of the unit tests' CPU time. While the program runs, an error keeps its top frame only: the
  // line that threw. The scripts print messages only, so they lose nothing.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = PROGRAM_STACK_FRAMES;
  try {
    return await record(program, options);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Frames an error made while the program runs keeps (Node's default is 10, jest's 100). */
export const PROGRAM_STACK_FRAMES = 1;

async function record(
  program: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  options: OfflineOptions,
): Promise<OfflineRun> {
  const existingZones = options.existingZones ?? existingZonesIn(options.config);
  const registrations: Registration[] = [];
  const invokes = new Map<string, RecordedInvoke>();
  const providerRegions = new Map<string, string>();
  const parents = new Map<string, string>();
  const protectedKeys = new Set<string>();
  const explicitDependencies = new Map<string, string[]>();
  const ignoredChanges = new Map<string, string[]>();

  // URNs carry the types of every ancestor, as Pulumi writes them: parentType$childType. The stack
  // transformation records a resource's parent before the mocks are asked to create it.
  const qualifiedType = (type: string, name: string): string => {
    const parent = parents.get(key(type, name));
    if (!parent) return type;
    const [parentType, parentName] = parent.split('::');
    return `${qualifiedType(parentType, parentName)}$${type}`;
  };
  const urnOf = (type: string, name: string) => `urn:pulumi:${options.stack ?? 'dev'}::${options.project ?? 'TapStack'}::${qualifiedType(type, name)}::${name}`;

  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const inputs = (await settle(args.inputs)) as Record<string, unknown>;
        if (args.type === 'pulumi:providers:aws') providerRegions.set(args.name, String(inputs.region));
        const provider = providerName(args.provider);
        const region = (inputs.region as string | undefined) ?? (provider ? providerRegions.get(provider) : undefined);
        const id = mockId({ urn: urnOf(args.type, args.name), type: args.type, name: args.name, inputs, region });
        registrations.push({ type: args.type, name: args.name, inputs, provider, custom: args.custom === true, id });
        return { id, state: mockState(args.type, args.name, inputs, region, id) };
      },
      call: (args) => {
        const provider = providerName(args.provider);
        const region = ((args.inputs as Record<string, unknown>).region as string | undefined) ?? (provider ? providerRegions.get(provider) : undefined);
        invokes.set(`${args.token}@${region ?? ''}`, { token: args.token, ...(region ? { region } : {}) });
        return mockCall(args.token, args.inputs as Record<string, unknown>, provider ? providerRegions.get(provider) : undefined, existingZones);
      },
    },
    options.project ?? 'TapStack',
    options.stack ?? 'dev',
    true,
  );
  if (options.config) pulumi.runtime.setAllConfig(options.config);

  let failure: unknown;
  const outputs = (await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      if (args.opts.protect) protectedKeys.add(key(args.type, args.name));
      const dependsOn = [args.opts.dependsOn ?? []].flat().filter(pulumi.Resource.isInstance);
      if (dependsOn.length > 0) explicitDependencies.set(key(args.type, args.name), dependsOn.map((d) => key(pulumiType(d), pulumiName(d))));
      if (args.opts.ignoreChanges?.length) ignoredChanges.set(key(args.type, args.name), [...args.opts.ignoreChanges]);
      const parent = args.opts.parent;
      if (parent && pulumiType(parent) !== STACK_TYPE) {
        parents.set(key(args.type, args.name), key(pulumiType(parent), pulumiName(parent)));
      }
      return undefined;
    });
    try {
      return (await maskSecretOutputs(await program())) as Record<string, unknown>;
    } catch (error) {
      failure = error;
      return {};
    }
  })) as Record<string, unknown>;
  // Registrations that wait on others (dependsOn, outputs) finish after the program returns, also
  // when it failed half way: wait for them, then report the program's error.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  if (failure !== undefined) throw failure;

  const resources = registrations
    .filter((r) => r.type !== STACK_TYPE)
    .map((r) => {
      const parent = parents.get(key(r.type, r.name));
      const region = (r.inputs.region as string | undefined) ?? (r.provider ? providerRegions.get(r.provider) : undefined);
      return {
        urn: urnOf(r.type, r.name),
        type: r.type,
        name: r.name,
        inputs: maskSecrets(r.inputs) as Record<string, unknown>,
        parent,
        provider: r.provider,
        region: r.type === 'pulumi:providers:aws' ? String(r.inputs.region) : region,
        custom: r.custom,
        ...(r.custom ? { id: r.id } : {}),
        ...(protectedKeys.has(key(r.type, r.name)) ? { protect: true } : {}),
        ...(explicitDependencies.has(key(r.type, r.name)) ? { dependsOn: explicitDependencies.get(key(r.type, r.name)) } : {}),
        ...(ignoredChanges.has(key(r.type, r.name)) ? { ignoreChanges: ignoredChanges.get(key(r.type, r.name)) } : {}),
      };
    });
  return { resources, outputs, invokes: [...invokes.keys()].sort().map((k) => invokes.get(k) as RecordedInvoke) };
}

/** Inputs with promises inside (an archive's path) settled, so they can be printed and compared. */
async function settle(value: unknown): Promise<unknown> {
  const resolved = await value;
  if (Array.isArray(resolved)) return Promise.all(resolved.map(settle));
  if (resolved === null || typeof resolved !== 'object') return resolved;
  const entries = await Promise.all(Object.entries(resolved).map(async ([k, v]) => [k, await settle(v)] as const));
  return Object.fromEntries(entries);
}

/** Pulumi's marker on serialized secret values. */
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';
export const MASKED = '[secret]';

/**
 * The program's exports with its secret outputs as `[secret]`. Pulumi resolves stack outputs to plain
 * values, secrets included, so they are masked before it does; secretness spreads to every output
 * made from a secret, so the outputs at the top of each export are the ones to ask.
 */
async function maskSecretOutputs(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) return (await pulumi.isSecret(value)) ? MASKED : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Promise.all(value.map(maskSecretOutputs));
  const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await maskSecretOutputs(v)] as const));
  return Object.fromEntries(entries);
}

/** Secret inputs as `[secret]`, as `pulumi preview` shows them; everything else unchanged. */
function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIGNATURE] === '1b47061264138c4ac30d75fd1eb44270') return MASKED;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, maskSecrets(v)]));
}

/** The type token and logical name Pulumi keeps on every resource object. */
function pulumiType(resource: pulumi.Resource): string {
  return (resource as unknown as { __pulumiType: string }).__pulumiType;
}
function pulumiName(resource: pulumi.Resource): string {
  return (resource as unknown as { __name: string }).__name;
}
