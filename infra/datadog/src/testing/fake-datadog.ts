// A local HTTP server that plays the part of the Datadog API the tool uses, for tests: exactly the paths, methods
// and query parameters the client sends (v1 monitors, SLOs, dashboards, synthetic tests, webhooks and their
// custom variables), objects kept in memory with ids assigned here, 404 for an unknown id, 403 without the right
// DD-API-KEY / DD-APPLICATION-KEY headers. Like Datadog, it adds fields of its own to what it stores (ids,
// dates, creators, option defaults, widget ids) and returns tags in its own order, so the tool's comparison of
// only the fields it sets is exercised. Every request is recorded (method, path, query, headers, body).
// What else of Datadog's behaviour the tool depends on is played too:
// - each synthetic test gets a monitor of type `synthetics alert` carrying the test's name, message and tags
//   (marker included), updated with the test and deleted with it; deleting that monitor directly is refused;
// - a secure variable's `example` is never returned (config variables of API tests, variables of browser tests);
// - deleting a monitor a composite refers to, or an SLO a burn-rate monitor refers to, is refused (400 / 409),
//   so a destroy that deletes in the wrong order fails here as it would there.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json, JsonObject } from '../sync/wire';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Json | undefined;
}

export type Collection = 'monitors' | 'slos' | 'dashboards' | 'tests' | 'webhooks' | 'variables';

interface Reply {
  status: number;
  body?: Json;
}

const WEBHOOKS = '/api/v1/integration/webhooks/configuration/webhooks';
const VARIABLES = '/api/v1/integration/webhooks/configuration/custom-variables';
const CREATOR = { email: 'owner@example.com', handle: 'owner@example.com', name: 'Owner' };
const MONITOR_OPTION_DEFAULTS: JsonObject = { notify_audit: false, include_tags: true, new_host_delay: 300, silenced: {} };
const SYNTHETICS_MONITOR = 'synthetics alert';

export class FakeDatadog {
  readonly requests: RecordedRequest[] = [];
  private readonly store: Record<Collection, Map<string, JsonObject>> = {
    monitors: new Map(),
    slos: new Map(),
    dashboards: new Map(),
    tests: new Map(),
    webhooks: new Map(),
    variables: new Map(),
  };
  private readonly refusals: Array<{ method: string; path: string; status: number; message: string }> = [];
  private nextNumber = 1001;
  private server: Server | undefined;

  constructor(private readonly keys: { apiKey: string; appKey: string } = { apiKey: 'fake-api-key', appKey: 'fake-app-key' }) {}

