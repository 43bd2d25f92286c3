import * as pulumi from '@pulumi/pulumi';
import { generatedAnswers, stackFileConfig } from './helpers/repo';

type Program = typeof import('../index');

const answers = generatedAnswers();
const registered: string[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(`${args.type}::${args.name}`);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'TapStack',
    answers.stack,
    true,
  );
});

const savedSuffix = process.env.ENVIRONMENT_SUFFIX;
beforeEach(() => {
  registered.length = 0;
  delete process.env.ENVIRONMENT_SUFFIX;
});
afterAll(() => {
  if (savedSuffix === undefined) delete process.env.ENVIRONMENT_SUFFIX;
  else process.env.ENVIRONMENT_SUFFIX = savedSuffix;
});

/** Runs index.ts afresh, as `pulumi preview` would, with `config` as the stack config. */
async function runProgram(config: Record<string, string>): Promise<Program> {
  pulumi.runtime.setAllConfig(config);
  let program: Program | undefined;
  await jest.isolateModulesAsync(async () => {
    program = await import('../index');
  });
  return program as Program;
}

describe('the Pulumi program (index.ts)', () => {
  it(`exports the checked config of Pulumi.${answers.stack}.yaml as its stack outputs`, async () => {
    expect({ ...(await runProgram(stackFileConfig(answers.stack))) }).toEqual({
      environmentSuffix: answers.environmentSuffix,
      primaryRegion: answers.primaryRegion,
      secondaryRegion: answers.secondaryRegion,
      engine: answers.engine,
      engineVersion: answers.engineVersion,
    });
  });

  it('creates no resources yet', async () => {
    await runProgram(stackFileConfig(answers.stack));
    expect(registered).toEqual([]);
  });

  it('takes the suffix from ENVIRONMENT_SUFFIX when it is set', async () => {
    process.env.ENVIRONMENT_SUFFIX = 'pr4711';
    expect((await runProgram(stackFileConfig(answers.stack))).environmentSuffix).toBe('pr4711');
  });

  it('stops with the validation message, naming field and value, before registering anything', async () => {
    const config = { ...stackFileConfig(answers.stack), 'TapStack:primaryVpcCidr': '10.0.0.1/16' };
    // The program runs in its own module registry, so its error class is not this file's one: check the name.
    await expect(runProgram(config)).rejects.toThrow(
      expect.objectContaining({
        name: 'InvalidAnswersError',
        message: expect.stringContaining('primaryVpcCidr = "10.0.0.1/16": has host bits set; the network address is 10.0.0.0/16'),
      }),
    );
    expect(registered).toEqual([]);
  });
});
