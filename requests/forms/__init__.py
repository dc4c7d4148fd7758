"""Forms of the request (rfa), HCT (hct) and task (tasking) pages. They validate input; the services write."""
