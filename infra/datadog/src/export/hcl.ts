// Just enough HCL to write the Terraform export in the layout `terraform fmt` keeps: two-space indents, the `=` of
// consecutive attributes aligned (a block or a blank line starts a new group), heredocs left as they are. The
// export's test runs `terraform fmt -check` on what this writes.

/** An expression as HCL source (`"text"`, `true`, `datadog_monitor_json.x.id`), or a heredoc of text. */
export type HclValue = string | { heredoc: string };

export type HclNode =
  | { type: 'attribute'; name: string; value: HclValue }
  | { type: 'block'; name: string; labels: string[]; body: HclNode[] }
  | { type: 'blank' }
  | { type: 'comment'; text: string };

export const attribute = (name: string, value: HclValue): HclNode => ({ type: 'attribute', name, value });
export const block = (name: string, labels: string[], body: HclNode[]): HclNode => ({ type: 'block', name, labels, body });
export const blank: HclNode = { type: 'blank' };
export const comment = (text: string): HclNode => ({ type: 'comment', text });

/**
 * A quoted HCL string of `text`, literally: quotes, backslashes and control characters escaped, and `${` / `%{`
 * doubled so Terraform does not read them as templates. `references` turns chosen placeholders into `${...}`
 * interpolations (see templateText).
 */
export function quoted(text: string, references?: (placeholder: string) => string | undefined): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${templateText(escaped, references)}"`;
}

const TEMPLATE = /\$\{((?:monitor|slo):[^}\s]+)\}|\$\{|%\{/g;

/**
 * Text for an HCL template (a quoted string or a heredoc): `${` and `%{` escaped as `$${` and `%%{`, except the
 * `${monitor:KEY}` / `${slo:KEY}` placeholders that `references` maps to a Terraform expression.
 */
export function templateText(text: string, references?: (placeholder: string) => string | undefined): string {
  return text.replace(TEMPLATE, (whole, reference: string | undefined) => {
    if (reference !== undefined) {
      const expression = references?.(reference);
      return expression === undefined ? `$${whole}` : `\${${expression}}`;
    }
    return whole === '${' ? '$${' : '%%{';
  });
}

export const numberValue = (value: number): string => {
  if (!Number.isFinite(value)) throw new Error(`${value} is not a number HCL can write`);
  return String(value);
};

export const list = (values: string[]): string => `[${values.join(', ')}]`;

export function renderHcl(nodes: HclNode[], indent = 0): string {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  let group: Array<Extract<HclNode, { type: 'attribute' }>> = [];
  const flush = () => {
    const width = Math.max(0, ...group.map((node) => node.name.length));
    for (const node of group) lines.push(`${pad}${node.name.padEnd(width)} = ${renderValue(node.value, indent)}`);
    group = [];
  };
  for (const node of nodes) {
    if (node.type === 'attribute') {
      group.push(node);
      continue;
    }
    flush();
    if (node.type === 'blank') lines.push('');
    else if (node.type === 'comment') lines.push(...node.text.split('\n').map((line) => `${pad}# ${line}`.trimEnd()));
    else {
      const labels = node.labels.map((label) => ` ${quoted(label)}`).join('');
      const body = renderHcl(node.body, indent + 2);
      lines.push(`${pad}${node.name}${labels} {`, ...(body === '' ? [] : body.split('\n')), `${pad}}`);
    }
  }
  flush();
  return lines.join('\n');
}

function renderValue(value: HclValue, indent: number): string {
  if (typeof value === 'string') return value;
  const inner = ' '.repeat(indent + 2);
  const body = value.heredoc.split('\n').map((line) => (line === '' ? '' : `${inner}${line}`));
  if (body.some((line) => line.trim() === 'EOT')) throw new Error('a heredoc line reads EOT');
  return [`<<-EOT`, ...body, `${' '.repeat(indent)}EOT`].join('\n');
}
