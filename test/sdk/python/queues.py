"""The official Python SDK (python3-twilio) manages call queues on Dialtone.

Run by test/api/queues.test.ts with DIALTONE_URL, DIALTONE_SID and DIALTONE_TOKEN set.
"""
import os
import sys

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

URL, SID, TOKEN = os.environ["DIALTONE_URL"], os.environ["DIALTONE_SID"], os.environ["DIALTONE_TOKEN"]
client = Client(SID, TOKEN)
client.api.base_url = URL

queue = client.queues.create(friendly_name="python-support", max_size=7)
assert queue.sid.startswith("QU") and queue.max_size == 7 and queue.current_size == 0, queue
print("ok - create")
fetched = client.queues(queue.sid).fetch()
assert fetched.friendly_name == "python-support" and fetched.average_wait_time == 0
print("ok - fetch")
updated = client.queues(queue.sid).update(max_size=9, friendly_name="python-sales")
assert updated.max_size == 9 and updated.friendly_name == "python-sales"
print("ok - update")
assert any(q.sid == queue.sid for q in client.queues.list())
assert client.queues(queue.sid).members.list() == []
print("ok - list queues and members")
try:
    client.queues.create(friendly_name="python-sales")
    sys.exit("a duplicate FriendlyName was accepted")
except TwilioRestException as err:
    assert err.code == 20001 and err.status == 400, err
print("ok - duplicate refused")
assert client.queues(queue.sid).delete() is True
print("all python queue checks passed")
