// Runs a synthetic browser test (SyntheticsBrowserTest) in Debian's Chromium with playwright-core, for the step
// types our definitions use: goToUrl, typeText, click, assertElementPresent, assertElementContent and
// assertCurrentUrl, each element found by its CSS user locator. The test's request headers go with every
// request the page makes, as in Datadog; its text variables are generated per run. playwright-core is loaded
// only when a browser test runs: the API tests need no browser.
import type { Page } from 'playwright-core';
import type { SyntheticsBrowserDefinition } from '../../infra/datadog/src/definitions/types';
import type { StepResult, TestResult } from './run-test';
import { generateLocalVariables, mask, substitute, type Variables } from './variables';

export const CHROMIUM = process.env.SHOPFAST_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
/** How long a step waits for its element or its condition (Datadog's default step timeout is 60 s). */
const STEP_TIMEOUT_MS = 30_000;

interface StepSpec {
  name?: string;
  type?: unknown;
  params?: { value?: string; check?: string; element?: { userLocator?: { values?: Array<{ type?: string; value?: string }> } } };
  timeout?: number;
  allowFailure?: boolean;
}

class StepFailure extends Error {
  override name = 'StepFailure';
}

function selectorOf(step: StepSpec): string {
  const locator = step.params?.element?.userLocator?.values?.[0];
  if (!locator?.value) throw new StepFailure('the step names no element');
  if (locator.type === 'css') return locator.value;
  if (locator.type === 'xpath') return `xpath=${locator.value}`;
  throw new StepFailure(`locator type ${String(locator.type)} is not supported by the local runner`);
}

/** Datadog's content and URL checks. */
function checks(check: string | undefined, actual: string, expected: string): boolean {
  switch (check ?? 'contains') {
    case 'equals':
      return actual.trim() === expected;
    case 'notEquals':
      return actual.trim() !== expected;
    case 'contains':
      return actual.includes(expected);
    case 'notContains':
      return !actual.includes(expected);
    case 'startsWith':
      return actual.trim().startsWith(expected);
    case 'matchRegex':
      return new RegExp(expected).test(actual);
    default:
      throw new StepFailure(`check ${String(check)} is not supported by the local runner`);
  }
}

async function poll(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function runStep(page: Page, step: StepSpec, variables: Variables): Promise<void> {
  const timeout = step.timeout ? step.timeout * 1_000 : STEP_TIMEOUT_MS;
  const value = substitute(step.params?.value ?? '', variables);
  switch (step.type) {
    case 'goToUrl':
      await page.goto(value, { timeout, waitUntil: 'load' });
      return;
    case 'typeText':
      await page.locator(selectorOf(step)).first().fill(value, { timeout });
      return;
    case 'click':
      await page.locator(selectorOf(step)).first().click({ timeout });
      return;
    case 'assertElementPresent':
      await page.locator(selectorOf(step)).first().waitFor({ state: 'visible', timeout });
      return;
    case 'assertElementContent': {
      const element = page.locator(selectorOf(step)).first();
      let actual = '';
      const passed = await poll(async () => checks(step.params?.check, (actual = (await element.textContent({ timeout: 1_000 })) ?? ''), value), timeout);
      if (!passed) throw new StepFailure(`content ${JSON.stringify(actual.trim().slice(0, 120))} does not ${step.params?.check ?? 'contain'} ${JSON.stringify(value)}`);
      return;
    }
    case 'assertCurrentUrl': {
      const passed = await poll(async () => checks(step.params?.check, page.url(), value), timeout);
      if (!passed) throw new StepFailure(`the URL ${page.url()} does not ${step.params?.check ?? 'contain'} ${value}`);
      return;
    }
    default:
      throw new StepFailure(`step type ${String(step.type)} is not supported by the local runner`);
  }
}

export async function runBrowserTest(definition: SyntheticsBrowserDefinition): Promise<TestResult> {
  const started = performance.now();
  const body = definition.body;
  const steps: StepResult[] = [];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  let passed = true;
  try {
    const variables = generateLocalVariables(body.config.variables);
    const context = await browser.newContext({ viewport: { width: 1440, height: 1100 }, extraHTTPHeaders: { ...body.config.request.headers } });
    const page = await context.newPage();
    for (const step of (body.steps ?? []) as StepSpec[]) {
      const stepStarted = performance.now();
      let error: string | undefined;
      try {
        await runStep(page, step, variables);
      } catch (failure) {
        error = mask((failure as Error).message.split('\n')[0] ?? '', variables);
      }
      steps.push({
        name: step.name ?? String(step.type),
        passed: error === undefined,
        allowFailure: step.allowFailure ?? false,
        method: String(step.type),
        url: mask(page.url(), variables),
        responseTimeMs: Math.round(performance.now() - stepStarted),
        assertions: [],
        ...(error !== undefined ? { error } : {}),
      });
      if (error !== undefined) {
        passed = false;
        if (!step.allowFailure) break;
      }
    }
  } catch (error) {
    passed = false;
    steps.push({ name: body.name, passed: false, allowFailure: false, method: '', url: '', assertions: [], error: (error as Error).message });
  } finally {
    await browser.close().catch(() => undefined);
  }
  return { key: definition.key, name: body.name, subtype: 'browser', passed: passed && steps.length > 0, durationMs: Math.round(performance.now() - started), attempts: 1, steps };
}
