export type ValidationStatus = 'SUCCESSFUL' | 'FAILED' | 'SKIPPED';

export interface Validation {
  validationStatus: ValidationStatus;
  message: string;
}

/** How one resource type is marked as a drill's and proven usable. */
export interface ResourceCheck {
  /** Adds `tags` to the restored resource, keeping its other tags. */
  tag(createdResourceArn: string, tags: Record<string, string>): Promise<void>;
  check(createdResourceArn: string): Promise<Validation>;
  /** SDK error names meaning the resource does not exist. */
  readonly notFoundErrors: readonly string[];
}

export const passed = (message: string): Validation => ({ validationStatus: 'SUCCESSFUL', message });
export const failed = (message: string): Validation => ({ validationStatus: 'FAILED', message });
