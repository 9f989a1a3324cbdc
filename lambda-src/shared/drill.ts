/** Tag that marks a resource as restored by a DR drill; its value is the drill ID. Cleanup deletes nothing without it. */
export const DRILL_TAG_KEY = 'backup-drill';
