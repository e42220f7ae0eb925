import { createHash } from 'node:crypto';

/**
 * Renders `/openapi.json` in the browser: endpoints grouped by tag, with scope, parameters,
 * request body and response schemas. Self-contained (no CDN: the server may have no network);
 * text is inserted with textContent only, never as HTML.
 */
const SCRIPT = String.raw`
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
};
const typeOf = (s) => {
  if (!s || typeof s !== 'object') return 'any';
  if (s.$ref) return s.$ref.split('/').pop();
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).map(typeOf).join(' | ');
  if (s.type === 'array') return typeOf(s.items) + '[]';
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return (s.type || 'any') + (s.format ? ' (' + s.format + ')' : '');
};
const constraints = (s) => {
  const out = [];
  for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'default'])
    if (s && s[k] !== undefined) out.push(k + ': ' + JSON.stringify(s[k]));
  return out.join(', ');
};
const schemaTree = (s, depth = 0) => {
  if (!s || typeof s !== 'object' || depth > 6) return el('span', { class: 'type' }, typeOf(s));
  const objectSchema = s.type === 'object' ? s : s.type === 'array' && s.items && s.items.type === 'object' ? s.items : null;
  if (!objectSchema || (!objectSchema.properties && !objectSchema.additionalProperties)) {
    const c = constraints(s);
    return el('span', {}, el('span', { class: 'type' }, typeOf(s)), c ? el('span', { class: 'muted' }, ' ' + c) : '', s.description ? el('span', { class: 'desc' }, ' ' + s.description) : '');
  }
  const list = el('ul', { class: 'tree' });
  const required = new Set(objectSchema.required || []);
  for (const [name, prop] of Object.entries(objectSchema.properties || {})) {
    list.append(el('li', {}, el('code', {}, name), required.has(name) ? '' : el('span', { class: 'muted' }, '?'), ': ', schemaTree(prop, depth + 1)));
  }
  if (objectSchema.additionalProperties && typeof objectSchema.additionalProperties === 'object')
    list.append(el('li', {}, el('code', {}, '[key]'), ': ', schemaTree(objectSchema.additionalProperties, depth + 1)));
  return el('span', {}, s.type === 'array' ? el('span', { class: 'type' }, 'array of') : '', s.description ? el('span', { class: 'desc' }, ' ' + s.description) : '', list);
};
const operation = (path, method, op) => {
  const scope = op['x-scope'] === 'admin' ? 'admin key' : op['x-authentication'] ? op['x-authentication'] : op.security && op.security.length ? 'tenant key' : 'no auth';
  const details = el('details', { class: 'op', id: method + '-' + path });
  details.append(el('summary', {}, el('span', { class: 'method ' + method }, method.toUpperCase()), el('code', { class: 'path' }, path), el('span', { class: 'summary' }, op.summary || ''), el('span', { class: 'scope' }, scope)));
  if (op.description) details.append(el('p', {}, op.description));
  if (op.parameters && op.parameters.length) {
    const table = el('table', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'in'), el('th', {}, 'type'), el('th', {}, 'notes')));
    for (const p of op.parameters) table.append(el('tr', {}, el('td', {}, el('code', {}, p.name + (p.required ? '' : '?'))), el('td', {}, p.in), el('td', {}, schemaTree(p.schema)), el('td', {}, p.description || '')));
    details.append(el('h4', {}, 'Parameters'), table);
  }
  const body = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
  if (body) details.append(el('h4', {}, 'Request body (application/json)'), schemaTree(body.schema));
  details.append(el('h4', {}, 'Responses'));
  for (const [status, r] of Object.entries(op.responses || {})) {
    const content = r.content ? Object.entries(r.content)[0] : undefined;
    details.append(el('div', { class: 'resp' }, el('strong', {}, status), ' ', r.description || '', content ? el('span', { class: 'muted' }, ' (' + content[0] + ')') : '', content && content[1].schema ? schemaTree(content[1].schema) : ''));
  }
  return details;
};
fetch('/openapi.json').then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); }).then((doc) => {
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  document.getElementById('intro').textContent = doc.info.description || '';
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const tag = (op.tags && op.tags[0]) || 'other';
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push(operation(path, method, op));
  }
  const main = document.getElementById('ops');
  main.textContent = '';
  const nav = document.getElementById('nav');
  for (const [tag, ops] of byTag) {
    nav.append(el('a', { href: '#tag-' + tag }, tag + ' (' + ops.length + ')'));
    main.append(el('h2', { id: 'tag-' + tag }, tag), ...ops);
  }
  main.append(el('h2', {}, 'Problem details (every error)'), schemaTree(doc.components.schemas.Problem));
}).catch((err) => { document.getElementById('ops').textContent = 'Could not load /openapi.json: ' + err.message; });
`;

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f7f8fa; }
header { background: #1d2330; color: #fff; padding: 16px 24px; } header p { margin: 4px 0 0; opacity: .8; } header a { color: #93c5fd; }
nav { padding: 8px 24px; background: #e9ecf2; } nav a { margin-right: 14px; color: #1d4ed8; text-decoration: none; }
main { padding: 8px 24px 48px; max-width: 1100px; }
h2 { margin-top: 28px; text-transform: capitalize; }
details.op { background: #fff; border: 1px solid #d8dde6; border-radius: 6px; margin: 6px 0; padding: 6px 10px; }
details.op > summary { cursor: pointer; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.method { font-weight: 700; font-size: 12px; padding: 2px 6px; border-radius: 4px; color: #fff; min-width: 44px; text-align: center; }
.get { background: #2563eb; } .post { background: #16a34a; } .put { background: #d97706; } .delete { background: #dc2626; }
.path { font-weight: 600; } .summary { color: #4b5563; flex: 1; } .scope { font-size: 12px; color: #6b7280; border: 1px solid #d1d5db; border-radius: 10px; padding: 0 8px; }
table { border-collapse: collapse; margin: 4px 0; } td, th { border-bottom: 1px solid #e5e7eb; padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
ul.tree { margin: 2px 0 2px 4px; padding-left: 16px; border-left: 2px solid #e5e7eb; list-style: none; }
.type { color: #7c3aed; font-family: ui-monospace, monospace; font-size: 13px; } .muted { color: #6b7280; font-size: 13px; } .desc { color: #374151; font-style: italic; }
.resp { margin: 4px 0; }
`;

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>routewise API</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><h1 id="title">routewise API</h1><p id="intro"></p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1)</p></header>
<nav id="nav"></nav>
<main id="ops">Loading /openapi.json...</main>
<script>${SCRIPT}</script>
</body>
</html>
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only this page's own inline script and style run, and it may only fetch from this origin. */
export const DOCS_CSP = `default-src 'none'; script-src ${hash(SCRIPT)}; style-src ${hash(STYLE)}; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
