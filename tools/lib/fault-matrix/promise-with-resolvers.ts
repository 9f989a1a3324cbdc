/*
 * aws-local-stepfunctions calls Promise.withResolvers, which Node 20 lacks: installed here for the fault-matrix
 * generator and the transitions benchmark (tsx) and, through __tests__/support/polyfills.ts, for Jest.
 */
type Resolvers = { promise: Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
const P = Promise as unknown as { withResolvers?: () => Resolvers };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
export {};
