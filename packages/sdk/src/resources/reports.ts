/**
 * `/v1/reports`: report definitions (once or on a schedule), generation and download. The API has no
 * update: delete and create again to change a report.
 */
import type { Api, DataOf, DownloadedFile, ItemOf, Page } from '../api.ts';
import type { GetReportsByIdQuery, GetReportsQuery, PostReportsBody } from '../generated/openapi.ts';
import type { RequestOptions } from '../options.ts';
import { collect, iteratePages } from '../pagination.ts';

export class ReportsResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  list(query?: GetReportsQuery, options?: RequestOptions): Promise<Page<ItemOf<'GET /v1/reports'>>> {
    return this.api.page('GET /v1/reports', { query }, options);
  }

  iterate(query?: GetReportsQuery, options?: RequestOptions): AsyncGenerator<ItemOf<'GET /v1/reports'>, void, undefined> {
    return iteratePages((q: GetReportsQuery, o?: RequestOptions) => this.list(q, o), query, options);
  }

  listAll(query?: GetReportsQuery, options?: RequestOptions): Promise<Array<ItemOf<'GET /v1/reports'>>> {
    return collect(this.iterate(query, options));
  }

  /** Creates a report; without a schedule it is generated once in the background (follow `status`). */
  create(body: PostReportsBody, options?: RequestOptions): Promise<DataOf<'POST /v1/reports'>> {
    return this.api.data('POST /v1/reports', { body }, options);
  }

  get(id: string, query?: GetReportsByIdQuery, options?: RequestOptions): Promise<DataOf<'GET /v1/reports/{id}'>> {
    return this.api.data('GET /v1/reports/{id}', { params: { id }, query }, options);
  }

  /** Deletes the report, its schedule and its file. */
  delete(id: string, options?: RequestOptions): Promise<DataOf<'DELETE /v1/reports/{id}'>> {
    return this.api.data('DELETE /v1/reports/{id}', { params: { id } }, options);
  }

  /** Queues a generation now: `{status: 'generating', estimated_completion}`. */
  generate(id: string, options?: RequestOptions): Promise<DataOf<'POST /v1/reports/{id}/generate'>> {
    return this.api.data('POST /v1/reports/{id}/generate', { params: { id } }, options);
  }

  /** The generated file (PDF, CSV or JSON). A `ConflictError` (409) while the report is not ready. */
  download(id: string, options?: RequestOptions): Promise<DownloadedFile> {
    return this.api.download('GET /v1/reports/{id}/download', { params: { id } }, options);
  }
}
