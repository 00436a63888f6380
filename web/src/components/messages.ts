// The shared components' messages and the error codes' (web/src/i18n/{ja,en}/common.ts): added when a
// signed-in page first uses them, so none of it is in the door kiosk's first load.
import { addMessages } from '../i18n/index.js';
import ja from '../i18n/ja/common.js';

void addMessages(ja, () => import('../i18n/en/common.js'));
