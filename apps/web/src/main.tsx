import { render } from 'solid-js/web';
import { App } from './app';
import { loadMessages } from './i18n';
// The stylesheet in cascade order, one file per part of the UI.
import './styles/base.css';
import './styles/shell.css';
import './styles/tables.css';
import './styles/forms.css';
import './styles/notices.css';
import './styles/policies.css';
import './styles/people.css';
import './styles/admin.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root">');
// The shell's messages (one small chunk, current language only) come before the first paint.
void loadMessages(['app']).finally(() => render(() => <App />, root));
