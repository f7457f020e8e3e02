"""The fault suite: a hostile site on loopback, storage faults; each case asserts the outcome
and that what was archived before the fault is still there."""
