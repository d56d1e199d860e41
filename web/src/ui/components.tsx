/** Building blocks every page uses, so pages look and behave alike. Styles in ../styles.css. */
import { useEffect, useId, useRef, type ReactNode, type InputHTMLAttributes, type SelectHTMLAttributes, type TextareaHTMLAttributes, type ButtonHTMLAttributes } from 'react';
import { ApiError, type Pagination } from '../api.ts';

export function PageHeader(props: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.subtitle !== undefined && <p className="muted">{props.subtitle}</p>}
      </div>
      {props.actions !== undefined && <div className="actions">{props.actions}</div>}
    </header>
  );
}

export function Button(props: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' | 'ghost'; busy?: boolean }) {
  const { variant = 'secondary', busy = false, className, disabled, children, ...rest } = props;
  return (
    <button type="button" className={`btn btn-${variant}${className === undefined ? '' : ` ${className}`}`} disabled={disabled === true || busy} aria-busy={busy} {...rest}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

interface FieldProps {
  label: string;
  /** The API field name; its validation message (from `errors`) is shown under the control. */
  name: string;
  errors?: Record<string, string>;
  hint?: ReactNode;
  children: (id: string, describedBy: string | undefined, invalid: boolean) => ReactNode;
}

/** A labelled control with the API's validation message for its field next to it. */
export function Field(props: FieldProps) {
  const id = useId();
  const error = props.errors?.[props.name];
  const hintId = props.hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ') || undefined;
  return (
    <div className={`field${error === undefined ? '' : ' field-invalid'}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, describedBy, error !== undefined)}
      {props.hint !== undefined && <div className="hint" id={hintId}>{props.hint}</div>}
      {error !== undefined && <div className="field-error" id={errorId} role="alert">{error}</div>}
    </div>
  );
}

export function TextField(props: { label: string; name: string; errors?: Record<string, string>; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const { label, name, errors, hint, ...input } = props;
  return (
    <Field label={label} name={name} errors={errors} hint={hint}>
      {(id, describedBy, invalid) => <input id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid} {...input} />}
    </Field>
  );
}

export function TextArea(props: { label: string; name: string; errors?: Record<string, string>; hint?: ReactNode } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { label, name, errors, hint, ...input } = props;
  return (
    <Field label={label} name={name} errors={errors} hint={hint}>
      {(id, describedBy, invalid) => <textarea id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid} {...input} />}
    </Field>
  );
}

export function SelectField(props: { label: string; name: string; errors?: Record<string, string>; hint?: ReactNode; options: readonly (string | { value: string; label: string })[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  const { label, name, errors, hint, options, ...select } = props;
  return (
    <Field label={label} name={name} errors={errors} hint={hint}>
      {(id, describedBy, invalid) => (
        <select id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid} {...select}>
          {options.map((o) => (typeof o === 'string' ? <option key={o} value={o}>{o}</option> : <option key={o.value} value={o.value}>{o.label}</option>))}
        </select>
      )}
    </Field>
  );
}

/** The error of a load or a submit that is not tied to one field, with the request id for support. */
export function ErrorNotice(props: { error: Error | undefined; onRetry?: () => void }) {
  if (props.error === undefined) return null;
  const requestId = props.error instanceof ApiError ? props.error.requestId : undefined;
  return (
    <div className="notice notice-error" role="alert">
      <p>{props.error.message}</p>
      {requestId !== undefined && <p className="muted small">Request id {requestId}</p>}
      {props.onRetry !== undefined && <Button onClick={props.onRetry}>Try again</Button>}
    </div>
  );
}

/** What a list looks like with nothing in it: what this is and what to do next. */
export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{props.title}</h2>
      {props.children !== undefined && <div className="muted">{props.children}</div>}
      {props.action !== undefined && <div className="actions">{props.action}</div>}
    </div>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {props.label ?? 'Loading…'}
    </div>
  );
}

/** Previous/next over a Threat API list's pagination block. */
export function Pager(props: { pagination: Pagination | undefined; onPage: (page: number) => void }) {
  const p = props.pagination;
  if (p === undefined || p.total_pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <Button onClick={() => props.onPage(p.page - 1)} disabled={!p.has_prev}>Previous</Button>
      <span className="muted">Page {p.page} of {p.total_pages} · {p.total} in all</span>
      <Button onClick={() => props.onPage(p.page + 1)} disabled={!p.has_next}>Next</Button>
    </nav>
  );
}

/** A modal dialog (native <dialog>: focus trap and Escape come from the browser). */
export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: ReactNode; footer?: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  // Unique per dialog: a page may hold several (form, confirm), each named by its own title.
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} className="dialog" onClose={props.onClose} aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      <div className="dialog-body">{props.children}</div>
      {props.footer !== undefined && <div className="dialog-footer">{props.footer}</div>}
    </dialog>
  );
}

/** "Are you sure?" for destructive actions, naming what will be lost. */
export function ConfirmDialog(props: { open: boolean; title: string; message: ReactNode; confirmLabel: string; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog
      open={props.open}
      title={props.title}
      onClose={props.onCancel}
      footer={
        <>
          <Button onClick={props.onCancel}>Cancel</Button>
          <Button variant="danger" busy={props.busy} onClick={props.onConfirm}>{props.confirmLabel}</Button>
        </>
      }
    >
      {props.message}
    </Dialog>
  );
}

/** A score 0–100 coloured by the classification bands (CONTRACT §3.3). */
export function ScoreBadge(props: { score: number | null | undefined }) {
  const score = props.score;
  if (score === null || score === undefined) return <span className="badge badge-muted">pending</span>;
  const band = score >= 80 ? 'critical' : score >= 60 ? 'high' : score >= 40 ? 'medium' : score >= 20 ? 'low' : 'clean';
  return <span className={`badge badge-${band}`} title={`score ${score} of 100`}>{score}</span>;
}

export function StatusBadge(props: { status: string }) {
  return <span className={`badge badge-status badge-status-${props.status}`}>{props.status}</span>;
}

/** Copies text and says so, for keys, IOCs and addresses. */
export function CopyButton(props: { text: string; label?: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  const copy = async () => {
    await navigator.clipboard?.writeText(props.text).catch(() => undefined);
    if (ref.current !== null) {
      ref.current.textContent = 'Copied';
      setTimeout(() => {
        if (ref.current !== null) ref.current.textContent = props.label ?? 'Copy';
      }, 1500);
    }
  };
  return (
    <button ref={ref} type="button" className="btn btn-ghost btn-small" onClick={() => void copy()} aria-label={`Copy ${props.label ?? ''}`.trim()}>
      {props.label ?? 'Copy'}
    </button>
  );
}

/**
 * A set of checkboxes for an array field (webhook events, key permissions, report sections), each
 * with an optional description. The API's message for the field, or for one of its items
 * (`events.2`), is shown under the group.
 */
export function CheckboxGroup(props: { legend: string; name: string; options: readonly { value: string; label?: string; description?: ReactNode }[]; value: readonly string[]; onChange: (value: string[]) => void; errors?: Record<string, string>; hint?: ReactNode; columns?: boolean }) {
  const id = useId();
  const errorKey = Object.keys(props.errors ?? {}).find((key) => key === props.name || key.startsWith(`${props.name}.`));
  const error = errorKey === undefined ? undefined : props.errors?.[errorKey];
  const toggle = (value: string, checked: boolean) => {
    const next = checked ? [...props.value, value] : props.value.filter((v) => v !== value);
    // Keep the options' order so the request reads like the form.
    props.onChange(props.options.map((o) => o.value).filter((v) => next.includes(v)));
  };
  return (
    <fieldset className={`checkbox-group${props.columns === true ? ' checkbox-columns' : ''}${error === undefined ? '' : ' field-invalid'}`} aria-describedby={error === undefined ? undefined : `${id}-error`}>
      <legend>{props.legend}</legend>
      {props.hint !== undefined && <div className="hint">{props.hint}</div>}
      {props.options.map((option) => (
        <label key={option.value} className="checkbox-option">
          <input type="checkbox" name={props.name} value={option.value} checked={props.value.includes(option.value)} onChange={(e) => toggle(option.value, e.target.checked)} />
          <span>
            <span className="checkbox-label">{option.label ?? option.value}</span>
            {option.description !== undefined && <span className="hint checkbox-description">{option.description}</span>}
          </span>
        </label>
      ))}
      {error !== undefined && <div className="field-error" id={`${id}-error`} role="alert">{error}</div>}
    </fieldset>
  );
}
