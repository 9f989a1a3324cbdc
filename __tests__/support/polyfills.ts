/*
 * Jest setup (jest.config.js setupFiles): aws-local-stepfunctions calls Promise.withResolvers, which Node 20 lacks.
 */
import '../../tools/lib/fault-matrix/promise-with-resolvers';
