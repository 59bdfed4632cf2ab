"""What other workflows hear about a household without this app knowing them.

`household_left`: the newcomer stopped, or withdrew consent to share their profile with a
group. Sent inside the transaction that records it, so receivers act atomically with it.
"""

from django.dispatch import Signal

household_left = Signal()
