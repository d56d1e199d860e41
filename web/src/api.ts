/**
 * The dashboard's only way to the server: the public APIs, with the signed-in session's access
 * token. Both surfaces' error shapes become one `ApiError`:
 *   Threat API (/v1):          {success:false, error:{code, message, details:{field?}}, meta:{request_id}}
 *   Deliverability (/api/v1):  {error: "message"} (the field, when there is one, is named in the text)
 * A 401 triggers one refresh of the session (rotation) and a retry; if that fails the session ends
 * and the app shows the sign-in page, keeping the current URL so the user comes back to it.
 */
import { session } from './session.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The input field the server named (`details.field`), when there is one. */
  readonly field: string | undefined;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}, requestId?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.field = typeof details.field === 'string' ? details.field : undefined;
    this.requestId = requestId;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Skip the Authorization header (sign-in calls). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (body !== null && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'string') return new ApiError(response.status, `http_${response.status}`, error, fieldFromMessage(error), requestId);
    if (error !== null && typeof error === 'object') {
      const e = error as { code?: string; message?: string; details?: Record<string, unknown> };
      return new ApiError(response.status, e.code ?? `http_${response.status}`, e.message ?? response.statusText, e.details ?? {}, requestId);
    }
  }
  return new ApiError(response.status, `http_${response.status}`, `The server answered ${response.status} ${response.statusText}.`, {}, requestId);
}

/** Deliverability errors name the field first ("smtp_port must be …"); recover it for the form. */
function fieldFromMessage(message: string): Record<string, unknown> {
  const match = /^([a-z_][a-z0-9_.]*) (?:is|must|should|cannot|has)\b/.exec(message);
  return match === null ? {} : { field: match[1] };
}

async function send(path: string, options: RequestOptions, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return fetch(withQuery(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
}

/** Calls the API and returns the parsed JSON body (the whole body: envelopes are not unwrapped). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.anonymous === true ? undefined : await session.accessToken();
  let response = await send(path, options, token);
  if (response.status === 401 && options.anonymous !== true && token !== undefined) {
    const renewed = await session.refreshAfterRejection(token);
    if (renewed !== undefined) response = await send(path, options, renewed);
  }
  if (response.status === 401 && options.anonymous !== true) session.expire();
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** Threat API envelope: `{success, data, pagination?, meta}`. */
export interface Envelope<T> {
  success: true;
  data: T;
  pagination?: Pagination;
  meta: { request_id: string; timestamp: string };
}

export interface Pagination {
  page: number;
  limit: number;
  total: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
}

/** GET/POST/PATCH/DELETE on the Threat API (/v1), returning `data`. */
export async function threat<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const body = await request<Envelope<T>>(`/v1${path}`, options);
  return body === undefined ? (undefined as T) : body.data;
}

/** A Threat API list page: the rows and the pagination block. */
export async function threatPage<T>(path: string, query: Query, signal?: AbortSignal): Promise<{ data: T[]; pagination: Pagination }> {
  const body = await request<Envelope<T[]>>(`/v1${path}`, { query, signal });
  return { data: body.data, pagination: body.pagination ?? { page: 1, limit: body.data.length, total: body.data.length, total_pages: 1, has_next: false, has_prev: false } };
}

/** The Deliverability API (/api/v1): bare JSON bodies. */
export function deliverability<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>(`/api/v1${path}`, options);
}

/**
 * Downloads a file the API serves (raw message, attachment, report) with the session's token and
 * hands it to the browser as a save-as, without putting the token in a URL.
 */
export async function download(path: string, fallbackName: string): Promise<void> {
  const token = await session.accessToken();
  const response = await fetch(path, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  if (!response.ok) throw await errorFrom(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name === undefined ? fallbackName : decodeURIComponent(name);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
