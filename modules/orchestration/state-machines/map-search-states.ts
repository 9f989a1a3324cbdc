import type { State } from './asl-types';
import { catchAll } from './retry-and-catch';

/**
 * Map + Choice `StringEqualsPath` search: every item of `itemsPath` is marked matched when its `key` equals the
 * value at `wantedPath` (the matched item gets the defaults at `defaultsPath` merged in for optional fields), then
 * a Pass state reduces the marks to `{ found, results }` at `resultPath`. One Map iteration (two inner
 * transitions) per item; no loops. Pick the match with the filter `results[?(@.matched == true)]` once found.
 */
export function searchStates(o: {
  map: string; check: string; comment: string; itemsPath: string; item: string; key: string; wantedPath: string; defaultsPath: string;
  inner: { test: string; matches: string; doesNotMatch: string }; resultPath: string; onError: string; next: string;
}): Record<string, State> {
  return {
    [o.map]: {
      Type: 'Map',
      Comment: o.comment,
      ItemsPath: o.itemsPath,
      ItemSelector: { [`${o.item}.$`]: '$$.Map.Item.Value', 'wanted.$': o.wantedPath, 'defaults.$': o.defaultsPath },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: o.inner.test,
        States: {
          [o.inner.test]: {
            Type: 'Choice',
            Choices: [{ Variable: `$.${o.item}.${o.key}`, StringEqualsPath: '$.wanted', Next: o.inner.matches }],
            Default: o.inner.doesNotMatch,
          },
          [o.inner.matches]: { Type: 'Pass', Parameters: { 'matched': true, [`${o.item}.$`]: `States.JsonMerge($.defaults, $.${o.item}, false)` }, End: true },
          [o.inner.doesNotMatch]: { Type: 'Pass', Result: { matched: false }, End: true },
        },
      },
      ResultSelector: { 'flags.$': '$[*].matched', 'results.$': '$' },
      ResultPath: o.resultPath,
      Catch: [catchAll(o.onError)],
      Next: o.check,
    },
    [o.check]: {
      Type: 'Pass',
      Parameters: { 'found.$': `States.ArrayContains(${o.resultPath}.flags, true)`, 'results.$': `${o.resultPath}.results` },
      ResultPath: o.resultPath,
      Next: o.next,
    },
  };
}
