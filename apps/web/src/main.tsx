import { render } from 'solid-js/web';
import { App } from './app';
import { loadMessages } from './i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root">');
// The shell's messages (one small chunk, current language only) come before the first paint.
void loadMessages(['app']).finally(() => render(() => <App />, root));
