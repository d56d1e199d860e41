/**
 * How `GET /v1/reports` plugs into the shared list machinery (CONTRACT.md §1.4). Ids are
 * time-ordered, so `sort=id:desc` lists the newest first; `date_range` applies to created_at.
 */
import type { ListResource } from '../http/list-query.ts';
import { REPORT_FIELDS, REPORT_FORMATS, REPORT_STATUSES, REPORT_TYPES } from './reports.model.ts';

export const reportsResource: ListResource = {
  name: 'reports',
  table: 'reports',
  fields: {
    id: { column: 'id', type: 'string', sortable: true },
    name: { column: 'name', type: 'string', sortable: true },
    type: { column: 'type', type: 'enum', values: REPORT_TYPES, sortable: true },
    format: { column: 'format', type: 'enum', values: REPORT_FORMATS, sortable: true },
    status: { column: 'status', type: 'enum', values: REPORT_STATUSES, sortable: true },
    description: { column: 'description', type: 'string', nullable: true },
    file_size: { column: 'file_size', type: 'integer', sortable: true, nullable: true },
    generated_at: { column: 'generated_at', type: 'timestamp', sortable: true, nullable: true },
    next_run_at: { column: 'next_run_at', type: 'timestamp', sortable: true, nullable: true },
    created_at: { column: 'created_at', type: 'timestamp', sortable: true },
    updated_at: { column: 'updated_at', type: 'timestamp', sortable: true },
  },
  selectable: REPORT_FIELDS,
  timestampField: 'created_at',
};
