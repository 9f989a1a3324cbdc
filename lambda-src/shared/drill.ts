/** Tag that marks a resource as restored by a DR drill; its value is the drill ID. Cleanup deletes nothing without it. */
export { DRILL_TAG_KEY } from '../../config/function-contract/drill-tag';
