// A plan as people read it: a table of the changes, the changed fields of each update under its row, the
// warnings, and one summary line. Unchanged objects are counted, not listed.
import type { FieldChange } from './compare';
import type { Action, Plan } from './plan';

const MAX_VALUE = 100;
const MAX_FIELDS = 20;

export function formatPlan(plan: Plan): string {
  const shown = plan.changes.filter((planned) => planned.action !== 'unchanged');
  const lines: string[] = [];
  if (shown.length > 0) {
    const header = ['ACTION', 'KIND', 'KEY', 'ID', 'NAME'];
    const rows = shown.map((planned) => [planned.action, planned.kind, planned.key, planned.id ?? '-', planned.name]);
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd();
    lines.push(line(header));
    for (const [index, planned] of shown.entries()) {
      lines.push(line(rows[index] ?? []));
      if (planned.note) lines.push(`    note: ${planned.note}`);
      for (const field of planned.fields.slice(0, MAX_FIELDS)) lines.push(`    ~ ${formatField(field)}`);
      if (planned.fields.length > MAX_FIELDS) lines.push(`    ~ ... and ${planned.fields.length - MAX_FIELDS} more fields`);
    }
    lines.push('');
  }
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  if (plan.warnings.length > 0) lines.push('');
  lines.push(summary(plan));
  return lines.join('\n');
}

export function summary(plan: Plan): string {
  const count = (action: Action) => plan.changes.filter((planned) => planned.action === action).length;
  const writes = count('create') + count('update') + count('delete');
  const counts = `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${count('unchanged')} unchanged`;
  return writes === 0 ? `No changes: the organisation matches the definitions (${counts}).` : `Plan: ${counts}.`;
}

function formatField(field: FieldChange): string {
  return `${field.path}: ${shorten(field.from)} -> ${shorten(field.to)}`;
}

function shorten(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
