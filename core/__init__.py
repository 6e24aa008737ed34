"""The shared kernel: contracts and small pure helpers every package may import.

Nothing here imports another salesbot package, a database or a vendor SDK.
"""
