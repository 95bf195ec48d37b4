"""The official Python SDK (python3-twilio) places and manages calls and recordings on Dialtone.

Run by test/api/python-sdk.test.ts with DIALTONE_URL, DIALTONE_SID and DIALTONE_TOKEN set and
NO_PROXY covering 127.0.0.1. The platform runs on the system clock, so calls take real seconds.
Virtual phones are driven with the simulated network's control API (JSON, HTTP Basic with the
same credentials).
"""
import os
import sys
import time

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

URL, SID, TOKEN = os.environ["DIALTONE_URL"], os.environ["DIALTONE_SID"], os.environ["DIALTONE_TOKEN"]
client = Client(SID, TOKEN)
client.api.base_url = URL
FINAL = ("completed", "busy", "failed", "no-answer", "canceled")


def new_phone(**options):
    """A virtual phone of the account; its number."""
    response = requests.post(URL + "/sim/v1/Phones", json=dict(ringSeconds=0, **options), auth=(SID, TOKEN))
    assert response.status_code == 201, response.text
    return response.json()["number"]


def heard(call_sid):
    """What the phone experienced on the call: its transcript events."""
    response = requests.get(URL + "/sim/v1/Calls/%s/Transcript" % call_sid, auth=(SID, TOKEN))
    assert response.status_code == 200, response.text
    return response.json()["events"]


def until(predicate, seconds=20):
    """The first truthy value of predicate(), polled for up to `seconds`."""
    deadline = time.time() + seconds
    while not (value := predicate()):
        assert time.time() < deadline, "condition not met in %d s" % seconds
        time.sleep(0.05)
    return value


def ended(call_sid):
    """The call, once it has reached a final status."""
    def final():
        call = client.calls(call_sid).fetch()
        return call if call.status in FINAL else None
    return until(final)


def refused_with(attempt):
    """The Twilio error code the SDK call is refused with (TwilioRestException.code)."""
    try:
        attempt()
    except TwilioRestException as err:
        return err.code
    raise AssertionError("expected a TwilioRestException")


number = client.incoming_phone_numbers.create(area_code="415").phone_number
phone = new_phone(name="py callee")

# Twilio's classic quick start, as its docs write it.
call = client.calls.create(to=phone, from_=number, url="http://twimlets.com/message?Message%5B0%5D=Hello%20World")
assert call.sid.startswith("CA") and call.status == "queued", (call.sid, call.status)
assert ended(call.sid).status == "completed"
said = [e["text"] for e in heard(call.sid) if e["event"] == "say"]
assert said == ["Hello World"], said
print("ok - the quick start's call to a virtual phone says Hello World")

fetched = client.calls(call.sid).fetch()
assert fetched.to == phone and fetched.from_ == number and fetched.direction == "outbound-api"
assert fetched.start_time is not None and fetched.end_time is not None and fetched.start_time <= fetched.end_time, "RFC 2822 dates parse"
assert fetched.date_created is not None and fetched.date_updated is not None
assert isinstance(fetched.duration, str) and fetched.duration.isdigit(), fetched.duration
assert isinstance(fetched.queue_time, str) and fetched.queue_time.isdigit(), fetched.queue_time
assert fetched.price is None and fetched.parent_call_sid is None
assert fetched.subresource_uris["recordings"].endswith("/Calls/%s/Recordings.json" % call.sid), fetched.subresource_uris
print("ok - fetches the call with Twilio's field types")

holding = client.calls.create(to=phone, from_=number, twiml='<Response><Pause length="600"/></Response>')
until(lambda: client.calls(holding.sid).fetch().status == "in-progress")
hung_up = client.calls(holding.sid).update(status="completed")
assert hung_up.status == "completed", hung_up.status
assert heard(holding.sid)[-1]["event"] == "hangup"
print("ok - update(status='completed') hangs up an in-progress call")

listed = [c.sid for c in client.calls.list(to=phone, page_size=1)]
assert listed == [holding.sid, call.sid], "newest first, across pages: %r" % listed
assert [c.sid for c in client.calls.list(to=phone, status="completed", from_=number)] == listed
assert client.calls.list(to=phone, status="busy") == []
print("ok - lists calls with To, From and Status filters across pages")

assert client.calls(holding.sid).delete() is True
assert refused_with(lambda: client.calls(holding.sid).fetch()) == 20404
print("ok - deletes an ended call")

caller = new_phone(name="py voicemail", script=[{"waitFor": "beep"}, {"speak": "hello this is a test"}])
recorded = client.calls.create(to=caller, from_=number, twiml='<Response><Record timeout="1" maxLength="10" transcribe="true"/></Response>')
ended(recorded.sid)
recordings = client.calls(recorded.sid).recordings.list()
assert len(recordings) == 1, recordings
recording = client.recordings(recordings[0].sid).fetch()
assert recording.call_sid == recorded.sid and recording.source == "RecordVerb" and recording.status == "completed"
assert recording.channels == 1 and isinstance(recording.duration, str) and int(recording.duration) >= 1, (recording.channels, recording.duration)
assert recording.sid in [r.sid for r in client.recordings.list(call_sid=recorded.sid)]
# python3-twilio 7.7 predates media_url: the media is the resource's URI without ".json".
audio = requests.get(URL + recording.uri[: -len(".json")], auth=(SID, TOKEN))
assert audio.headers["content-type"] == "audio/x-wav" and audio.content[:4] == b"RIFF", audio.headers
transcriptions = [t for t in client.transcriptions.list() if t.recording_sid == recording.sid]
assert [t.transcription_text for t in transcriptions] == ["hello this is a test"], transcriptions
assert client.recordings(recording.sid).delete() is True
assert refused_with(lambda: client.recordings(recording.sid).fetch()) == 20404
assert refused_with(lambda: client.transcriptions(transcriptions[0].sid).fetch()) == 20404
print("ok - lists, fetches and deletes a <Record> recording and its transcription")

assert refused_with(lambda: client.calls.create(to="", from_=number, url="http://twimlets.com/message?Message=x")) == 21201
assert refused_with(lambda: client.calls.create(to=phone, from_="+14155550199", url="http://twimlets.com/message?Message=x")) == 21210
assert refused_with(lambda: client.calls.create(to="not a number", from_=number, url="http://twimlets.com/message?Message=x")) == 21211
print("ok - surfaces Twilio's error codes 21201, 21210, 21211")

print("all python voice checks passed")
sys.exit(0)
