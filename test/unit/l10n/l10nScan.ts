// Finds user-facing strings that bypass l10n, by reading the TypeScript syntax of a file: a
// string or template with words in a place the user reads (a message, a quick pick's title or
// items, a tree row, a tooltip, a hover, a status-bar text, a diagnostic, a panel's text)
// that is not the message of an `l10n.t` call. Also checks every `l10n.t` call: its message is
// a literal (what @vscode/l10n-dev can extract), its `{n}` placeholders match its arguments,
// and it does not run at module load (before VS Code has loaded the extension's bundle).
// A literal on a line marked `l10n-ignore` (a code sample, an id) is left alone.
import * as ts from 'typescript';

export interface Finding {
  line: number;
  text: string;
  problem: string;
}

export interface ScanOptions {
  /** Whether `l10n.t` may run at the top level of this file (the webview's entry, after it loads the bundle). */
  topLevelAllowed?: boolean;
}

/** Calls whose every argument is text the user reads. */
const TEXT_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage', 'appendText', 'appendMarkdown', 'showStatus', 'setEnabled']);
/** Calls with user text at one argument: `createWebviewPanel(viewType, title, ...)`. */
const TEXT_ARGUMENT: Record<string, number> = { createWebviewPanel: 1 };
/** Constructors with user text at one argument. */
const TEXT_CONSTRUCTORS: Record<string, number> = { TreeItem: 0, MarkdownString: 0, Hover: 0, Diagnostic: 1, Error: 0 };
/** Properties the user reads, in an object literal (`{ title: … }`) or assigned (`item.tooltip = …`). */
const TEXT_PROPERTIES = new Set(['title', 'label', 'description', 'detail', 'tooltip', 'placeHolder', 'placeholder', 'prompt', 'message', 'invocationMessage', 'aria-label']);
/** Properties the user reads when assigned: `statusItem.text = …`, `statusItem.name = …`, `element.textContent = …`. */
const ASSIGNED_TEXT_PROPERTIES = new Set([...TEXT_PROPERTIES, 'text', 'name', 'textContent']);
/** Array methods whose result carries the receiver's strings: `[a, 'word'].filter(Boolean).join(' · ')`. */
const PASS_THROUGH = new Set(['join', 'filter', 'concat', 'slice', 'trim', 'map']);

/** Letters outside codicons: `$(flame) ${id}` has no words to translate. */
const hasWords = (text: string) => /\p{L}/u.test(text.replace(/\$\([\w~-]+\)/g, ''));

function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** `vscode.l10n.t(…)` or `l10n.t(…)`. */
export function isL10nCall(node: ts.Node): boolean {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 't') return false;
  const owner = node.expression.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n')
    || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n' && ts.isIdentifier(owner.expression) && owner.expression.text === 'vscode');
}

/** The literals with words that `expression` can evaluate to without passing through `l10n.t`. */
function bareTexts(expression: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return hasWords(expression.text) ? [expression] : [];
  if (ts.isTemplateExpression(expression)) {
    const parts = [expression.head.text, ...expression.templateSpans.map((span) => span.literal.text)];
    return [...(parts.some(hasWords) ? [expression] : []), ...expression.templateSpans.flatMap((span) => bareTexts(span.expression))];
  }
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isNonNullExpression(expression)) return bareTexts(expression.expression);
  if (ts.isConditionalExpression(expression)) return [...bareTexts(expression.whenTrue), ...bareTexts(expression.whenFalse)];
  if (ts.isBinaryExpression(expression)) {
    const joins = [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken];
    return joins.includes(expression.operatorToken.kind) ? [...bareTexts(expression.left), ...bareTexts(expression.right)] : [];
  }
  if (ts.isArrayLiteralExpression(expression)) return expression.elements.flatMap((e) => bareTexts(ts.isSpreadElement(e) ? e.expression : e));
  if (ts.isCallExpression(expression)) {
    if (isL10nCall(expression)) return [];
    const callee = expression.expression;
    return ts.isPropertyAccessExpression(callee) && PASS_THROUGH.has(callee.name.text) ? bareTexts(callee.expression) : [];
  }
  return [];
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

function runsAtLoad(node: ts.Node): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (ts.isFunctionLike(at) || ts.isPropertyDeclaration(at)) return false;
  }
  return true;
}

/** Problems in one file's text; `fileName` decides TS or TSX parsing and is echoed in nothing else. */
export function scanForBypasses(fileName: string, text: string, options: ScanOptions = {}): Finding[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const findings: Finding[] = [];
  const report = (node: ts.Node, problem: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    if (lines[line]?.includes('l10n-ignore')) return;
    findings.push({ line: line + 1, text: node.getText(source).slice(0, 120), problem });
  };
  const sink = (expression: ts.Expression | undefined, where: string) => {
    if (expression) for (const bare of bareTexts(expression)) report(bare, `user text in ${where} without l10n.t`);
  };

  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) checkL10nCall(node as ts.CallExpression);
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (name && TEXT_CALLS.has(name)) node.arguments.forEach((arg) => sink(arg, `${name}()`));
      if (name && name in TEXT_ARGUMENT) sink(node.arguments[TEXT_ARGUMENT[name]], `${name}()`);
      if (name === 'showQuickPick' && node.arguments[0] && ts.isArrayLiteralExpression(node.arguments[0])) sink(node.arguments[0], 'showQuickPick() items');
      // The webview's element builder: h(tag, attributes, ...children) with text children.
      if (name === 'h') node.arguments.slice(2).forEach((arg) => sink(arg, 'an element\'s text'));
    }
    if (ts.isNewExpression(node)) {
      const name = calleeName(node.expression);
      if (name && name in TEXT_CONSTRUCTORS) sink(node.arguments?.[TEXT_CONSTRUCTORS[name]], `new ${name}()`);
    }
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      if (name && TEXT_PROPERTIES.has(name)) sink(node.initializer, `'${name}'`);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const name = node.left.name.text;
      if (ASSIGNED_TEXT_PROPERTIES.has(name)) sink(node.right, `.${name} =`);
    }
    ts.forEachChild(node, visit);
  };

  const checkL10nCall = (call: ts.CallExpression) => {
    const [message, ...args] = call.arguments;
    if (!message || !(ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message))) {
      report(call, 'l10n.t needs a literal message (@vscode/l10n-dev extracts literals only); pass values as {0}, {1}');
      return;
    }
    const used = [...message.text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
    const expected = used.length ? Math.max(...used) + 1 : 0;
    const named = args.length === 1 && ts.isObjectLiteralExpression(args[0]);
    if (!named && (expected !== args.length || new Set(used).size !== expected)) report(call, `l10n.t message has placeholders {0}..{${expected - 1}} but ${args.length} argument(s)`);
    if (!options.topLevelAllowed && runsAtLoad(call)) report(call, 'l10n.t runs when the module loads, before the bundle may be loaded: call it inside a function or getter');
  };

  visit(source);
  return findings;
}
