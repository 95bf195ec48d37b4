"""The official Python SDK (python3-twilio) forwards a call with <Dial> and lists its child call.

Run by test/sdk/dial.test.ts with DIALTONE_URL, DIALTONE_SID, DIALTONE_TOKEN and DIALTONE_FROM
(a number the account owns) set. Virtual phones are made with the sim control API.
"""
import os
import sys
import time

import requests
from twilio.rest import Client

URL, SID, TOKEN, FROM = (os.environ[k] for k in ("DIALTONE_URL", "DIALTONE_SID", "DIALTONE_TOKEN", "DIALTONE_FROM"))
client = Client(SID, TOKEN)
client.api.base_url = URL


def new_phone(**options):
    response = requests.post(URL + "/sim/v1/Phones", json=dict(ringSeconds=0, **options), auth=(SID, TOKEN))
    assert response.status_code == 201, response.text
    return response.json()["number"]


first = new_phone(script=[{"waitFor": "bridged"}, {"speak": "hello"}])
second = new_phone(script=[{"waitFor": "say", "match": "hello"}, {"hangup": True}])
parent = client.calls.create(to=first, from_=FROM, twiml="<Response><Dial><Number>%s</Number></Dial></Response>" % second)
deadline = time.time() + 20
while client.calls(parent.sid).fetch().status != "completed":
    assert time.time() < deadline, "the parent call did not complete"
    time.sleep(0.05)
children = client.calls.list(parent_call_sid=parent.sid)
assert len(children) == 1, children
child = children[0]
assert child.parent_call_sid == parent.sid and child.direction == "outbound-dial", (child.parent_call_sid, child.direction)
assert child.to == second and child.status == "completed", (child.to, child.status)
print("ok - creates a <Dial> call and lists its child with parent_call_sid")
print("all python dial checks passed")
sys.exit(0)
