// The register's messages: Japanese with the pages' chunk, English when chosen.
import { addMessages } from '../../i18n/index.js';
import ja from '../../i18n/ja/configuration.js';

void addMessages(ja, () => import('../../i18n/en/configuration.js'));
