"""WHIP publisher on aiortc: sends a generated 440 Hz tone as Opus for a number of seconds.

Usage: whip_publisher.py <whip-url> <bearer-token> <seconds>
Prints one JSON line: {"status", "connected", "deleted"}.
"""
import asyncio
import fractions
import json
import math
import sys
import time

import numpy
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamTrack
from av import AudioFrame

from whep_listener import http

RATE = 48000
FRAME = 960  # 20 ms


class ToneTrack(MediaStreamTrack):
    kind = "audio"

    def __init__(self):
        super().__init__()
        self._pts = 0
        self._start = None

    async def recv(self):
        if self._start is None:
            self._start = time.time()
        wait = self._start + self._pts / RATE - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        t = (numpy.arange(FRAME) + self._pts) / RATE
        samples = (0.3 * 32767 * numpy.sin(2 * math.pi * 440 * t)).astype("int16").reshape(1, -1)
        frame = AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, RATE)
        self._pts += FRAME
        return frame


async def main(url, token, seconds):
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.addTransceiver(ToneTrack(), direction="sendonly")
    connected = asyncio.Event()

    @pc.on("connectionstatechange")
    def on_state():
        if pc.connectionState == "connected":
            connected.set()

    await pc.setLocalDescription(await pc.createOffer())
    status, answer, location = http("POST", url, token, pc.localDescription.sdp.encode(), "application/sdp")
    result = {"status": status, "connected": False, "deleted": None}
    if status != 201:
        result["body"] = answer
        print(json.dumps(result), flush=True)
        return
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
    try:
        await asyncio.wait_for(connected.wait(), timeout=10)
        result["connected"] = True
        print(json.dumps({"event": "connected"}), flush=True)
        await asyncio.sleep(seconds)
    except asyncio.TimeoutError:
        pass
    base = url.split("/whip/")[0]
    result["deleted"] = http("DELETE", base + location, token)[0]
    await pc.close()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
