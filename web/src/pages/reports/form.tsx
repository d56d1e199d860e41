/**
 * The "New report" form: every field `POST /v1/reports` takes (type, format, period, filters, PDF
 * sections, schedule with its time zone, recipients). Left empty, a field takes the server's default,
 * which the hints state. Without a schedule, creating the report queues one generation at once.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { threat, threatPage } from '../../api.ts';
import { Button, CheckboxGroup, Dialog, ErrorNotice, SelectField, TextArea, TextField } from '../../ui/components.tsx';
import { useApi, useSubmit } from '../../ui/hooks.ts';
import { REPORT_FORMATS, REPORT_SECTIONS, REPORT_TYPES, WEEKDAYS, type Report } from './types.ts';

/** Array fields whose per-item errors (`recipients.2`) are shown under the whole field. */
const ARRAY_FIELDS = ['recipients', 'sections', 'filters.honeypot_ids'];
const PLACED_FIELDS = ['name', 'type', 'description', 'format', 'period', 'period.start', 'period.end', 'schedule', 'schedule.frequency', 'schedule.day', 'schedule.time', 'schedule.timezone', 'filters.threat_score.min', ...ARRAY_FIELDS];

function collapse(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...errors };
  for (const [key, message] of Object.entries(errors)) {
    const array = ARRAY_FIELDS.find((name) => key.startsWith(`${name}.`));
    if (array !== undefined) out[array] = message;
    // A period error that names neither end (e.g. "longer than 366 days") goes under the start date.
    if (key === 'period') out['period.start'] = message;
  }
  return out;
}

