// The notes panel front-end. It talks to the extension only through the typed
// protocol in src/shared; the panel itself arrives with the live-notes work.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeTextArea } from '@vscode/webview-ui-toolkit';
import { isPanelToExtension, type PanelToExtension } from '../../src/shared/protocol';

declare function acquireVsCodeApi(): { postMessage(message: PanelToExtension): void };

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextArea());

const vscode = acquireVsCodeApi();
const ready: PanelToExtension = { type: 'ready' };
if (isPanelToExtension(ready)) vscode.postMessage(ready);
