"""What tests and scripts share to run the real parts: the reference gateway as a process
with a movable clock, and the suite's moment. Never imported by the product."""
