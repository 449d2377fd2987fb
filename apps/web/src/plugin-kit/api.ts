// The JSX-free part of the plugin kit (API client and money helpers), so a plugin's API module and
// its unit tests load without the UI.
export { api, ApiError, errorMessage } from '../api';
export { request, type ApiPath, type BodyOf, type QueryOf, type ResponseOf } from '../api/types';
export { pluginPath, type Localized } from '../features/plugins/plugins.api';
export { currentMonth, fenFromYuanText, formatYuan, yuanFromFen } from '../money-format';
