"""The medical-insurance side of the gateway, shaped like the national platform's
transaction set (1101, 2201/2204, 2206, 2207, 2208, 2601): an interface, the emulated
insurer, the policy that splits a bill, and the hospital's own settlement ledger."""
