/*
 * The tag that marks what a DR drill created (the restored resource, the Aurora writer instance the drill adds): its
 * value is the drill ID (the execution name). The state machine sets it on what it creates itself and the clean-up
 * deletes nothing without it, so both sides read it here (this file imports nothing).
 */
export const DRILL_TAG_KEY = 'backup-drill';
