"""The approval policy: its model, the bundled default and a loader with file:line errors.

>>> policy = load_policy()                     # doctest: +SKIP
>>> policy.screening.hit_threshold             # doctest: +SKIP
0.92
"""

from pricing_engine.policy.loader import (
    PolicyError,
    bundled_policy_path,
    iter_policy_errors,
    load_policy,
    policy_hash,
)
from pricing_engine.policy.model import (
    ApprovalRule,
    ControlRule,
    DiscountTier,
    Embargo,
    EndUse,
    EnhancedReview,
    MarginLimits,
    Policy,
    RegionEmbargo,
    Severity,
    in_force,
)

__all__ = [
    "ApprovalRule",
    "ControlRule",
    "DiscountTier",
    "Embargo",
    "EndUse",
    "EnhancedReview",
    "MarginLimits",
    "Policy",
    "PolicyError",
    "RegionEmbargo",
    "Severity",
    "bundled_policy_path",
    "in_force",
    "iter_policy_errors",
    "load_policy",
    "policy_hash",
]