  /** Starts listening on a free loopback port; returns the base URL for the client's `baseServer`. */
  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    server.closeAllConnections();
  }

  /** Requests that change something (everything but GET). */
  writes(): RecordedRequest[] {
    return this.requests.filter((request) => request.method !== 'GET');
  }

  /** The next request with this method and path gets `status` and Datadog's error body, once. */
  refuseNext(method: string, path: string, status: number, message: string): void {
    this.refusals.push({ method, path, status, message });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** What is stored, as the API would return it. */
  objects(collection: Collection): JsonObject[] {
    return [...this.store[collection].values()].map((object) => structuredClone(object));
  }

  /** Puts an object in as someone else would (in the UI, another tool): not recorded. Returns its id. */
  insert(collection: Collection, body: JsonObject): string {
    const id = this.create(collection, structuredClone(body));
    if (collection === 'tests') this.syncTestMonitor(id);
    return id;
  }

  /** Changes a stored object out of band, as someone editing it in the UI would. */
  edit(collection: Collection, id: string, change: (object: JsonObject) => void): void {
    const object = this.store[collection].get(id);
    if (!object) throw new Error(`no ${collection} ${id}`);
    change(object);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const text = await readBody(request);
    let body: Json | undefined;
    try {
      body = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      return send(response, { status: 400, body: { errors: ['body is not JSON'] } });
    }
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body };
    this.requests.push(recorded);
    if (headers['dd-api-key'] !== this.keys.apiKey || headers['dd-application-key'] !== this.keys.appKey) {
      return send(response, { status: 403, body: { errors: ['Forbidden'] } });
    }
    const refusal = this.refusals.findIndex((candidate) => candidate.method === recorded.method && candidate.path === recorded.path);
    if (refusal !== -1) {
      const [{ status, message }] = this.refusals.splice(refusal, 1) as [(typeof this.refusals)[number]];
      return send(response, { status, body: { errors: [message] } });
    }
    try {
      send(response, this.route(recorded));
    } catch (error) {
      send(response, { status: 400, body: { errors: [(error as Error).message] } });
    }
  }

  private route(request: RecordedRequest): Reply {
    const { method, path, query } = request;
    const body = (request.body ?? {}) as JsonObject;
    let match: RegExpExecArray | null;

    if (path === '/api/v1/monitor') {
      if (method === 'GET') {
        const wanted = splitTerms(query.monitor_tags);
        const found = this.sorted('monitors').filter((monitor) => wanted.every((tag) => tagsOf(monitor).includes(tag)));
        return { status: 200, body: page(found, query.page, query.page_size) };
      }
      if (method === 'POST') return { status: 200, body: this.get('monitors', this.create('monitors', body)) };
    }
    if ((match = /^\/api\/v1\/monitor\/(\d+)$/.exec(path))) {
      if (method === 'DELETE') {
        const refusal = this.monitorDeletionRefused(match[1] as string);
        if (refusal) return refusal;
      }
      return this.item('monitors', match[1] as string, method, body, (id) => ({ deleted_monitor_id: Number(id) }));
    }

    if (path === '/api/v1/slo') {
      if (method === 'GET') {
        const wanted = splitTerms(query.tags_query);
        const found = this.sorted('slos').filter((slo) => wanted.every((tag) => tagsOf(slo).includes(tag)));
        const offset = Number(query.offset ?? 0);
        const limit = query.limit === undefined ? found.length : Number(query.limit);
        return { status: 200, body: { data: found.slice(offset, offset + limit) } };
      }
      if (method === 'POST') return { status: 200, body: { data: [this.get('slos', this.create('slos', body))] } };
    }
    if ((match = /^\/api\/v1\/slo\/([^/]+)$/.exec(path))) {
      if (method === 'DELETE') {
        const users = this.sorted('monitors').filter((monitor) => String(monitor.query ?? '').includes(`"${match?.[1]}"`));
        if (users.length > 0) return { status: 409, body: { errors: [`SLO ${match[1]} is used by monitor(s) ${users.map((monitor) => String(monitor.id)).join(', ')}`] } };
      }
      const reply = this.item('slos', match[1] as string, method, body, (id) => ({ data: [id] }));
      if (reply.status !== 200 || method === 'DELETE') return reply;
      return { status: 200, body: method === 'PUT' ? { data: [reply.body as Json] } : { data: reply.body as Json } };
    }

    if (path === '/api/v1/dashboard') {
      if (method === 'GET') {
        const summaries = this.sorted('dashboards').map((dashboard) => pick(dashboard, ['id', 'title', 'description', 'layout_type', 'url', 'created_at', 'modified_at', 'author_handle', 'is_read_only']));
        const start = Number(query.start ?? 0);
        const count = query.count === undefined ? summaries.length : Number(query.count);
        return { status: 200, body: { dashboards: summaries.slice(start, start + count) } };
      }
      if (method === 'POST') return { status: 200, body: this.get('dashboards', this.create('dashboards', body)) };
    }
    if ((match = /^\/api\/v1\/dashboard\/([^/]+)$/.exec(path))) return this.item('dashboards', match[1] as string, method, body, (id) => ({ deleted_dashboard_id: id }));

    if (path === '/api/v1/synthetics/tests' && method === 'GET') {
      const tests = this.sorted('tests').map((test) => omit(test, ['steps']));
      return { status: 200, body: { tests: page(tests, query.page_number, query.page_size) } };
    }
    if ((match = /^\/api\/v1\/synthetics\/tests\/(api|browser)$/.exec(path)) && method === 'POST') {
      if (body.type !== match[1]) throw new Error(`a ${match[1]} test must have type ${match[1]}`);
      const id = this.create('tests', body);
      this.syncTestMonitor(id);
      return { status: 200, body: this.get('tests', id) };
    }
    if ((match = /^\/api\/v1\/synthetics\/tests\/(api|browser)\/([^/]+)$/.exec(path)) && (method === 'GET' || method === 'PUT')) {
      const test = this.store.tests.get(match[2] as string);
      if (!test || test.type !== match[1]) return notFound();
      const reply = this.item('tests', match[2] as string, method, body, () => null);
      if (method === 'PUT') this.syncTestMonitor(match[2] as string);
      return reply;
    }
    if (path === '/api/v1/synthetics/tests/delete' && method === 'POST') {
      const ids = Array.isArray(body.public_ids) ? body.public_ids.map(String) : [];
      if (ids.some((id) => !this.store.tests.has(id))) return notFound();
      for (const id of ids) {
        this.store.monitors.delete(String(this.store.tests.get(id)?.monitor_id));
        this.store.tests.delete(id);
      }
      return { status: 200, body: { deleted_tests: ids.map((id) => ({ public_id: id, deleted_at: new Date().toISOString() })) } };
    }

    if (path === WEBHOOKS && method === 'POST') return this.createNamed('webhooks', body);
    if ((match = new RegExp(`^${WEBHOOKS}/([^/]+)$`).exec(path))) return this.item('webhooks', decodeURIComponent(match[1] as string), method, body, () => null);
    if (path === VARIABLES && method === 'POST') return this.createNamed('variables', body);
    if ((match = new RegExp(`^${VARIABLES}/([^/]+)$`).exec(path))) return this.item('variables', decodeURIComponent(match[1] as string), method, body, () => null);

    return notFound();
  }

  /** Why Datadog would refuse to delete this monitor, if it would. */
  private monitorDeletionRefused(id: string): Reply | undefined {
    const monitor = this.store.monitors.get(id);
    if (!monitor) return undefined;
    if (monitor.type === SYNTHETICS_MONITOR) return { status: 400, body: { errors: [`monitor ${id} belongs to a synthetic test: delete the test`] } };
    const composites = this.sorted('monitors').filter((other) => other.type === 'composite' && new RegExp(`(^|\\D)${id}(\\D|$)`).test(String(other.query ?? '')));
    if (composites.length > 0) return { status: 400, body: { errors: [`monitor ${id} is used in composite monitor(s) ${composites.map((other) => String(other.id)).join(', ')}`] } };
    return undefined;
  }

  /** The monitor Datadog keeps for a synthetic test: created with it, then following its name, message and tags. */
  private syncTestMonitor(publicId: string): void {
    const test = this.store.tests.get(publicId) as JsonObject;
    const id = String(test.monitor_id);
    const existing = this.store.monitors.get(id);
    const now = new Date().toISOString();
    const monitor: JsonObject = {
      ...(existing ?? { id: Number(id), created: now, creator: CREATOR, overall_state: 'OK', multi: true, options: { ...MONITOR_OPTION_DEFAULTS } }),
      name: test.name as Json,
      type: SYNTHETICS_MONITOR,
      query: `synthetics(*).over("${publicId}").by("*").last(1).pct_of_failed_locations() >= 1`,
      message: (test.message ?? '') as Json,
      tags: (test.tags ?? []) as Json,
      modified: now,
    };
    this.store.monitors.set(id, normalise('monitors', monitor));
  }

  /** GET, PUT or DELETE of one object. */
  private item(collection: Collection, id: string, method: string, body: JsonObject, deleted: (id: string) => Json): Reply {
    if (!this.store[collection].has(id)) return notFound();
    if (method === 'GET') return { status: 200, body: this.get(collection, id) };
    if (method === 'PUT') {
      this.replace(collection, id, body);
      return { status: 200, body: this.get(collection, id) };
    }
    if (method === 'DELETE') {
      this.store[collection].delete(id);
      return { status: 200, body: deleted(id) };
    }
    return notFound();
  }

  /** What a read returns: a copy; a secret variable without its value. */
  private get(collection: Collection, id: string): JsonObject {
    const object = structuredClone(this.store[collection].get(id) as JsonObject);
    if (collection === 'variables' && object.is_secret === true) delete object.value;
    return object;
  }

  private sorted(collection: Collection): JsonObject[] {
    return [...this.store[collection].keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((id) => this.get(collection, id));
  }

  private createNamed(collection: 'webhooks' | 'variables', body: JsonObject): Reply {
    if (typeof body.name !== 'string' || this.store[collection].has(body.name)) throw new Error(`${collection} ${String(body.name)} exists or has no name`);
    return { status: 200, body: this.get(collection, this.create(collection, body)) };
  }

  private create(collection: Collection, body: JsonObject): string {
    const now = new Date().toISOString();
    const object: JsonObject = { ...body };
    let id: string;
    switch (collection) {
      case 'monitors':
        id = String(this.nextNumber++);
        Object.assign(object, { id: Number(id), created: now, modified: now, creator: CREATOR, overall_state: 'No Data', multi: false });
        object.options = { ...MONITOR_OPTION_DEFAULTS, ...((body.options ?? {}) as JsonObject) };
        break;
      case 'slos':
        id = `${(this.nextNumber++).toString(16).padStart(8, '0')}${'0'.repeat(24)}`;
        Object.assign(object, { id, created_at: 1_700_000_000, modified_at: 1_700_000_000, creator: CREATOR });
        break;
      case 'dashboards':
        id = `d${this.nextNumber++}-abc-xyz`;
        Object.assign(object, { id, url: `/dashboard/${id}`, created_at: now, modified_at: now, author_handle: CREATOR.handle, is_read_only: false });
        break;
      case 'tests':
        id = `t${this.nextNumber++}-abc-xyz`;
        Object.assign(object, { public_id: id, monitor_id: this.nextNumber++, status: body.status ?? 'live', creator: CREATOR });
        break;
      default:
        id = body.name as string;
    }
    this.store[collection].set(id, normalise(collection, object));
    return id;
  }

  private replace(collection: Collection, id: string, body: JsonObject): void {
    const current = this.store[collection].get(id) as JsonObject;
    // Monitors, webhooks and variables take partial updates; SLOs, dashboards and tests are replaced, but keep
    // what the server owns.
    const owned = ['id', 'public_id', 'created', 'created_at', 'creator', 'monitor_id', 'url', 'author_handle', 'overall_state', 'multi', 'is_read_only'];
    const next: JsonObject = ['monitors', 'webhooks', 'variables'].includes(collection) ? { ...current, ...body } : { ...pick(current, owned), ...body };
    if (collection === 'monitors' && body.options) next.options = { ...MONITOR_OPTION_DEFAULTS, ...(body.options as JsonObject) };
    if (collection === 'monitors') next.modified = new Date().toISOString();
    if (collection === 'tests' && next.status === undefined) next.status = 'live';
    this.store[collection].set(id, normalise(collection, next));
  }
}

