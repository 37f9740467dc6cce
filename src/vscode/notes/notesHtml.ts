// The notes panel's page: a strict Content Security Policy (nothing but the bundled script,
// carrying a fresh nonce, and the extension's own stylesheet), and no incident data at all:
// the incident arrives as a typed message and is rendered with textContent.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The folders the panel may load from: the built front-end and its stylesheet, nothing else. */
export function notesResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function notesWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: notesResourceRoots(extensionUri) };
}

export function notesHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  // The display language's translations (none in English), read by webview/src/l10n.ts before the first paint.
  const bundle = vscode.l10n.bundle;
  const translations = bundle ? ` data-l10n="${escapeAttribute(JSON.stringify(bundle))}"` : '';
  // 128 random bits, new for every page: an injected script cannot guess it.
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'notes.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'notes.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // The toolkit feature-detects :focus-visible with a <style> element carrying the page's nonce.
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <meta property="csp-nonce" content="${escapeAttribute(nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(style.toString())}">
  <title>${escapeAttribute(vscode.l10n.t('Incident notes'))}</title>
</head>
<body>
  <main id="app" aria-busy="true"${translations}><p class="placeholder">${escapeAttribute(vscode.l10n.t('Loading the incident…'))}</p></main>
  <script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(script.toString())}"></script>
</body>
</html>`;
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
