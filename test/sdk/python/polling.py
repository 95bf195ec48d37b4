"""Waiting, for the Python SDK scripts: messages and calls move through durable jobs, so checks poll."""
import time


def wait_for(predicate, seconds=10):
    """The first truthy value of `predicate()`, polled every 50 ms; AssertionError after `seconds`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")