/** What Datadog does to what it stores: tags in its own (sorted) order, widget ids, secure examples hidden. */
function normalise(collection: Collection, object: JsonObject): JsonObject {
  if (Array.isArray(object.tags)) object.tags = [...object.tags].sort();
  if (collection === 'tests') {
    const config = (object.config ?? {}) as JsonObject;
    // The API's own field names: API tests' `configVariables` is camelCase in the JSON too.
    for (const field of ['configVariables', 'variables']) {
      if (Array.isArray(config[field])) config[field] = config[field].map((variable) => (isSecure(variable) ? omit(variable as JsonObject, ['example']) : variable));
    }
  }
  if (collection === 'dashboards' && Array.isArray(object.widgets)) {
    object.widgets = object.widgets.map((widget, index) => ({ id: 5_000_000 + index, ...(widget as JsonObject) }));
  }
  return object;
}

const isSecure = (variable: Json): boolean => typeof variable === 'object' && variable !== null && !Array.isArray(variable) && variable.secure === true;

const tagsOf = (object: JsonObject): string[] => (Array.isArray(object.tags) ? object.tags.map(String) : []);

const splitTerms = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/,| AND /)
    .map((term) => term.trim())
    .filter(Boolean);

function page<T>(items: T[], pageNumber: string | undefined, pageSize: string | undefined): T[] {
  if (pageNumber === undefined) return items;
  const size = Number(pageSize ?? 100);
  return items.slice(Number(pageNumber) * size, (Number(pageNumber) + 1) * size);
}

const pick = (object: JsonObject, keys: string[]): JsonObject => Object.fromEntries(Object.entries(object).filter(([key]) => keys.includes(key)));
const omit = (object: JsonObject, keys: string[]): JsonObject => Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
const notFound = (): Reply => ({ status: 404, body: { errors: ['Not found'] } });

function send(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { 'content-type': 'application/json' });
  response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
