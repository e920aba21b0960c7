/** The preview page, its script and its status panel, from templates/html/preview.hbs, preview.css, preview.js and status.hbs. */
import { escapeHtml } from '../render/html/escape.js';
import type { PreviewState } from './state.js';

export function previewPage(state: PreviewState): string {
  const t = state.templates;
  const title = state.publications[0]?.title ?? '';
  return t.render('html/preview.hbs', {
    title: escapeHtml(title),
    css: t.text('html/preview.css').text,
    version: state.version,
    itu: escapeHtml(state.labels.itu),
    iso: escapeHtml(state.labels.iso),
    status: statusHtml(state),
  });
}

export function previewScript(state: PreviewState): string {
  return state.templates.text('html/preview.js').text;
}

export function statusHtml(state: PreviewState): string {
  const status = state.status;
  if (!status) return '';
  return state.templates.render('html/status.hbs', {
    ...status,
    errors: status.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: status.diagnostics.filter((d) => d.severity === 'warning').length,
  });
}
