/** The log helpers live with the engine's evaluation code (server's what-if uses them too). */
export { inTimeOrder, recordContext, scoreRecord } from '../../engine/evaluation/decision-log.js';