function defaultSections(type: string): string[] {
  return type === 'executive_summary' ? ['summary', 'timeline', 'threats', 'recommendations'] : REPORT_SECTIONS.map((s) => s.value);
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function ReportFormDialog(props: { onClose: () => void; onCreated: (report: Report) => void }) {
  const [name, setName] = useState('');
  const [type, setType] = useState('weekly_summary');
  const [format, setFormat] = useState('pdf');
  const [description, setDescription] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [honeypotIds, setHoneypotIds] = useState<string[]>([]);
  const [minScore, setMinScore] = useState('');
  const [sections, setSections] = useState<string[]>(defaultSections('weekly_summary'));
  const [scheduled, setScheduled] = useState(false);
  const [frequency, setFrequency] = useState('weekly');
  const [day, setDay] = useState('1');
  const [time, setTime] = useState('08:00');
  const [timezone, setTimezone] = useState(browserZone);
  const [recipients, setRecipients] = useState('');
  const submit = useSubmit();
  const honeypots = useApi((signal) => threatPage<{ id: string; email_address: string }>('/honeypots', { limit: 100, fields: 'id,email_address', sort: 'id:desc' }, signal), []);
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC']), []);
  const errors = collapse(submit.fieldErrors);
  const typeInfo = REPORT_TYPES.find((t) => t.value === type)!;

  const changeType = (next: string) => {
    // Follow the type's default sections unless the user picked their own.
    if (sections.join() === defaultSections(type).join()) setSections(defaultSections(next));
    setType(next);
  };

  const create = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const body: Record<string, unknown> = { name: name.trim(), type, format };
      if (description.trim() !== '') body.description = description.trim();
      if (start !== '' || end !== '') body.period = { start, end };
      const filters: Record<string, unknown> = {};
      if (honeypotIds.length > 0) filters.honeypot_ids = honeypotIds;
      if (minScore.trim() !== '') filters.threat_score = { min: Number(minScore) };
      if (Object.keys(filters).length > 0) body.filters = filters;
      if (format === 'pdf') body.sections = sections;
      if (scheduled) {
        const schedule: Record<string, unknown> = { frequency, time, timezone: timezone.trim() };
        if (frequency !== 'daily') schedule.day = Number(day);
        body.schedule = schedule;
      }
      const list = recipients.split(/[\s,;]+/).filter((r) => r !== '');
      if (list.length > 0) body.recipients = list;
      props.onCreated(await threat<Report>('/reports', { method: 'POST', body }));
    });
  };
  const unplaced = submit.error !== undefined && !Object.keys(submit.fieldErrors).some((key) => PLACED_FIELDS.includes(key) || ARRAY_FIELDS.some((a) => key.startsWith(`${a}.`)));

  return (
    <Dialog open title="New report" onClose={props.onClose}>
      <form onSubmit={create} noValidate className="report-form">
        <TextField label="Name" name="name" required value={name} onChange={(e) => setName(e.target.value)} errors={errors} autoFocus placeholder="Weekly threat summary" />
        <div className="form-grid">
          <SelectField label="Type" name="type" value={type} onChange={(e) => changeType(e.target.value)} errors={errors} options={REPORT_TYPES.map((t) => ({ value: t.value, label: t.label }))} />
          <SelectField label="Format" name="format" value={format} onChange={(e) => setFormat(e.target.value)} errors={errors} options={REPORT_FORMATS} />
        </div>
        <TextArea label="Description (optional)" name="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} errors={errors} />
        <fieldset>
          <legend>Period</legend>
          <p className="hint">Leave both empty for the type's default: {typeInfo.period}{scheduled ? ', at each scheduled run' : ''}. Dates are UTC; the end day is included. At most 366 days.</p>
          <div className="form-grid">
            <TextField label="From" name="period.start" type="date" value={start} onChange={(e) => setStart(e.target.value)} errors={errors} />
            <TextField label="To" name="period.end" type="date" value={end} onChange={(e) => setEnd(e.target.value)} errors={errors} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Filters</legend>
          <TextField label="Minimum threat score (optional)" name="filters.threat_score.min" type="number" min={0} max={100} value={minScore} onChange={(e) => setMinScore(e.target.value)} errors={errors} hint="0–100. Empty: every email." />
          {honeypots.data !== undefined && honeypots.data.data.length > 0 ? (
            <CheckboxGroup legend="Honeypots (none ticked: all)" name="filters.honeypot_ids" options={honeypots.data.data.map((h) => ({ value: h.id, label: h.email_address }))} value={honeypotIds} onChange={setHoneypotIds} errors={errors} columns />
          ) : (
            <p className="hint">{honeypots.loading ? 'Loading honeypots…' : 'The report covers all your honeypots.'}</p>
          )}
        </fieldset>
        {format === 'pdf' ? (
          <CheckboxGroup legend="PDF sections" name="sections" options={REPORT_SECTIONS} value={sections} onChange={setSections} errors={errors} columns />
        ) : (
          <p className="hint">{format === 'csv' ? 'A CSV report lists every email of the period, one per row.' : 'A JSON report carries the whole period summary.'}</p>
        )}
        <fieldset>
          <legend>Schedule</legend>
          <label className="checkbox">
            <input type="checkbox" checked={scheduled} onChange={(e) => setScheduled(e.target.checked)} /> Generate automatically on a schedule
          </label>
          {!scheduled && <p className="hint">Without a schedule the report is generated once, right after you create it.</p>}
          {scheduled && (
            <div className="form-grid">
              <SelectField label="Every" name="schedule.frequency" value={frequency} onChange={(e) => setFrequency(e.target.value)} errors={errors} options={[{ value: 'daily', label: 'Day' }, { value: 'weekly', label: 'Week' }, { value: 'monthly', label: 'Month' }]} />
              {frequency === 'weekly' && (
                <SelectField label="On" name="schedule.day" value={day} onChange={(e) => setDay(e.target.value)} errors={errors} options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))} />
              )}
              {frequency === 'monthly' && (
                <TextField label="Day of the month" name="schedule.day" type="number" min={1} max={31} value={day} onChange={(e) => setDay(e.target.value)} errors={errors} hint="1–31; the last day in shorter months." />
              )}
              <TextField label="At (local time)" name="schedule.time" type="time" value={time} onChange={(e) => setTime(e.target.value)} errors={errors} />
              <TextField label="Time zone" name="schedule.timezone" list="report-zones" value={timezone} onChange={(e) => setTimezone(e.target.value)} errors={errors} hint="IANA name, e.g. Europe/Paris." />
              <datalist id="report-zones">{zones.map((z) => <option key={z} value={z} />)}</datalist>
            </div>
          )}
        </fieldset>
        <TextArea label="E-mail the file to (optional)" name="recipients" rows={2} value={recipients} onChange={(e) => setRecipients(e.target.value)} errors={errors} placeholder="soc@example.com, ciso@example.com" hint="Comma- or line-separated, up to 20. Attached up to 5 MB, otherwise sent as a download link." />
        <ErrorNotice error={unplaced ? submit.error : undefined} />
        <div className="dialog-footer">
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={submit.busy} disabled={name.trim() === '' || (format === 'pdf' && sections.length === 0)}>{scheduled ? 'Create scheduled report' : 'Create and generate'}</Button>
        </div>
      </form>
    </Dialog>
  );
}
