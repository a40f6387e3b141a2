/**
 * The {@code iommuc.policy/v1} policy (docs/policy.md): records for every part of it,
 * {@link dev.iommuc.policy.PolicyLoader} (safe SnakeYAML composition, every problem located),
 * the built-in {@link dev.iommuc.policy.Profiles}, {@link dev.iommuc.policy.PolicyLayering} of a
 * user file over its profile, and {@link dev.iommuc.policy.PolicyBinder}, which resolves selectors
 * against a device tree. The resolver and planner read a {@link dev.iommuc.policy.BoundPolicy}.
 */
package dev.iommuc.policy;
