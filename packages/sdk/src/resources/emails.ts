/**
 * `/v1/emails`: captured mail and its analysis, the original message, attachments, and ingest of a
 * raw message over HTTP (for forwarding services).
 */
import type { Api, DataOf, DownloadedFile, ItemOf, Page } from '../api.ts';
import type { GetEmailsByIdQuery, GetEmailsQuery, PostEmailsQuery, PostEmailsResponse } from '../generated/openapi.ts';
import type { RequestOptions } from '../options.ts';
import { collect, iteratePages } from '../pagination.ts';

export class EmailAttachmentsResource {
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /** The email's attachments with their verdicts (`malware_detected`, `threat_name`, hashes). */
  list(emailId: string, options?: RequestOptions): Promise<DataOf<'GET /v1/emails/{id}/attachments'>> {
    return this.api.data('GET /v1/emails/{id}/attachments', { params: { id: emailId } }, options);
  }

  /** The attachment's bytes, with the content type sniffed by the server and the file name. */
  download(emailId: string, attachmentId: string, options?: RequestOptions): Promise<DownloadedFile> {
    return this.api.download('GET /v1/emails/{id}/attachments/{attachment_id}', { params: { id: emailId, attachment_id: attachmentId } }, options);
  }
}

export class EmailsResource {
  private readonly api: Api;
  readonly attachments: EmailAttachmentsResource;

  constructor(api: Api) {
    this.api = api;
    this.attachments = new EmailAttachmentsResource(api);
  }

  /** One page: `{data, pagination, meta}`. E.g. `{ threat_score: 'gt:50', sort: 'received_at:desc', limit: 10 }`. */
  list(query?: GetEmailsQuery, options?: RequestOptions): Promise<Page<ItemOf<'GET /v1/emails'>>> {
    return this.api.page('GET /v1/emails', { query }, options);
  }

  /** Every email matching `query`, page after page. */
  iterate(query?: GetEmailsQuery, options?: RequestOptions): AsyncGenerator<ItemOf<'GET /v1/emails'>, void, undefined> {
    return iteratePages((q: GetEmailsQuery, o?: RequestOptions) => this.list(q, o), query, options);
  }

  listAll(query?: GetEmailsQuery, options?: RequestOptions): Promise<Array<ItemOf<'GET /v1/emails'>>> {
    return collect(this.iterate(query, options));
  }

  /** The email with headers, body, attachments, SMTP details, threat analysis and IOCs. */
  get(id: string, query?: GetEmailsByIdQuery, options?: RequestOptions): Promise<DataOf<'GET /v1/emails/{id}'>> {
    return this.api.data('GET /v1/emails/{id}', { params: { id }, query }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<DataOf<'DELETE /v1/emails/{id}'>> {
    return this.api.data('DELETE /v1/emails/{id}', { params: { id } }, options);
  }

  /** The original message exactly as received (message/rfc822). */
  raw(id: string, options?: RequestOptions): Promise<DownloadedFile> {
    return this.api.download('GET /v1/emails/{id}/raw', { params: { id } }, options);
  }

  /**
   * Stores a raw RFC 5322 message as captured mail (`POST /v1/emails`, scope `emails:write`), filed
   * under `query.honeypot_id` or else under each of your active honeypots among its recipients. It is
   * analysed in the background (`analysis_status` goes from `pending` to `complete`). Returns one email
   * id per receiving honeypot. Not retried on 5xx or network errors (it would store the message twice).
   */
  async ingest(message: Uint8Array | ArrayBuffer | Blob | string, query?: PostEmailsQuery, options?: RequestOptions): Promise<PostEmailsResponse['data']> {
    const response = await this.api.transport.send<PostEmailsResponse>({
      surface: 'threat', method: 'POST', path: '/emails', query, raw: { body: message, contentType: 'message/rfc822' }, options,
    });
    return response.body.data;
  }
}
