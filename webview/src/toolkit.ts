// The only file that registers @vscode/webview-ui-toolkit components (Microsoft stopped
// maintaining it in January 2025; keeping it behind this file and webview/ keeps a move to
// @vscode-elements/elements small). The rest of the panel creates the elements by tag name.
// No vscode-badge: its template binds a style attribute, which the panel's CSP (no
// 'unsafe-inline') refuses; the count badge is a styled span instead.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeTextArea,
} from '@vscode/webview-ui-toolkit';

export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDivider(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodeTextArea(),
  );
}

/** What the panel uses of the toolkit's form elements: a value, a checked state, a disabled state. */
export interface ValueElement extends HTMLElement {
  value: string;
  disabled: boolean;
}

export interface CheckElement extends HTMLElement {
  checked: boolean;
  disabled: boolean;
}
