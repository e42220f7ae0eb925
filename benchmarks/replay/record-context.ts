/** The log helpers live with the engine's evaluation code (server's what-if uses them too). */
export { inTimeOrder, learningRewardOf, recordContext, scoreRecord } from '../../engine/evaluation/decision-log.js';
