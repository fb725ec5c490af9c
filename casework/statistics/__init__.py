"""Statistics of the casework (issue #8): non-personal facts kept for every case, refreshed
by a periodic task, and the charts the back office and the public pages draw from them."""
