import { describe, expect, it } from 'vitest';
import { LonelyPsu } from '../../schemas/survey.js';
import { Lang } from '../../schemas/common.js';
import { ciChoices, dfChoices, langChoices, lonelyPsuChoices, stageNames } from '../../pipeline/cli/choices.js';
import { didYouMean, editDistance } from '../../pipeline/did-you-mean.js';
import { stageNames as runnerStages } from '../../pipeline/run.js';
import { EstimateArgs } from '../../schemas/estimate-command.js';

describe('didYouMean', () => {
  const commands = ['init', 'validate', 'run', 'estimate', 'check'];
  it.each([
    ['valdiate', 'validate'],
    ['VALIDATE', 'validate'],
    ['validat', 'validate'],
    ['rnu', 'run'],
    ['chekc', 'check'],
    ['estimat', 'estimate'],
  ])('%s -> %s', (word, expected) => {
    expect(didYouMean(word, commands)).toBe(expected);
  });

  it.each([['frobnicate'], ['x'], [''], ['report']])('%j -> nothing close', (word) => {
    expect(didYouMean(word, commands)).toBeNull();
  });

  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('regoin', 'region')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('the CLI choices mirror the schemas they stand for', () => {
  it('languages, lonely PSU options, interval methods and stages', () => {
    expect([...langChoices]).toEqual(Lang.options);
    expect([...lonelyPsuChoices]).toEqual(LonelyPsu.options);
    expect([...ciChoices]).toEqual(EstimateArgs.shape.ci.unwrap().options);
    expect([...dfChoices]).toEqual(EstimateArgs.shape.df.unwrap().options);
    expect(stageNames).toBe(runnerStages);
  });
});
