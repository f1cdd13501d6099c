// Runs one synthetic API test the way Datadog's managed locations do: local variables generated for the run,
// a single request (subtype http) or the steps in order (subtype multi), each step's values extracted for
// the next, a failed step ending the run unless it allows failure, and the whole test retried per its
// `options.retry` before it counts as failed.
import type { SyntheticsApiDefinition } from '../../infra/datadog/src/definitions/types';
import { evaluateAssertion, type AssertionResult, type AssertionSpec } from './assertions';
import { extractValues, type ExtractionSpec } from './extract';
import { RequestError, send, type HttpRequest, type HttpResponse } from './http';
import { generateLocalVariables, mask, substitute, substituteAll, systemGenerators, type Generators, type Variables } from './variables';

export interface StepResult {
  name: string;
  passed: boolean;
  /** A failure here does not stop the run (the step's allowFailure). */
  allowFailure: boolean;
  method: string;
  /** Secure variables masked. */
  url: string;
  status?: number;
  responseTimeMs?: number;
  /** The Datadog trace id the request carried (x-datadog-trace-id). */
  traceId?: string;
  assertions: AssertionResult[];
  /** The request could not be built or sent, or a value could not be extracted. */
  error?: string;
}

export interface TestResult {
  key: string;
  name: string;
  subtype: string;
  passed: boolean;
  durationMs: number;
  /** 1, or more when the test was retried (options.retry). */
  attempts: number;
  /** The steps of the last attempt (one for subtype http). */
  steps: StepResult[];
}

export interface RunOptions {
  send?: (request: HttpRequest) => Promise<HttpResponse>;
  generators?: Generators;
  /** Apply options.retry (default true); tests turn it off to see one attempt. */
  retries?: boolean;
  sleep?: (milliseconds: number) => Promise<void>;
}

/** The fields of a step the runner reads (a SyntheticsAPITestStep, loosely: it may come from JSON). */
interface StepSpec {
  name?: string;
  subtype?: unknown;
  request?: { method?: string; url?: string; headers?: Record<string, string>; body?: string; timeout?: number };
  assertions?: AssertionSpec[];
  extractedValues?: ExtractionSpec[];
  allowFailure?: boolean;
  isCritical?: boolean;
  exitIfSucceed?: boolean;
  retry?: { count?: number; interval?: number };
}

const DEFAULT_TIMEOUT_SECONDS = 60;
const wait = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

async function runStep(step: StepSpec, variables: Variables, followRedirects: boolean, options: Required<Pick<RunOptions, 'send'>>): Promise<StepResult> {
  const method = (step.request?.method ?? 'GET').toUpperCase();
  const base: StepResult = { name: step.name ?? '(unnamed step)', passed: false, allowFailure: step.allowFailure ?? false, method, url: step.request?.url ?? '', assertions: [] };
  if (step.subtype !== undefined && step.subtype !== 'http') {
    return { ...base, error: `step subtype ${String(step.subtype)} is not supported by the local runner (http only)` };
  }
  let request: HttpRequest;
  try {
    const url = substitute(step.request?.url ?? '', variables);
    base.url = mask(url, variables);
    request = {
      method,
      url,
      headers: substituteAll(step.request?.headers, variables),
      ...(step.request?.body !== undefined ? { body: substitute(step.request.body, variables) } : {}),
      timeoutMs: (step.request?.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1_000,
      followRedirects,
    };
  } catch (error) {
    return { ...base, error: (error as Error).message };
  }

  let response: HttpResponse;
  try {
    response = await options.send(request);
  } catch (error) {
    if (error instanceof RequestError) return { ...base, traceId: error.traceId, responseTimeMs: error.elapsedMs, error: error.message };
    throw error;
  }
  const assertions = (step.assertions ?? []).map((assertion) => {
    const result = evaluateAssertion(assertion, response, variables);
    return { ...result, ...(result.actual !== undefined ? { actual: mask(result.actual, variables) } : {}) };
  });
  const answered = { ...base, status: response.status, responseTimeMs: response.responseTimeMs, traceId: response.traceId, assertions };
  if (!assertions.every((assertion) => assertion.passed)) return answered;
  try {
    for (const [name, value] of extractValues(step.extractedValues, response)) variables.set(name, value);
  } catch (error) {
    return { ...answered, error: `extraction failed: ${(error as Error).message}` };
  }
  return { ...answered, passed: true };
}

/** A step with its own retry (`retry.count` more tries, `retry.interval` ms apart). */
async function runStepWithRetry(step: StepSpec, variables: Variables, followRedirects: boolean, options: Required<Pick<RunOptions, 'send' | 'sleep'>>): Promise<StepResult> {
  const tries = 1 + Math.max(0, step.retry?.count ?? 0);
  let result = await runStep(step, variables, followRedirects, options);
  for (let attempt = 2; attempt <= tries && !result.passed; attempt++) {
    await options.sleep(step.retry?.interval ?? 300);
    result = await runStep(step, variables, followRedirects, options);
  }
  return result;
}

async function runOnce(definition: SyntheticsApiDefinition, options: Required<RunOptions>): Promise<{ passed: boolean; steps: StepResult[] }> {
  const body = definition.body;
  const failed = (error: string) => ({ passed: false, steps: [{ name: body.name, passed: false, allowFailure: false, method: '', url: '', assertions: [], error }] });
  let variables: Variables;
  try {
    variables = generateLocalVariables(body.config.configVariables, options.generators);
  } catch (error) {
    return failed((error as Error).message);
  }
  const followRedirects = body.options.followRedirects ?? true;
  const steps: StepSpec[] =
    body.subtype === 'multi'
      ? ((body.config.steps ?? []) as StepSpec[])
      : [{ name: body.name, subtype: 'http', request: body.config.request as StepSpec['request'], assertions: body.config.assertions as AssertionSpec[] }];
  if (body.subtype !== undefined && body.subtype !== 'http' && body.subtype !== 'multi') {
    return failed(`subtype ${String(body.subtype)} is not supported by the local runner`);
  }
  const results: StepResult[] = [];
  let passed = true;
  for (const step of steps) {
    const result = await runStepWithRetry(step, variables, followRedirects, options);
    results.push(result);
    if (!result.passed) {
      // A step that may fail still fails the test when it is critical (Datadog's default), unless marked otherwise.
      if (!(result.allowFailure && step.isCritical === false)) passed = false;
      if (!result.allowFailure) break;
    } else if (step.exitIfSucceed) {
      break;
    }
  }
  return { passed: passed && results.length > 0, steps: results };
}

export async function runApiTest(definition: SyntheticsApiDefinition, runOptions: RunOptions = {}): Promise<TestResult> {
  const options: Required<RunOptions> = {
    send: runOptions.send ?? send,
    generators: runOptions.generators ?? systemGenerators,
    retries: runOptions.retries ?? true,
    sleep: runOptions.sleep ?? wait,
  };
  const retry = definition.body.options.retry;
  const attemptsAllowed = 1 + (options.retries ? Math.max(0, retry?.count ?? 0) : 0);
  const started = performance.now();
  let attempts = 0;
  let outcome: { passed: boolean; steps: StepResult[] };
  do {
    if (attempts > 0) await options.sleep(retry?.interval ?? 300);
    attempts++;
    outcome = await runOnce(definition, options);
  } while (!outcome.passed && attempts < attemptsAllowed);
  return {
    key: definition.key,
    name: definition.body.name,
    subtype: String(definition.body.subtype ?? 'http'),
    passed: outcome.passed,
    durationMs: Math.round(performance.now() - started),
    attempts,
    steps: outcome.steps,
  };
}
