"""The official Python SDK (python3-twilio) sends and manages messages on Dialtone.

Run by test/api/python-sdk.test.ts with DIALTONE_URL, DIALTONE_SID and DIALTONE_TOKEN set, and
the account's test credentials in DIALTONE_TEST_SID and DIALTONE_TEST_TOKEN.
"""
import base64
import datetime
import http.server
import json
import os
import sys
import threading
import urllib.request

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from polling import wait_for

URL, SID, TOKEN = os.environ["DIALTONE_URL"], os.environ["DIALTONE_SID"], os.environ["DIALTONE_TOKEN"]
client = Client(SID, TOKEN)
client.api.base_url = URL


def sim(method, path, body=None):
    """The simulated network's control API (JSON, same credentials)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(URL + "/sim/v1" + path, data=data, method=method)
    request.add_header("Authorization", "Basic " + base64.b64encode(("%s:%s" % (SID, TOKEN)).encode()).decode())
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"{}")


def code_of(call):
    try:
        call()
    except TwilioRestException as err:
        return err.code
    raise AssertionError("expected the call to be refused")


number = client.incoming_phone_numbers.create(area_code="617").phone_number
phone = "+16505550400"
sim("POST", "/Phones", {"number": phone, "name": "py phone"})

sent = [client.messages.create(to=phone, from_=number, body="hello %d" % i) for i in range(5)]
assert all(m.sid.startswith("SM") and m.status == "queued" for m in sent), sent
for m in sent:
    wait_for(lambda: client.messages(m.sid).fetch().status == "delivered")
print("ok - sends five messages and each is delivered")

listed = client.messages.list(from_=number, to=phone, page_size=2)
assert [m.sid for m in listed] == [m.sid for m in reversed(sent)], "newest first, across pages"
today = datetime.datetime.now(datetime.timezone.utc).date()
assert len(client.messages.list(from_=number, date_sent=today)) == 5
assert len(client.messages.list(from_=number, date_sent_before=today)) == 0
an_hour_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
assert len(client.messages.list(from_=number, date_sent_after=an_hour_ago)) == 5
print("ok - lists with From, To and DateSent filters across pages")

redacted = client.messages(sent[0].sid).update(body="")
assert redacted.body == ""
assert client.messages(sent[1].sid).delete() is True
assert code_of(lambda: client.messages(sent[1].sid).fetch()) == 20404
print("ok - redacts and deletes")

# The media are the app's own, served from here: the platform fetches and keeps a copy.
PICTURES = {"/a.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png"), "/b": (b"\xff\xd8\xff\xe0" + bytes(range(200)), "image/jpeg")}


class Pictures(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        content, kind = PICTURES.get(self.path, (b"", ""))
        self.send_response(200 if content else 404)
        self.send_header("Content-Type", kind or "text/plain")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


pictures = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pictures)
threading.Thread(target=pictures.serve_forever, daemon=True).start()
origin = "http://127.0.0.1:%d" % pictures.server_address[1]
mms = client.messages.create(to=phone, from_=number, media_url=[origin + "/a.png", origin + "/b"])
assert mms.sid.startswith("MM") and mms.num_media == "2"
wait_for(lambda: client.messages(mms.sid).fetch().status == "delivered")
media = client.messages(mms.sid).media.list()
assert sorted(m.content_type for m in media) == ["image/jpeg", "image/png"]
for m in media:
    request = urllib.request.Request(URL + m.uri.replace(".json", ""))
    request.add_header("Authorization", "Basic " + base64.b64encode(("%s:%s" % (SID, TOKEN)).encode()).decode())
    with urllib.request.urlopen(request) as response:
        expected = PICTURES["/a.png" if m.content_type == "image/png" else "/b"][0]
        assert response.read() == expected and response.headers["Content-Type"] == m.content_type, m.sid
pictures.shutdown()
print("ok - MMS with media, copied and served back")

first = client.messages(mms.sid).media(media[0].sid).fetch()
assert first.parent_sid == mms.sid and first.content_type in ("image/jpeg", "image/png"), first
assert isinstance(first.date_created, datetime.datetime)
assert client.messages(mms.sid).media(first.sid).delete() is True
assert [m.sid for m in client.messages(mms.sid).media.list()] == [media[1].sid]
assert code_of(lambda: client.messages(mms.sid).media(first.sid).fetch()) == 20404
print("ok - fetches and deletes media")

later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=30)
scheduled = client.messages.create(to=phone, from_=number, body="see you later", send_at=later, schedule_type="fixed")
assert scheduled.status == "scheduled", scheduled.status
canceled = client.messages(scheduled.sid).update(status="canceled")
assert canceled.status == "canceled"
assert client.messages(scheduled.sid).fetch().status == "canceled"
assert code_of(lambda: client.messages(scheduled.sid).update(status="canceled")) == 30409
pending = client.messages.create(to=phone, from_=number, body="not yet", send_at=later, schedule_type="fixed")
assert code_of(lambda: client.messages(pending.sid).delete()) == 20009
assert code_of(lambda: client.messages(pending.sid).update(body="rewritten")) == 30400
assert client.messages(pending.sid).update(status="canceled").status == "canceled"
too_soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=4)
assert code_of(lambda: client.messages.create(to=phone, from_=number, body="x", send_at=too_soon, schedule_type="fixed")) == 35114
print("ok - schedules and cancels a message")

assert code_of(lambda: client.messages.create(to="nope", from_=number, body="x")) == 21211
assert code_of(lambda: client.messages.create(to=phone, from_="nope", body="x")) == 21212
assert code_of(lambda: client.messages.create(to=phone, from_=number)) == 21602
assert code_of(lambda: client.messages.create(to=phone, from_=number, body="x" * 1601)) == 21617
assert code_of(lambda: client.messages.create(to=phone, from_="+14155550000", body="x")) == 21606
assert code_of(lambda: client.messages.create(to=phone, from_=number, media_url=["not a url"])) == 21620
assert code_of(lambda: client.messages.create(to=phone, from_=number, body="x", validity_period=0)) == 90007
print("ok - surfaces Twilio's error codes")

# Test credentials answer with Twilio's magic numbers, the codes only they give on a simulation.
test_client = Client(os.environ["DIALTONE_TEST_SID"], os.environ["DIALTONE_TEST_TOKEN"])
test_client.api.base_url = URL
assert test_client.messages.create(to="+14155550100", from_="+15005550006", body="hi").status == "queued"
for from_, to, code in [("+15005550001", "+14155550100", 21212), ("+15005550007", "+14155550100", 21606),
                        ("+15005550006", "+15005550001", 21211), ("+15005550006", "+15005550003", 21408),
                        ("+15005550006", "+15005550004", 21610), ("+15005550006", "+15005550009", 21614)]:
    assert code_of(lambda: test_client.messages.create(to=to, from_=from_, body="x")) == code, (from_, to, code)
print("ok - test credentials answer with the magic numbers' codes")

# Five texts and the MMS (delivered asynchronously: wait for it).
inbox = lambda: sim("GET", "/Phones/%s/Messages" % urllib.request.quote(phone))["messages"]
wait_for(lambda: sum(1 for m in inbox() if m["direction"] == "in") == 6)

sim("POST", "/Phones/%s/Messages" % urllib.request.quote(phone), {"to": number, "body": "STOP"})
wait_for(lambda: any(m["direction"] == "in" and m["body"].startswith("You have successfully been unsubscribed") for m in inbox()))
assert code_of(lambda: client.messages.create(to=phone, from_=number, body="still there?")) == 21610
print("ok - a recipient who texted STOP is refused with 21610")

# Phones that make delivery fail, and a number no phone has: Twilio's statuses and codes.
outcomes = [("+16505550411", "unreachable", "undelivered", 30003), ("+16505550412", "undeliverable", "undelivered", 30006),
            ("+16505550413", "filtered", "undelivered", 30007), ("+16505550414", "fail", "failed", 30008), ("+16505559997", None, "undelivered", 30005)]
for to, mode, status, code in outcomes:
    if mode:
        sim("POST", "/Phones", {"number": to, "sms": mode})
    m = client.messages.create(to=to, from_=number, body="will it arrive?")
    final = wait_for(lambda: (lambda f: f if f.status in ("delivered", "undelivered", "failed") else None)(client.messages(m.sid).fetch()))
    assert (final.status, final.error_code) == (status, code), (to, final.status, final.error_code)
print("ok - delivery failures end with Twilio's statuses and codes (30003, 30005, 30006, 30007, 30008)")
print("all python messaging checks passed")
sys.exit(0)
